/** The Gaussian family against closed forms computed independently, quadrature and Monte Carlo. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FAMILIES, gaussianParams, standardNormalLogDensity } from '../../src/families/index.ts';
import { expectWithinError, meanAndError, repeatRows, scalar } from './stats.ts';

const gaussian = FAMILIES.gaussian;
// two rows of a 2-dimensional encoder: [μ₁, μ₂, log σ₁², log σ₂²]
const MEANS = [
  [0.5, -1.2],
  [2.0, 0.3],
];
const LOG_VARS = [
  [-0.7, 0.4],
  [0.9, -1.5],
];
const raw = tf.tensor2d(MEANS.map((m, b) => [...m, ...LOG_VARS[b]]));
const DRAWS = 40_000;

/** log N(v; μ, σ²) of one dimension, in float64. */
const logNormal = (v: number, mean: number, logVar: number) =>
  -0.5 * ((v - mean) ** 2 / Math.exp(logVar) + Math.log(2 * Math.PI) + logVar);
/** log q(v) of row k of `raw`, in float64. */
const logQ = (v: number[], k: number) => v.reduce((s, vd, d) => s + logNormal(vd, MEANS[k][d], LOG_VARS[k][d]), 0);

/** z ~ q(z|x) for every row, DRAWS times: the samples and their rows' parameters. */
function draws(seed: number): { z: tf.Tensor2D; params: tf.Tensor2D } {
  const params = repeatRows(raw, DRAWS);
  const z = gaussian.sample!.draw(params, tf.randomNormal([params.shape[0], 2], 0, 1, 'float32', seed) as tf.Tensor2D);
  return { z, params };
}

describe('gaussian family', () => {
  it('reads [μ, log σ²] from twice the size, outputs the mean, and has no explicit states', () => {
    expect(gaussian.rawWidth(3)).toBe(6);
    expect(gaussian.activate(raw, 2).output.arraySync()).toEqual(gaussianParams(raw).mean.arraySync());
    expect(gaussian.activate(raw, 2).probs).toBeUndefined();
    expect(gaussian.explicit(2)).toBeUndefined();
    expect(gaussian.discrete).toBe(false);
  });

  it('draws z = μ + σ·ε with the moments of N(μ, σ²)', () => {
    expect(gaussian.sample?.noisy).toBe(true);
    const { z } = draws(1);
    const values = z.arraySync();
    MEANS.forEach((mean, b) =>
      mean.forEach((mu, d) => {
        const column = values.filter((_, i) => i % 2 === b).map((row) => row[d]);
        const sigma2 = Math.exp(LOG_VARS[b][d]);
        const { mean: m, error } = meanAndError(column);
        expect(error).toBeCloseTo(Math.sqrt(sigma2 / DRAWS), 4);
        expect(Math.abs(m - mu)).toBeLessThan(4 * error);
        const variance = column.reduce((s, v) => s + (v - m) ** 2, 0) / (column.length - 1);
        expect(Math.abs(variance - sigma2)).toBeLessThan(4 * sigma2 * Math.sqrt(2 / DRAWS));
      }),
    );
  });

  it('log-density: the product of the dimensions’ densities, and it integrates to 1 (quadrature)', () => {
    const v = tf.tensor2d([
      [0.1, 0.2],
      [-1.0, 3.0],
    ]);
    const got = gaussian.logDensity!(v, raw).arraySync() as number[];
    const vs = v.arraySync();
    got.forEach((g, b) => expect(g).toBeCloseTo(logQ(vs[b], b), 4));
    // one dimension, N(0.5, e^0.8): the trapezoid rule over μ ± 12σ
    const sigma = Math.exp(0.4);
    const grid = Array.from({ length: 4001 }, (_, i) => 0.5 - 12 * sigma + (24 * sigma * i) / 4000);
    const logDensity = gaussian.logDensity!(tf.tensor2d(grid, [grid.length, 1]), tf.tensor2d([[0.5, 0.8]]));
    const density = Array.from(tf.exp(logDensity).dataSync());
    const h = grid[1] - grid[0];
    const integral = h * (density.reduce((s, p) => s + p, 0) - (density[0] + density[density.length - 1]) / 2);
    expect(integral).toBeCloseTo(1, 4);
  });

  it('log-density broadcasts rows [B, 1, d] against parameters [1, K, 2d] to [B, K]', () => {
    const v = tf.tensor2d([
      [0.1, 0.2],
      [-1.0, 3.0],
      [0.0, 0.0],
    ]);
    const all = gaussian.logDensity!(tf.expandDims(v, 1), tf.expandDims(raw, 0)).arraySync() as number[][];
    expect(all.length).toBe(3);
    const vs = v.arraySync();
    all.forEach((row, b) => row.forEach((g, k) => expect(g).toBeCloseTo(logQ(vs[b], k), 4)));
  });

  it('entropy: ½Σ log(2πe σ²) against Monte Carlo −E[log q(z)] and against quadrature', () => {
    const perRow = LOG_VARS.map((row) => row.reduce((t, lv) => t + 0.5 * (Math.log(2 * Math.PI) + 1 + lv), 0));
    const exact = (perRow[0] + perRow[1]) / 2;
    expect(scalar(gaussian.entropy!(raw, 2))).toBeCloseTo(exact, 5);
    const { z, params } = draws(2);
    expectWithinError(tf.neg(gaussian.logDensity!(z, params)).dataSync(), exact);
    // one dimension of log-variance 0.8: −∫ q log q by the trapezoid rule
    const grid = Array.from({ length: 4001 }, (_, i) => -20 + (40 * i) / 4000);
    const logDensity = grid.map((v) => logNormal(v, 0, 0.8));
    const h = grid[1] - grid[0];
    const integral = -h * logDensity.reduce((s, l) => s + Math.exp(l) * l, 0);
    expect(scalar(gaussian.entropy!(tf.tensor2d([[0, 0.8]]), 1))).toBeCloseTo(integral, 4);
  });

  it('KL and cross-entropy to N(0, I): closed forms against Monte Carlo', () => {
    const { z, params } = draws(3);
    const logPrior = standardNormalLogDensity(z);
    const [kl, ce] = [gaussian.klToPrior!(raw, 2), gaussian.crossEntropyToPrior!(raw, 2)].map(scalar);
    expectWithinError(tf.sub(gaussian.logDensity!(z, params), logPrior).dataSync(), kl);
    expectWithinError(tf.neg(logPrior).dataSync(), ce);
    const klOf = (mu: number, lv: number) => 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
    const perRow = MEANS.map((m, b) => m.reduce((t, mu, d) => t + klOf(mu, LOG_VARS[b][d]), 0));
    expect(kl).toBeCloseTo((perRow[0] + perRow[1]) / 2, 5);
  });

  it('KL between two members: the closed form against Monte Carlo E_p[log p − log q]', () => {
    const other = tf.tensor2d([
      [0.0, 1.0, 0.3, -0.2],
      [1.0, 1.0, 0.0, 0.5],
    ]);
    const { z, params } = draws(4);
    const logOther = gaussian.logDensity!(z, repeatRows(other, DRAWS));
    const kl = scalar(gaussian.klBetween!(raw, other, 2));
    expectWithinError(tf.sub(gaussian.logDensity!(z, params), logOther).dataSync(), kl);
    expect(scalar(gaussian.klBetween!(raw, raw, 2))).toBeCloseTo(0, 6);
  });
});
