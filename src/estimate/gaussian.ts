/**
 * The Gaussian models of sample estimation: the marginal q(y) of DoE (its maximum-likelihood fit on one half, its
 * cross-entropy on the other), the MI of the Gaussian with the sample covariance (the `cca` estimator) and of the
 * Gaussian copula (`gcmi`: the same on every column's normal scores), and Mardia's kurtosis, the test by which `auto`
 * takes a sample, or its normal scores, for Gaussian.
 */
import jStat from 'jstat';
import type { Points } from './knn.ts';
import { checkArgs, PointsArg } from '../api/arguments.ts';

/** Added to the covariance's diagonal so that a constant column keeps it positive definite. */
const JITTER = 1e-6;

/** Lower-triangular L with L·Lᵀ = a (d × d, row-major); NaN on the diagonal when a is not positive definite. */
function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let m = 0; m < j; m++) s -= l[i * d + m] * l[j * d + m];
      l[i * d + j] = i === j ? Math.sqrt(s) : s / l[j * d + j];
    }
  return l;
}

/**
 * −E_test[log N(y; m, Σ)] = ½(d log 2π + log det Σ + E_test[(y − m)ᵀ Σ⁻¹ (y − m)]), with m and Σ the mean and covariance
 * of the train half: an upper bound on H(Y) in expectation (cross-entropy ≥ entropy) up to the fit's finite-sample error.
 */
export function gaussianCrossEntropy(train: Points, test: Points): number {
  const d = train.dim;
  const { mean, cov } = moments(train);
  for (let a = 0; a < d; a++) cov[a * d + a] += JITTER;
  const l = cholesky(cov, d);
  let logDet = 0;
  for (let a = 0; a < d; a++) logDet += 2 * Math.log(l[a * d + a]);
  let quad = 0;
  forEachMahalanobis(test, mean, l, (q) => {
    quad += q;
  });
  return 0.5 * (d * Math.log(2 * Math.PI) + logDet + quad / test.n);
}

/** Each row's squared Mahalanobis distance (z − m)ᵀ Σ⁻¹ (z − m) = ‖L⁻¹(z − m)‖², by forward substitution (Σ = L·Lᵀ). */
function forEachMahalanobis(p: Points, mean: Float64Array, l: Float64Array, each: (q: number) => void): void {
  const d = p.dim;
  const w = new Float64Array(d);
  for (let i = 0; i < p.n; i++) {
    let q = 0;
    for (let a = 0; a < d; a++) {
      let s = p.values[i * d + a] - mean[a];
      for (let b = 0; b < a; b++) s -= l[a * d + b] * w[b];
      w[a] = s / l[a * d + a];
      q += w[a] * w[a];
    }
    each(q);
  }
}

/** The columns of x and y side by side. */
function joined(x: Points, y: Points): Points {
  const dim = x.dim + y.dim;
  const values = new Float64Array(x.n * dim);
  for (let i = 0; i < x.n; i++) {
    for (let a = 0; a < x.dim; a++) values[i * dim + a] = x.values[i * x.dim + a];
    for (let b = 0; b < y.dim; b++) values[i * dim + x.dim + b] = y.values[i * y.dim + b];
  }
  return { values, n: x.n, dim };
}

/** The columns' means and covariance (divisor n), row-major. */
function moments(p: Points): { mean: Float64Array; cov: Float64Array } {
  const d = p.dim;
  const mean = new Float64Array(d);
  for (let i = 0; i < p.n; i++) for (let a = 0; a < d; a++) mean[a] += p.values[i * d + a] / p.n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < p.n; i++) {
    for (let a = 0; a < d; a++) row[a] = p.values[i * d + a] - mean[a];
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[a * d + b] += row[a] * row[b];
  }
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      cov[a * d + b] /= p.n;
      cov[b * d + a] = cov[a * d + b];
    }
  return { mean, cov };
}

