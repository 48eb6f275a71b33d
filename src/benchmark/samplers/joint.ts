/** Samplers that draw the joint vector [x | y] one row at a time and split it into X (the first dimX) and Y. */
import type { Rng } from '../../data/rng.ts';
import { cholesky, type SymmetricMatrix } from '../linalg.ts';
import type { MiSampler } from './types.ts';

export function jointSampler(o: {
  dimX: number;
  dimY: number;
  mi: number;
  /** Fill `out` (dimX + dimY values) with one draw. */
  row: (rng: Rng, out: Float64Array) => void;
}): MiSampler {
  const { dimX, dimY, mi } = o;
  return {
    dimX,
    dimY,
    mutualInformation: () => mi,
    draw: (n, rng) => {
      const x = new Float64Array(n * dimX);
      const y = new Float64Array(n * dimY);
      const row = new Float64Array(dimX + dimY);
      for (let r = 0; r < n; r++) {
        o.row(rng, row);
        x.set(row.subarray(0, dimX), r * dimX);
        y.set(row.subarray(dimX), r * dimY);
      }
      return { x, y, n };
    },
  };
}

/** The Cholesky factor of the (dimX + dimY)-square matrix `m` (`what` names it in errors). */
export function jointFactor(m: SymmetricMatrix, dimX: number, dimY: number, what: string): Float64Array {
  const d = dimX + dimY;
  if (m.length !== d) throw new RangeError(`the ${what} must be ${d} × ${d}, got ${m.length} rows`);
  return cholesky(m);
}
