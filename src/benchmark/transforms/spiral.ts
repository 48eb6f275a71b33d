/**
 * The spiral x ↦ exp(s·|x|²·A) x with A the (i, j) generator of so(n) (A[i][j] = −1, A[j][i] = 1): a rotation of the
 * (i, j) plane by the angle s·|x|² (bmi's `Spiral` and `so_generator`, src/bmi/transforms/_rotate.py). The rotation keeps
 * |x|, so the inverse is the rotation by −s·|x|².
 */
import type { MiTransform } from './types.ts';

function rotate(row: Float64Array, i: number, j: number, angle: number): Float64Array {
  const out = Float64Array.from(row);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  out[i] = c * row[i] - s * row[j];
  out[j] = s * row[i] + c * row[j];
  return out;
}

const squaredNorm = (row: Float64Array): number => row.reduce((a, t) => a + t * t, 0);

/** The spiral of R^n in the plane (i, j) at speed `speed`. */
export function spiral(n: number, i: number, j: number, speed: number): MiTransform {
  if (!(n >= 2 && i >= 0 && i < j && j < n)) throw new RangeError(`no generator (${i}, ${j}) of so(${n})`);
  return { addDim: 0, map: (row) => rotate(row, i, j, speed * squaredNorm(row)) };
}

/** The inverse of `spiral(n, i, j, speed)`. */
export const spiralInverse = (n: number, i: number, j: number, speed: number): MiTransform => spiral(n, i, j, -speed);
