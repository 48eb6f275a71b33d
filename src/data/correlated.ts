/** Correlated Gaussians, the toy of MIGE §4.1: (x_i, y_i) standard bivariate normal with correlation ρ, independent over i. */
import { makeRng } from './rng.ts';
import { DataError } from './types.ts';
import { checkArgs, CorrelatedOptions, Num, PositiveInt } from '../api/arguments.ts';

export interface CorrelatedGaussian {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  readonly dim: number;
  readonly rho: number;
}

/** Draw n pairs (x, y) ∈ R^d × R^d. */
export function correlatedGaussian(o: { dim: number; rho: number; n: number }, seed: number): CorrelatedGaussian {
  checkArgs('correlatedGaussian', { options: [CorrelatedOptions, o], seed: [Num, seed] });
  if (!(o.rho > -1 && o.rho < 1)) throw new DataError('data.rho', `expected a number in (−1, 1), got ${o.rho}`);
  if (!Number.isInteger(o.dim) || o.dim < 1)
    throw new DataError('data.dim', `expected a positive integer, got ${o.dim}`);
  if (!Number.isInteger(o.n) || o.n < 2) throw new DataError('data.n', `expected an integer ≥ 2, got ${o.n}`);
  const rng = makeRng(`${seed}:correlated-gaussian`);
  const x = new Float32Array(o.n * o.dim);
  const y = new Float32Array(o.n * o.dim);
  const s = Math.sqrt(1 - o.rho * o.rho);
  for (let i = 0; i < x.length; i++) {
    const a = rng.normal();
    x[i] = a;
    y[i] = o.rho * a + s * rng.normal();
  }
  return { x, y, n: o.n, dim: o.dim, rho: o.rho };
}

/** I(X;Y) = −d/2 · log(1 − ρ²) (MIGE §4.1). */
export const correlatedGaussianMI = (dim: number, rho: number): number => {
  checkArgs('correlatedGaussianMI', { dim: [PositiveInt, dim], rho: [Num, rho] });
  return (-dim / 2) * Math.log(1 - rho * rho);
};

/** dI/dρ = ρ·d / (1 − ρ²). */
export const correlatedGaussianMIGrad = (dim: number, rho: number): number => {
  checkArgs('correlatedGaussianMIGrad', { dim: [PositiveInt, dim], rho: [Num, rho] });
  return (rho * dim) / (1 - rho * rho);
};
