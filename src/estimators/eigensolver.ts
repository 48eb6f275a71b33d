/**
 * An optional native symmetric eigensolver (LAPACK's dsyevr) for SSGE. The estimators import nothing platform-specific:
 * on Node the backend registers the native addon's solver here (src/backend/addon.ts); in a browser none is registered
 * and SSGE uses ml-matrix.
 */

/** Eigenpairs of the symmetric n×n matrix `a` (destroyed): ascending values, column-major vectors; 0 on success. */
export type NativeEigSym = (a: Float64Array, n: number, values: Float64Array, vectors: Float64Array) => number;

let provider: (() => NativeEigSym | undefined) | undefined;

/** Register where the native solver comes from (called lazily, at the first eigendecomposition). */
export function setNativeEigensolver(get: (() => NativeEigSym | undefined) | undefined): void {
  provider = get;
}

/** The registered native solver, if there is one and it loads. */
export const nativeEigensolver = (): NativeEigSym | undefined => provider?.();
