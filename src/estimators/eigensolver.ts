/**
 * Optional native parts of SSGE: LAPACK's dsyevr, the addon's solver of the leading eigenpairs, and its RBF Gram matrix.
 * The estimators import nothing platform-specific:
 * on Node the backend registers the native addon's solver here (src/backend/addon.ts); in a browser none is registered
 * and SSGE uses ml-matrix.
 */

/** Eigenpairs of the symmetric n×n matrix `a` (destroyed): ascending values, column-major vectors; 0 on success. */
export type NativeEigSym = (a: Float64Array, n: number, values: Float64Array, vectors: Float64Array) => number;

/**
 * The leading eigenpairs without LAPACK (native/src/eig_top.cc): all eigenvalues descending into `values`, the
 * eigenvectors of the J largest into `vectors` as the columns of a row-major n×J matrix (vectors[i·J + j]), J =
 * `count` if > 0 else the fewest eigenvalues reaching `ratio` of their sum. Returns J (≤ 0 on failure).
 */
export type NativeEigSymTop = (
  a: Float64Array,
  n: number,
  ratio: number,
  count: number,
  values: Float64Array,
  vectors: Float64Array,
) => number;

/**
 * SSGE's RBF Gram matrix in float64 from M samples x (M×d, native/src/rbf.cc): K_ij = exp(−‖x_i − x_j‖²/(2σ²)) with
 * σ = `bandwidth` if > 0 else the median pairwise distance, r = K·1 before `jitter` is added to the diagonal. Returns σ.
 */
export type NativeRbfGram = (
  x: Float32Array,
  M: number,
  d: number,
  bandwidth: number,
  jitter: number,
  K: Float64Array,
  r: Float64Array,
) => number;

/** What a platform offers: LAPACK's solver when linked, the addon's leading-eigenpairs solver and Gram matrix when built. */
export interface NativeEigensolvers {
  readonly eigSym?: NativeEigSym;
  readonly eigSymTop?: NativeEigSymTop;
  readonly rbfGram?: NativeRbfGram;
}

let provider: (() => NativeEigensolvers | undefined) | undefined;

/** Register where the native solvers come from (called lazily, at the first eigendecomposition). */
export function setNativeEigensolver(get: (() => NativeEigensolvers | undefined) | undefined): void {
  provider = get;
}

/** The registered native solvers, if there are any and they load. */
export const nativeEigensolvers = (): NativeEigensolvers | undefined => provider?.();
