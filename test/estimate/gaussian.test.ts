/** The `cca` estimator (the MI of the Gaussian with the sample covariance) and Mardia's kurtosis, against closed forms. */
import { describe, expect, it } from 'vitest';
import {
  estimateMI,
  gaussianCopulaMI,
  gaussianFitMI,
  mardiaKurtosisZ,
  normalScores,
  type Points,
} from '../../src/estimate/index.ts';
import { denseGaussian, gaussianPairs, uniformNoise } from './fixtures.ts';

const points = (rows: readonly (readonly number[])[]): Points => ({
  values: Float64Array.from(rows.flat()),
  n: rows.length,
  dim: rows[0].length,
});

describe('the Gaussian fit', () => {
  it('reads the closed-form MI of Gaussian samples: ρ = 0.75 in 3 columns (1.240 nats), a dense 2 × 3 Gaussian', async () => {
    const g = gaussianPairs(20_000, 3, 0.75, 1);
    expect(Math.abs(gaussianFitMI(points(g.x), points(g.y)) - g.mi)).toBeLessThan(0.02);
    const d = denseGaussian(20_000, 2);
    const e = await estimateMI(d.x, d.y, { estimator: 'cca' });
    expect(Math.abs(e.estimate - d.mi), `${e.estimate} vs ${d.mi}`).toBeLessThan(0.02);
    expect(e.std).toBeGreaterThan(0);
    expect(e.std!).toBeLessThan(0.02);
    expect(e.side).toBe('either');
    expect(e.runs).toHaveLength(5);
  });

  it('sees only linear dependence: Y = X² reads near 0', () => {
    const x = Array.from({ length: 5000 }, (_, i) => [((i % 1000) - 499.5) / 250]);
    const y = x.map(([v]) => [v * v]);
    expect(Math.abs(gaussianFitMI(points(x), points(y)))).toBeLessThan(0.01);
  });

  it('refuses a singular covariance with the reason instead of a NaN estimate', () => {
    const g = gaussianPairs(200, 1, 0.5, 1);
    const twice = g.x.map(([v]) => [v, 2 * v]);
    return expect(estimateMI(twice, g.y, { estimator: 'cca' })).rejects.toThrow(
      /^cca: the covariance of \[X, Y\] is singular over 200 rows: a column is constant or a linear combination of others$/,
    );
  });

  it('refuses too few samples for a full-rank covariance in every fold', () => {
    const g = gaussianPairs(40, 4, 0.5, 1);
    return expect(estimateMI(g.x, g.y, { estimator: 'cca' })).rejects.toThrow(
      /cca needs at least 45 samples, got 40 \(dim\(X\) \+ dim\(Y\) \+ 1 = 9 in each of its 5 folds\)/,
    );
  });
});

describe('the Gaussian copula (GCMI)', () => {
  it('normal scores: standard normal quantiles of the ranks, ties sharing their mean rank', () => {
    const s = normalScores(points([[3], [1], [2], [2]]));
    // ranks 4, 1, 2.5, 2.5 of n + 1 = 5: Φ⁻¹(0.8), Φ⁻¹(0.2), Φ⁻¹(0.5), Φ⁻¹(0.5)
    expect([...s.values].map((v) => Number(v.toFixed(4)) + 0)).toEqual([0.8416, -0.8416, 0, 0]);
  });

  it('reads a Gaussian’s MI through increasing transforms of its columns, where CCA does not', () => {
    const g = gaussianPairs(20_000, 2, 0.75, 5);
    const x = points(g.x.map((r) => r.map((v) => v ** 3)));
    const y = points(g.y.map((r) => r.map(Math.exp)));
    expect(Math.abs(gaussianCopulaMI(x, y) - g.mi), `${gaussianCopulaMI(x, y)} vs ${g.mi}`).toBeLessThan(0.02);
    expect(gaussianFitMI(x, y)).toBeLessThan(g.mi - 0.2);
    expect(Math.abs(mardiaKurtosisZ(normalScores(x), normalScores(y)))).toBeLessThan(3);
    expect(mardiaKurtosisZ(x, y)).toBeGreaterThan(20);
  });
});

describe("Mardia's kurtosis", () => {
  it('is near 0 for Gaussian samples, below −20 for uniform noise, above 20 for heavy tails; affine invariant', () => {
    const g = gaussianPairs(10_000, 2, 0.6, 4);
    const z = mardiaKurtosisZ(points(g.x), points(g.y));
    expect(Math.abs(z)).toBeLessThan(3);
    const u = uniformNoise(10_000, 0.1, 4);
    expect(mardiaKurtosisZ(points(u.x), points(u.y))).toBeLessThan(-20);
    const cubed = g.x.map((r) => r.map((v) => v * v * v));
    expect(mardiaKurtosisZ(points(cubed), points(g.y))).toBeGreaterThan(20);
    const moved = g.x.map(([a, b]) => [3 * a + b - 7, 0.5 * b + 2]);
    expect(mardiaKurtosisZ(points(moved), points(g.y))).toBeCloseTo(z, 6);
  });
});
