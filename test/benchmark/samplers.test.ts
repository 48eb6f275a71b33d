/** The samplers' statistics where they are cheap to check, and the Student-t closed form against a Monte-Carlo. */
import { describe, expect, it } from 'vitest';
import { benchmarkTask, ccaEstimate, splitStudentT } from '../../src/benchmark/index.ts';
import { identity } from '../../src/benchmark/samplers/covariance.ts';
import { chiSquareVariate } from '../../src/benchmark/samplers/gamma.ts';
import { studentLogDensity } from '../../src/benchmark/samplers/student.ts';
import { makeRng } from '../../src/data/rng.ts';

/** The sample correlation matrix of the columns of [x | y]. */
function correlationMatrix(x: Float32Array, y: Float32Array, n: number, dx: number, dy: number): number[][] {
  const d = dx + dy;
  const col = (r: number, j: number) => (j < dx ? x[r * dx + j] : y[r * dy + j - dx]);
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += col(r, j);
    return s / n;
  });
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let r = 0; r < n; r++)
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) cov[i][j] += (col(r, i) - mean[i]) * (col(r, j) - mean[j]);
  return cov.map((row, i) => row.map((_, j) => (j <= i ? cov[i][j] : cov[j][i]) / Math.sqrt(cov[i][i] * cov[j][j])));
}

describe('benchmark samplers', () => {
  const n = 20_000;
  const tol = 4 / Math.sqrt(n); // four standard errors of a correlation near 0; smaller near ±1

  it('the dense multinormal has every correlation ½', () => {
    const s = benchmarkTask('multinormal-dense-5-5-0.5').sample(n, 1);
    const c = correlationMatrix(s.x, s.y, n, 5, 5);
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) expect(Math.abs(c[i][j] - (i === j ? 1 : 0.5))).toBeLessThan(tol);
  });

  it('the 2-pair multinormal correlates X_i with Y_i at 0.8 for i < 2 and nothing else', () => {
    const s = benchmarkTask('multinormal-sparse-5-5-2-2.0').sample(n, 2);
    const c = correlationMatrix(s.x, s.y, n, 5, 5);
    const expected = (i: number, j: number) =>
      i === j ? 1 : (i < 2 && j === i + 5) || (j < 2 && i === j + 5) ? 0.8 : 0;
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) expect(Math.abs(c[i][j] - expected(i, j))).toBeLessThan(tol);
    const v = s.x.reduce((a, t) => a + t * t, 0) / s.x.length; // unit variances (bmi's correlation matrix)
    expect(Math.abs(v - 1)).toBeLessThan(0.03);
  });

  it('the bivariate normal has correlation 0.75', () => {
    const s = benchmarkTask('1v1-normal-0.75').sample(n, 3);
    expect(Math.abs(correlationMatrix(s.x, s.y, n, 1, 1)[0][1] - 0.75)).toBeLessThan(tol);
  });

  it('additive noise: X uniform on [0, 1], Y − X uniform on [−ε, ε]', () => {
    for (const eps of [0.1, 0.75]) {
      const s = benchmarkTask(`1v1-additive-${eps}`).sample(n, 4);
      let [mx, mn, vn] = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        const noise = s.y[i] - s.x[i];
        expect(s.x[i] >= 0 && s.x[i] < 1 && Math.abs(noise) <= eps + 1e-6).toBe(true);
        [mx, mn, vn] = [mx + s.x[i] / n, mn + noise / n, vn + (noise * noise) / n];
      }
      expect(Math.abs(mx - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(mn)).toBeLessThan(4 * eps * Math.sqrt(1 / 3 / n));
      expect(Math.abs(vn / ((eps * eps) / 3) - 1)).toBeLessThan(0.03); // Var U(−ε, ε) = ε²/3
    }
  });

  it('χ²_ν has mean ν and variance 2ν', () => {
    for (const df of [1, 2, 3, 5.5]) {
      const rng = makeRng(`chi2:${df}`);
      const v = Float64Array.from({ length: n }, () => chiSquareVariate(df, rng));
      const mean = v.reduce((a, t) => a + t, 0) / n;
      const variance = v.reduce((a, t) => a + (t - mean) ** 2, 0) / n;
      expect(Math.abs(mean - df)).toBeLessThan(4 * Math.sqrt((2 * df) / n));
      expect(Math.abs(variance / (2 * df) - 1)).toBeLessThan(0.1);
    }
  });

  it('Student-t: the closed form equals a Monte-Carlo of log p(x, y) − log p(x) − log p(y) with the exact densities', () => {
    for (const [dx, dy, df] of [
      [1, 1, 1],
      [2, 2, 2],
      [1, 3, 3],
      [3, 3, 5],
    ]) {
      const s = splitStudentT({ dimX: dx, dimY: dy, df, dispersion: identity(dx + dy) });
      const draw = s.draw(n, makeRng(`student-mc:${dx}:${dy}:${df}`));
      let [sum, sum2] = [0, 0];
      for (let r = 0; r < n; r++) {
        const x = draw.x.subarray(r * dx, (r + 1) * dx);
        const y = draw.y.subarray(r * dy, (r + 1) * dy);
        const pmi = studentLogDensity([...x, ...y], df) - studentLogDensity(x, df) - studentLogDensity(y, df);
        [sum, sum2] = [sum + pmi, sum2 + pmi * pmi];
      }
      const mean = sum / n;
      const se = Math.sqrt((sum2 / n - mean * mean) / n);
      expect(Math.abs(mean - s.mutualInformation()), `${dx}×${dy} ν=${df}`).toBeLessThan(4 * se);
      expect(se).toBeLessThan(0.01);
    }
  });

  it('Student-t margins: the median of |X| is t_ν’s (ν = 1: the Cauchy’s, 1)', () => {
    const s = benchmarkTask('student-identity-1-1-1').sample(n, 5);
    const abs = Float64Array.from(s.x, Math.abs).sort();
    expect(Math.abs(abs[n / 2] - 1)).toBeLessThan(0.04);
  });
});

describe('the CCA baseline (the Gaussian MI of the sample covariance)', () => {
  it('recovers the multinormal tasks’ MI and sees nothing of the Student-t’s nonlinear dependence', () => {
    for (const id of ['multinormal-dense-5-5-0.5', 'multinormal-sparse-3-3-2-2.0', '1v1-normal-0.75']) {
      const t = benchmarkTask(id);
      expect(Math.abs(ccaEstimate(t.sample(10_000, 0)) - t.mutualInformation), id).toBeLessThan(0.02);
    }
    expect(ccaEstimate(benchmarkTask('asinh-student-identity-2-2-1').sample(10_000, 0))).toBeLessThan(0.01);
  });
});
