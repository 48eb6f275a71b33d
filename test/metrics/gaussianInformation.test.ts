/**
 * I(X;Z) of a Gaussian encoder against closed forms: a linear-Gaussian channel z = a·x + s·ε on x ~ N(0, I_d) has
 * I(X;Z) = d/2·log(1 + a²/s²) and rate E_x KL(N(a·x, s²) ‖ N(0, 1)) = d/2·(a² + s² − 1 − log s²).
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/data/rng.ts';
import { aggregateMutualInformation, gaussianRate, type GaussianCodes } from '../../src/metrics/gaussianInformation.ts';

/** The codes of a linear-Gaussian encoder at n standard normal points of dimension d. */
function linearGaussian(n: number, d: number, a: number, s: number, seed: number): GaussianCodes {
  const rng = makeRng(seed);
  return {
    mean: Float32Array.from({ length: n * d }, () => a * rng.normal()),
    logVar: new Float32Array(n * d).fill(Math.log(s * s)),
    dim: d,
  };
}

const trueMI = (d: number, a: number, s: number) => (d / 2) * Math.log(1 + (a * a) / (s * s));
const trueRate = (d: number, a: number, s: number) => (d / 2) * (a * a + s * s - 1 - Math.log(s * s));

describe('I(X;Z) of a Gaussian encoder', () => {
  it.each([
    [1, 1],
    [2, 1],
    [1, 0.5],
  ])('matches d/2·log(1 + a²/s²) for a = %s, s = %s (d = 2, N = 2000)', (a, s) => {
    const codes = linearGaussian(2000, 2, a, s, 11);
    const { estimate, logN } = aggregateMutualInformation(codes, 3);
    expect(logN).toBeCloseTo(Math.log(2000), 10);
    expect(Math.abs(estimate - trueMI(2, a, s))).toBeLessThan(0.05);
    expect(Math.abs(gaussianRate(codes) - trueRate(2, a, s))).toBeLessThan(0.1 * a * a);
    expect(gaussianRate(codes)).toBeGreaterThan(estimate); // the rate bounds I(X;Z) from above
  });

  it('saturates at log N when the codes of different points do not overlap (true I ≫ log N)', () => {
    const codes = linearGaussian(400, 2, 1, 1e-3, 5);
    const { estimate, logN } = aggregateMutualInformation(codes, 4);
    expect(trueMI(2, 1, 1e-3)).toBeGreaterThan(2 * logN);
    expect(estimate).toBeLessThanOrEqual(logN + 1e-9);
    expect(estimate).toBeGreaterThan(logN - 0.05);
  });

  it('is 0 for an encoder that ignores its input', () => {
    const codes = linearGaussian(500, 3, 0, 1, 6);
    expect(Math.abs(aggregateMutualInformation(codes, 1).estimate)).toBeLessThan(0.02);
    expect(gaussianRate(codes)).toBeCloseTo(0, 10);
  });

  it('refuses codes that do not form rows', () => {
    expect(() => gaussianRate({ mean: new Float32Array(5), logVar: new Float32Array(5), dim: 2 })).toThrow(/rows of 2/);
  });
});
