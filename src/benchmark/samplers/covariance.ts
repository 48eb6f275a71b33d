/** The covariance (dispersion) matrices of bmi's multinormal and Student-t tasks (cbg-ethz/bmi, src/bmi/samplers/_matrix_utils.py). */
import type { SymmetricMatrix } from '../linalg.ts';

/** Σ = (1 − c)·I + c·11ᵀ on all dimX + dimY coordinates: every pair has covariance c (bmi's `task_multinormal_dense`). */
export function denseCovariance(dimX: number, dimY: number, offDiag: number): SymmetricMatrix {
  const d = dimX + dimY;
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : offDiag)));
}

/** The parameters of bmi's Gaussian latent-variable model (`GaussianLVMParametrization`; y-side weights equal the x-side ones). */
export interface LvmParameters {
  readonly dimX: number;
  readonly dimY: number;
  /** Pairs (X_i, Y_i), i < nInteracting, that share a latent Z_i with weight `lambda`. */
  readonly nInteracting: number;
  /** U_all's weight, shared by every coordinate. */
  readonly alpha: number;
  /** Z_i's weight. */
  readonly lambda: number;
  /** U_X's (and U_Y's) weight, shared within a side. */
  readonly beta: number;
  /** The individual noise E_i / F_i's weight. */
  readonly epsilon: number;
  /** V_i / W_i's weight on the coordinates without a Z. */
  readonly eta: number;
}

/**
 * The LVM's correlation matrix: covariance α² everywhere, + β² within a side, + ε² on the diagonal, + λ² on Cov(X_i, Y_i)
 * and both variances for i < nInteracting, + η² on the other variances; then scaled to unit variances
 * (`GaussianLVMParametrization.covariance` and `.correlation`).
 */
export function lvmCorrelation(p: LvmParameters): SymmetricMatrix {
  const { dimX, dimY, nInteracting: k } = p;
  if (!(k >= 0 && k <= Math.min(dimX, dimY)))
    throw new RangeError(`nInteracting = ${k} must be in [0, min(dimX, dimY)]`);
  const d = dimX + dimY;
  const c = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => p.alpha ** 2 + (i < dimX === j < dimX ? p.beta ** 2 : 0)),
  );
  for (let i = 0; i < d; i++) c[i][i] += p.epsilon ** 2;
  for (let i = 0; i < k; i++) {
    const j = dimX + i;
    c[i][j] += p.lambda ** 2;
    c[j][i] += p.lambda ** 2;
    c[i][i] += p.lambda ** 2;
    c[j][j] += p.lambda ** 2;
  }
  for (let i = k; i < dimX; i++) c[i][i] += p.eta ** 2;
  for (let j = dimX + k; j < d; j++) c[j][j] += p.eta ** 2;
  return c.map((row, i) => row.map((v, j) => v / Math.sqrt(c[i][i] * c[j][j])));
}

/** The identity, the dispersion of bmi's `task_student_identity`. */
export const identity = (d: number): SymmetricMatrix =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
