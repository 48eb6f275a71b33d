/**
 * The Bernoulli family: one unit is Neural Bayes' binary L(x) with the two states [1 − L, L]; several units are
 * independent bits. Against sums over all bit vectors and Monte Carlo.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/data/rng.ts';
import { FAMILIES, featureWidth, features } from '../../src/families/index.ts';
import { expectWithinError, scalar, totalProbability } from './stats.ts';

const bernoulli = FAMILIES.bernoulli;
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const N = 3;
const raw = tf.tensor2d([
  [0.3, -1.0, 2.0],
  [-0.4, 0.1, 1.5],
]);
const other = tf.tensor2d([
  [1.0, 0.0, -1.0],
  [0.5, -0.3, 0.2],
]);
const P = (raw.arraySync() as number[][]).map((row) => row.map(sigmoid));
const Q = (other.arraySync() as number[][]).map((row) => row.map(sigmoid));

/** The 2^N bit vectors. */
const ALL_BITS = Array.from({ length: 2 ** N }, (_, i) => Array.from({ length: N }, (_, d) => (i >> d) & 1));
/** log p(bits) of independent units with probabilities p, in float64. */
const logBits = (bits: number[], p: number[]) => bits.reduce((s, v, d) => s + Math.log(v ? p[d] : 1 - p[d]), 0);

/** Per row, `draws` bit vectors drawn from its unit probabilities. */
function drawBits(probs: number[][], draws: number, seed: string): [number, number[]][] {
  const rng = makeRng(seed);
  const draw = (p: number[]) => p.map((pd) => (rng.uniform() < pd ? 1 : 0));
  return probs.flatMap((p, b) => Array.from({ length: draws }, (): [number, number[]] => [b, draw(p)]));
}

describe('bernoulli family', () => {
  it('one unit: L(x) = σ(a) of shape [B], the states [1 − L, L], two explicit states', () => {
    const one = tf.tensor2d([[0.3], [-2.0]]);
    const { output, probs } = bernoulli.activate(one, 1);
    expect(output.shape).toEqual([2]);
    const L = [sigmoid(0.3), sigmoid(-2.0)];
    (output.arraySync() as number[]).forEach((l, b) => expect(l).toBeCloseTo(L[b], 6));
    (probs!.arraySync() as number[][]).forEach((row, b) => {
      expect(row[0]).toBeCloseTo(1 - L[b], 6);
      expect(row[1]).toBeCloseTo(L[b], 6);
    });
    expect(featureWidth({ family: 'bernoulli', size: 1 })).toBe(2);
    expect(features({ family: 'bernoulli', size: 1 }, one).shape).toEqual([2, 2]);
    const states = bernoulli.explicit(1)!;
    expect(states.states).toBe(2);
    const [p0, p1] = states.toStates(tf.tensor1d([0.3])).arraySync() as number[];
    expect([p0, p1].map((p) => Math.round(p * 1e6) / 1e6)).toEqual([0.7, 0.3]);
    expect(states.toStates(tf.tensor1d([0.7, 0.3])).arraySync()).toEqual(tf.tensor1d([0.7, 0.3]).arraySync());
    const l = states.fromStates(tf.tensor1d([0.7, 0.3]));
    expect(l.shape).toEqual([]);
    expect(l.dataSync()[0]).toBeCloseTo(0.3, 6);
  });

  it('several units: independent bits σ(a) of shape [B, n], no explicit states', () => {
    const { output, probs } = bernoulli.activate(raw, N);
    expect(output.shape).toEqual([2, N]);
    const bits = output.arraySync() as number[][];
    bits.forEach((row, b) => row.forEach((p, d) => expect(p).toBeCloseTo(P[b][d], 6)));
    expect(probs).toBeUndefined();
    expect(bernoulli.explicit(N)).toBeUndefined();
    expect(featureWidth({ family: 'bernoulli', size: N })).toBe(N);
    expect(features({ family: 'bernoulli', size: N }, raw).shape).toEqual([2, N]);
    expect(bernoulli.sample).toBeUndefined();
  });

  it('log-density: Σ_d log p(v_d), summing to 1 over all 2^n bit vectors', () => {
    const bits = tf.tensor2d(ALL_BITS);
    const logP = bernoulli.logDensity!(tf.expandDims(bits, 1), tf.expandDims(raw, 0)).arraySync() as number[][];
    expect(logP.length).toBe(2 ** N); // [2^n, B]
    logP.forEach((row, i) => row.forEach((l, b) => expect(l).toBeCloseTo(logBits(ALL_BITS[i], P[b]), 5)));
    totalProbability(logP).forEach((total) => expect(total).toBeCloseTo(1, 5));
  });

  it('entropy and KL to the uniform prior: sums over the bit vectors and Monte Carlo', () => {
    const entropyOf = (p: number[]) => -ALL_BITS.reduce((s, v) => s + Math.exp(logBits(v, p)) * logBits(v, p), 0);
    const entropy = (entropyOf(P[0]) + entropyOf(P[1])) / 2;
    expect(scalar(bernoulli.entropy!(raw, N))).toBeCloseTo(entropy, 5);
    const samples = drawBits(P, 20_000, 'bits');
    expectWithinError(
      samples.map(([b, bits]) => -logBits(bits, P[b])),
      entropy,
    );
    expect(scalar(bernoulli.crossEntropyToPrior!(raw, N))).toBeCloseTo(N * Math.log(2), 6);
    const kl = scalar(bernoulli.klToPrior!(raw, N));
    expectWithinError(
      samples.map(([b, bits]) => logBits(bits, P[b]) + N * Math.log(2)),
      kl,
    );
  });

  it('one unit: the entropy of the states [1 − L, L] and KL to U(2) = log 2 − H', () => {
    const one = tf.tensor2d([[0.3], [-2.0]]);
    const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    const entropy = (h(sigmoid(0.3)) + h(sigmoid(-2.0))) / 2;
    expect(scalar(bernoulli.entropy!(one, 1))).toBeCloseTo(entropy, 5);
    expect(scalar(bernoulli.klToPrior!(one, 1))).toBeCloseTo(Math.log(2) - entropy, 5);
  });

  it('cross-entropy and KL between two members against Monte Carlo', () => {
    const samples = drawBits(P, 20_000, 'between');
    const [ce, kl] = [bernoulli.crossEntropyBetween!(raw, other, N), bernoulli.klBetween!(raw, other, N)].map(scalar);
    expectWithinError(
      samples.map(([b, bits]) => -logBits(bits, Q[b])),
      ce,
    );
    expectWithinError(
      samples.map(([b, bits]) => logBits(bits, P[b]) - logBits(bits, Q[b])),
      kl,
    );
    expect(scalar(bernoulli.klBetween!(raw, raw, N))).toBeCloseTo(0, 5);
  });
});
