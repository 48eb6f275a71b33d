/** The categorical family against sums over its states and Monte Carlo. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/data/rng.ts';
import { FAMILIES } from '../../src/families/index.ts';
import { expectWithinError, scalar, totalProbability } from './stats.ts';

const categorical = FAMILIES.categorical;
const K = 5;
const raw = tf.tensor2d([
  [0.3, -1.0, 2.0, 0.0, 0.5],
  [-0.4, 0.1, 0.2, 1.5, -2.0],
  [0, 0, 0, 0, 0],
]);
const other = tf.tensor2d([
  [1.0, 0.0, -1.0, 0.5, 0.2],
  [0.0, 0.3, -0.7, 0.1, 0.9],
  [2.0, -1.0, 0.0, 0.0, 1.0],
]);

/** softmax of each row, in float64. */
const softmaxRows = (t: tf.Tensor2D) =>
  (t.arraySync() as number[][]).map((row) => {
    const z = row.reduce((s, a) => s + Math.exp(a), 0);
    return row.map((a) => Math.exp(a) / z);
  });
const P = softmaxRows(raw);
const Q = softmaxRows(other);

/** Per row, `draws` states drawn from its probabilities by inverse CDF: [row, state] pairs. */
function drawStates(probs: number[][], draws: number, seed: string): [number, number][] {
  const rng = makeRng(seed);
  return probs.flatMap((p, b) =>
    Array.from({ length: draws }, (): [number, number] => {
      let u = rng.uniform();
      let k = 0;
      while (k < p.length - 1 && u >= p[k]) u -= p[k++];
      return [b, k];
    }),
  );
}

describe('categorical family', () => {
  it('softmax probabilities as output and states; the marginal is explicit with K states', () => {
    expect(categorical.rawWidth(K)).toBe(K);
    const { output, probs } = categorical.activate(raw, K);
    expect(output.shape).toEqual([3, K]);
    expect(probs?.arraySync()).toEqual(output.arraySync());
    const probabilities = output.arraySync() as number[][];
    probabilities.forEach((row, b) => row.forEach((p, k) => expect(p).toBeCloseTo(P[b][k], 6)));
    const states = categorical.explicit(K)!;
    expect(states.states).toBe(K);
    const m = tf.tensor1d([0.1, 0.2, 0.3, 0.2, 0.2]);
    expect(states.toStates(m).arraySync()).toEqual(m.arraySync());
    expect(states.fromStates(m).arraySync()).toEqual(m.arraySync());
    expect(categorical.sample).toBeUndefined();
    expect(categorical.discrete).toBe(true);
  });

  it('log-density of one-hot values: log p_k, and Σ_k p(e_k) = 1 for every row', () => {
    const oneHot = tf.oneHot(tf.range(0, K, 1, 'int32'), K).toFloat(); // [K, K]
    const logP = categorical.logDensity!(tf.expandDims(oneHot, 1), tf.expandDims(raw, 0)).arraySync() as number[][];
    expect(logP.length).toBe(K); // [K, B]
    logP.forEach((row, k) => row.forEach((l, b) => expect(l).toBeCloseTo(Math.log(P[b][k]), 5)));
    totalProbability(logP).forEach((total) => expect(total).toBeCloseTo(1, 5));
  });

  it('entropy −Σ p log p, and KL / cross-entropy to the uniform prior: sums over the states and Monte Carlo', () => {
    const entropy = P.reduce((s, p) => s - p.reduce((t, pk) => t + pk * Math.log(pk), 0), 0) / P.length;
    expect(scalar(categorical.entropy!(raw, K))).toBeCloseTo(entropy, 5);
    expect(scalar(categorical.crossEntropyToPrior!(raw, K))).toBeCloseTo(Math.log(K), 6);
    const kl = scalar(categorical.klToPrior!(raw, K));
    expect(kl).toBeCloseTo(Math.log(K) - entropy, 5);
    // E_{z~p}[log p(z) − log 1/K] at 20 000 draws per row
    expectWithinError(
      drawStates(P, 20_000, 'kl-uniform').map(([b, k]) => Math.log(P[b][k]) + Math.log(K)),
      kl,
    );
  });

  it('cross-entropy and KL between two members: sums over the states and Monte Carlo', () => {
    const ce = P.reduce((s, p, b) => s - p.reduce((t, pk, k) => t + pk * Math.log(Q[b][k]), 0), 0) / P.length;
    expect(scalar(categorical.crossEntropyBetween!(raw, other, K))).toBeCloseTo(ce, 5);
    const kl = scalar(categorical.klBetween!(raw, other, K));
    const samples = drawStates(P, 20_000, 'kl-between');
    expectWithinError(
      samples.map(([b, k]) => Math.log(P[b][k]) - Math.log(Q[b][k])),
      kl,
    );
    expect(scalar(categorical.klBetween!(raw, raw, K))).toBeCloseTo(0, 5);
  });
});
