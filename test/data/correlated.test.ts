import { describe, expect, it } from 'vitest';
import { correlatedGaussian, correlatedGaussianMI, correlatedGaussianMIGrad } from '../../src/data/index.ts';

/** Sample correlation of two strided columns. */
function correlation(a: Float32Array, b: Float32Array, dim: number, i: number, j: number): number {
  const n = a.length / dim;
  let [ma, mb, sab, saa, sbb] = [0, 0, 0, 0, 0];
  for (let r = 0; r < n; r++) [ma, mb] = [ma + a[r * dim + i] / n, mb + b[r * dim + j] / n];
  for (let r = 0; r < n; r++) {
    const [u, v] = [a[r * dim + i] - ma, b[r * dim + j] - mb];
    [sab, saa, sbb] = [sab + u * v, saa + u * u, sbb + v * v];
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('correlated Gaussians (MIGE §4.1)', () => {
  it('each (x_i, y_i) has correlation ρ and unit variances; different coordinates are uncorrelated', () => {
    const n = 20000;
    for (const rho of [0.9, -0.5, 0]) {
      const g = correlatedGaussian({ dim: 3, rho, n }, 1);
      expect([g.x.length, g.y.length, g.n, g.dim, g.rho]).toEqual([3 * n, 3 * n, n, 3, rho]);
      const tol = (4 * (1 - rho * rho)) / Math.sqrt(n) + 1e-3; // sd of the sample correlation ≈ (1 − ρ²)/√n
      for (let i = 0; i < 3; i++) expect(Math.abs(correlation(g.x, g.y, 3, i, i) - rho)).toBeLessThan(tol);
      expect(Math.abs(correlation(g.x, g.y, 3, 0, 1))).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(correlation(g.x, g.x, 3, 0, 2))).toBeLessThan(4 / Math.sqrt(n));
      const variance = (v: Float32Array) => v.reduce((s, t) => s + t * t, 0) / v.length;
      expect(Math.abs(variance(g.x) - 1)).toBeLessThan(0.03);
      expect(Math.abs(variance(g.y) - 1)).toBeLessThan(0.03);
    }
  });

  it('is deterministic by seed', () => {
    const a = correlatedGaussian({ dim: 2, rho: 0.3, n: 50 }, 7);
    expect(correlatedGaussian({ dim: 2, rho: 0.3, n: 50 }, 7)).toEqual(a);
    expect(correlatedGaussian({ dim: 2, rho: 0.3, n: 50 }, 8).x).not.toEqual(a.x);
  });

  it('closed-form MI equals ½ log(det Σx det Σy / det Σ) summed over coordinates, and its ρ-derivative matches', () => {
    for (const [dim, rho] of [
      [1, 0.5],
      [10, 0.9],
      [20, -0.3],
    ]) {
      const detJoint = 1 - rho * rho; // Σ = [[1, ρ], [ρ, 1]] per coordinate pair
      expect(correlatedGaussianMI(dim, rho)).toBeCloseTo(dim * 0.5 * Math.log(1 / detJoint), 12);
      const h = 1e-6;
      const numeric = (correlatedGaussianMI(dim, rho + h) - correlatedGaussianMI(dim, rho - h)) / (2 * h);
      expect(correlatedGaussianMIGrad(dim, rho)).toBeCloseTo(numeric, 4);
    }
    expect(correlatedGaussianMI(5, 0)).toBe(-0);
  });

  it('refuses ρ outside (−1, 1), and bad sizes', () => {
    expect(() => correlatedGaussian({ dim: 2, rho: 1, n: 10 }, 0)).toThrow(
      /^data\.rho: expected a number in \(−1, 1\), got 1$/,
    );
    expect(() => correlatedGaussian({ dim: 2, rho: -1.5, n: 10 }, 0)).toThrow(/^data\.rho: /);
    expect(() => correlatedGaussian({ dim: 2, rho: NaN, n: 10 }, 0)).toThrow(/^data\.rho: /);
    expect(() => correlatedGaussian({ dim: 0, rho: 0.5, n: 10 }, 0)).toThrow(
      /^data\.dim: expected a positive integer, got 0$/,
    );
    expect(() => correlatedGaussian({ dim: 2, rho: 0.5, n: 1 }, 0)).toThrow(/^data\.n: /);
  });
});
