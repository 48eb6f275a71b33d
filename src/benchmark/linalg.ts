/** The small dense linear algebra the Gaussian and Student-t samplers need (ml-matrix's Cholesky). */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** A symmetric matrix as rows. */
export type SymmetricMatrix = readonly (readonly number[])[];

/** The lower Cholesky factor L (Σ = L Lᵀ), row-major; throws unless Σ is symmetric positive definite. */
export function cholesky(sigma: SymmetricMatrix): Float64Array {
  const d = sigma.length;
  for (let i = 0; i < d; i++) {
    if (sigma[i].length !== d) throw new RangeError(`expected a ${d} × ${d} matrix, row ${i} has ${sigma[i].length}`);
    for (let j = 0; j < i; j++)
      if (sigma[i][j] !== sigma[j][i]) throw new RangeError(`the matrix is not symmetric at (${i}, ${j})`);
  }
  const c = new CholeskyDecomposition(new Matrix(sigma.map((r) => [...r])));
  if (!c.isPositiveDefinite()) throw new RangeError('the matrix is not positive definite');
  return Float64Array.from(c.lowerTriangularMatrix.to1DArray());
}

/** log det Σ from its Cholesky factor: 2 Σᵢ log Lᵢᵢ. */
export function logDet(sigma: SymmetricMatrix): number {
  const l = cholesky(sigma);
  const d = sigma.length;
  let s = 0;
  for (let i = 0; i < d; i++) s += 2 * Math.log(l[i * d + i]);
  return s;
}

/** The block of rows and columns [from, to). */
export const block = (sigma: SymmetricMatrix, from: number, to: number): number[][] =>
  sigma.slice(from, to).map((r) => r.slice(from, to));

/** One draw of N(0, L Lᵀ) into `out`: L z with z standard normal from `normal`. */
export function correlatedNormal(l: Float64Array, d: number, normal: () => number, out: Float64Array): void {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) z[i] = normal();
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += l[i * d + k] * z[k];
    out[i] = s;
  }
}
