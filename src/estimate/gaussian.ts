/** The Gaussian marginal model q(y) of DoE: its maximum-likelihood fit on one half, its cross-entropy on the other. */
import type { Points } from './knn.ts';

/** Added to the covariance's diagonal so that a constant column keeps it positive definite. */
const JITTER = 1e-6;

/** Lower-triangular L with L·Lᵀ = a (d × d, row-major). */
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
  const m = new Float64Array(d);
  for (let i = 0; i < train.n; i++) for (let a = 0; a < d; a++) m[a] += train.values[i * d + a] / train.n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < train.n; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        cov[a * d + b] += ((train.values[i * d + a] - m[a]) * (train.values[i * d + b] - m[b])) / train.n;
  for (let a = 0; a < d; a++) cov[a * d + a] += JITTER;
  const l = cholesky(cov, d);
  let logDet = 0;
  for (let a = 0; a < d; a++) logDet += 2 * Math.log(l[a * d + a]);
  // (y − m)ᵀ Σ⁻¹ (y − m) = ‖L⁻¹(y − m)‖² by forward substitution
  const z = new Float64Array(d);
  let quad = 0;
  for (let i = 0; i < test.n; i++)
    for (let a = 0; a < d; a++) {
      let s = test.values[i * d + a] - m[a];
      for (let b = 0; b < a; b++) s -= l[a * d + b] * z[b];
      z[a] = s / l[a * d + a];
      quad += z[a] * z[a];
    }
  return 0.5 * (d * Math.log(2 * Math.PI) + logDet + quad / test.n);
}
