/**
 * A divergence of a distribution to itself, KL(p ‖ p) = 0 and JSD_w(p, …, p) = 0: an exact constant, whatever the
 * family (the lint warns that such a term adds nothing to the objective).
 */
import * as tf from '@tensorflow/tfjs';
import { free } from '../term/value.ts';
import { unsupported, type Estimator } from './types.ts';

export const identicallyZero: Estimator = {
  name: 'identically-zero',
  source: 'KL(p ‖ p) = 0 and JSD_w(p, …, p) = 0 (Gibbs’ inequality holds with equality)',
  lower: (node) =>
    node.kind === 'kl' || node.kind === 'jsd' ? free(tf.scalar(0)) : unsupported('identically-zero', node),
};
