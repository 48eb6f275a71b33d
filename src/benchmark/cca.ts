/**
 * The paper's "CCA" baseline (bmi's `CCAMutualInformationEstimator`, src/bmi/estimators/correlation.py): the MI of the
 * Gaussian with the sample's covariance, Σᵢ −½ log(1 − ρᵢ²) over the canonical correlations ρᵢ, which equals
 * ½ (log det Σ̂_XX + log det Σ̂_YY − log det Σ̂). Exact in the limit on the multinormal tasks, blind to any dependence
 * that is not linear.
 */
import { block, logDet } from './linalg.ts';
import type { MiSample } from './task.ts';

/** The sample covariance (divisor n) of the columns of [x | y]. */
function covariance(s: MiSample): number[][] {
  const d = s.dimX + s.dimY;
  const row = new Float64Array(d);
  const mean = new Float64Array(d);
  const c = Array.from({ length: d }, () => new Float64Array(d));
  const fill = (r: number) => {
    for (let j = 0; j < s.dimX; j++) row[j] = s.x[r * s.dimX + j];
    for (let j = 0; j < s.dimY; j++) row[s.dimX + j] = s.y[r * s.dimY + j];
  };
  for (let r = 0; r < s.n; r++) {
    fill(r);
    for (let j = 0; j < d; j++) mean[j] += row[j] / s.n;
  }
  for (let r = 0; r < s.n; r++) {
    fill(r);
    for (let j = 0; j < d; j++) row[j] -= mean[j];
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) c[i][j] += row[i] * row[j];
  }
  return c.map((r, i) => Array.from(r, (_, j) => (j <= i ? c[i][j] : c[j][i]) / s.n));
}

export function ccaEstimate(s: MiSample): number {
  const sigma = covariance(s);
  const d = sigma.length;
  return 0.5 * (logDet(block(sigma, 0, s.dimX)) + logDet(block(sigma, s.dimX, d)) - logDet(sigma));
}
