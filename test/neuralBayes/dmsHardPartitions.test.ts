/**
 * Why DMS alone cannot tell the digit classes from other partitions (docs/reproductions.md, the DMS-CNN rows): the JSD
 * terms of Neural Bayes Eq. 23 reach their maximum log 2 for every hard partition that uses all K states, since
 * p(x|z=k) and p(x|z≠k) then have disjoint supports. Only R_c, R_p and the network decide which partition is learned.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, variable } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { plan } from '../../src/plan/index.ts';
import { makeRng } from '../../src/data/index.ts';

const K = 10;
const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: K });
const compiled = lower(plan(neuralBayes.dmsMulti(L)));

/** Eq. 23's value when sample i is in state `states[i]` with logit margin `sharpness` (the batch is the states). */
const eq23Value = (states: number[], sharpness: number) =>
  tf.tidy(() => {
    const X = tf.tensor2d(states, [states.length, 1]);
    const model = { apply: (x: tf.Tensor) => tf.mul(sharpness, tf.oneHot(tf.cast(tf.squeeze(x, [1]), 'int32'), K)) };
    return compiled.value({ batch: { X }, models: { L: model } }).dataSync()[0];
  });

describe('multi-partition DMS (Eq. 23) on hard partitions', () => {
  const n = 1000;
  const rng = makeRng('dms-hard');
  const balanced = Array.from({ length: n }, (_, i) => i % K);
  const random = Array.from({ length: n }, () => rng.int(K));
  const unbalanced = Array.from({ length: n }, (_, i) => (i < 500 ? 0 : 1 + (i % (K - 1))));

  it('reaches log 2 for any partition using every state, balanced or not, and less when the partition is soft', () => {
    for (const states of [balanced, random, unbalanced]) expect(eq23Value(states, 40)).toBeCloseTo(Math.LN2, 4);
    expect(eq23Value(balanced, 2)).toBeLessThan(Math.LN2 - 0.1);
  });
});
