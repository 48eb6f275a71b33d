/** R_c (Neural Bayes Eq. 4) on probabilities and on logits, and why the choice matters for DMS. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, variable } from '../../src/expr/index.ts';
import { smoothnessPenalty } from '../../src/estimators/smoothness.ts';
import { TermContext } from '../../src/term/context.ts';

const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'bernoulli', model: 'L', size: 1 });
// a batch on one line through the origin: every perturbation in its span is ±u
const u = [0.6, 0.8];
const x = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [(i - 3.5) * u[0], (i - 3.5) * u[1]]));
/** The logit s(x) = w·x + b of a linear network. */
const linear = (w: number[], b: number) => ({
  apply: (input: tf.Tensor) => tf.add(tf.matMul(input as tf.Tensor2D, tf.tensor2d(w, [2, 1])), b),
});
const penalty = (w: number[], b: number, on: 'probabilities' | 'logits') =>
  tf.tidy(
    () =>
      smoothnessPenalty(
        L,
        new TermContext({ batch: { X: x }, models: { L: linear(w, b) }, seed: 5 }, new Map([['L', L]])),
        on,
      ).dataSync()[0],
  );

describe('R_c on logits (finite-difference-jacobian-logits)', () => {
  it('is the squared directional derivative of the logit along the span of the batch: (u·w)² for a linear logit', () => {
    const w = [1.5, -0.5];
    const uw = u[0] * w[0] + u[1] * w[1];
    expect(penalty(w, 0, 'logits')).toBeCloseTo(uw * uw, 4);
    expect(penalty([2 * w[0], 2 * w[1]], 0, 'logits')).toBeCloseTo(4 * uw * uw, 3);
  });

  it('does not change when every L(x) shrinks towards 0, while R_c on probabilities vanishes (prior collapse)', () => {
    const w = [1.5, -0.5];
    // a bias of −12 shrinks L(x) = σ(w·x + b) to ≈ e^(w·x − 12): the DMS ratios L/E_x[L] barely change
    expect(penalty(w, -12, 'logits')).toBeCloseTo(penalty(w, 0, 'logits'), 4);
    const centred = penalty(w, 0, 'probabilities');
    const shrunk = penalty(w, -12, 'probabilities');
    expect(centred).toBeGreaterThan(0.01);
    expect(shrunk).toBeLessThan(1e-6 * centred);
  });
});