/** log det of the block of rows and columns [from, to) of a d × d covariance; NaN unless positive definite. */
function logDetBlock(cov: Float64Array, d: number, from: number, to: number): number {
  const k = to - from;
  const b = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i * k + j] = cov[(from + i) * d + from + j];
  const l = cholesky(b, k);
  let s = 0;
  for (let i = 0; i < k; i++) s += 2 * Math.log(l[i * k + i]);
  return s;
}

/**
 * The MI of the Gaussian with the sample's covariance, ½ (log det Σ̂_XX + log det Σ̂_YY − log det Σ̂) = Σᵢ −½ log(1 − ρᵢ²)
 * over the canonical correlations ρᵢ: the paper's "CCA" baseline (bmi's `CCAMutualInformationEstimator`). Exact in the
 * limit for jointly Gaussian samples, blind to any dependence that is not linear. NaN when Σ̂ is singular.
 */
export function gaussianFitMI(x: Points, y: Points): number {
  checkArgs('gaussianFitMI', { x: [PointsArg, x], y: [PointsArg, y] });
  const d = x.dim + y.dim;
  const { cov } = moments(joined(x, y));
  return 0.5 * (logDetBlock(cov, d, 0, x.dim) + logDetBlock(cov, d, x.dim, d) - logDetBlock(cov, d, 0, d));
}

/**
 * Mardia's multivariate kurtosis of the joint sample [x, y] as a z-score: b₂ = mean over rows of ((z − z̄)ᵀ Σ̂⁻¹ (z − z̄))²,
 * against its value d(d + 2) and standard error √(8d(d + 2)/n) under a Gaussian (Mardia 1970). Affine invariant, so
 * standardising the columns does not change it. NaN when Σ̂ is singular.
 */
export function mardiaKurtosisZ(x: Points, y: Points): number {
  checkArgs('mardiaKurtosisZ', { x: [PointsArg, x], y: [PointsArg, y] });
  const p = joined(x, y);
  const d = p.dim;
  const { mean, cov } = moments(p);
  let b2 = 0;
  forEachMahalanobis(p, mean, cholesky(cov, d), (q) => {
    b2 += (q * q) / p.n;
  });
  return (b2 - d * (d + 2)) / Math.sqrt((8 * d * (d + 2)) / p.n);
}

/**
 * Every column replaced by its normal scores Φ⁻¹(r / (n + 1)), r the row's rank in the column (ties share their mean
 * rank): a sample with standard normal margins and the same copula, so any strictly increasing transform of a column
 * leaves it unchanged.
 */
export function normalScores(p: Points): Points {
  checkArgs('normalScores', { p: [PointsArg, p] });
  const { n, dim } = p;
  const values = new Float64Array(n * dim);
  const order = new Int32Array(n);
  for (let a = 0; a < dim; a++) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => p.values[i * dim + a] - p.values[j * dim + a]);
    for (let r = 0; r < n; ) {
      let end = r + 1;
      while (end < n && p.values[order[end] * dim + a] === p.values[order[r] * dim + a]) end++;
      const score = jStat.normal.inv((r + end + 1) / 2 / (n + 1), 0, 1); // the mean rank of rows r..end−1, from 1
      for (let t = r; t < end; t++) values[order[t] * dim + a] = score;
      r = end;
    }
  }
  return { values, n, dim };
}

/**
 * The Gaussian-copula MI (GCMI, Ince et al. 2017): the MI of the Gaussian fit to the normal scores of X and Y. Exact in
 * the limit when some strictly increasing transform of every column makes (X, Y) jointly Gaussian, whatever the
 * margins; blind, like CCA, to dependence beyond the normal scores' correlations.
 */
export const gaussianCopulaMI = (x: Points, y: Points): number => {
  checkArgs('gaussianCopulaMI', { x: [PointsArg, x], y: [PointsArg, y] });
  return gaussianFitMI(normalScores(x), normalScores(y));
};
