/** Jointly normal (X, Y) (bmi's `SplitMultinormal` and `BivariateNormalSampler`, src/bmi/samplers/_splitmultinormal.py). */
import { block, correlatedNormal, logDet, type SymmetricMatrix } from '../linalg.ts';
import { jointFactor, jointSampler } from './joint.ts';
import type { MiSampler } from './types.ts';
import { checkArgs, List, Num, Obj, PositiveInt } from '../../api/arguments.ts';

/** I(X; Y) = ½ (log det Σ_XX + log det Σ_YY − log det Σ) for (X, Y) ~ N(μ, Σ), clipped at 0 as bmi does. */
export function gaussianMI(sigma: SymmetricMatrix, dimX: number): number {
  checkArgs('gaussianMI', { sigma: [List('a symmetric matrix (rows of numbers)'), sigma], dimX: [PositiveInt, dimX] });
  const d = sigma.length;
  return Math.max(0, 0.5 * (logDet(block(sigma, 0, dimX)) + logDet(block(sigma, dimX, d)) - logDet(sigma)));
}

/** (X, Y) ~ N(0, Σ), X the first dimX coordinates, Y the other dimY. */
export function splitMultinormal(o: { dimX: number; dimY: number; covariance: SymmetricMatrix }): MiSampler {
  checkArgs('splitMultinormal', { options: [Obj('options { dimX, dimY, covariance }'), o] });
  const { dimX, dimY, covariance } = o;
  const l = jointFactor(covariance, dimX, dimY, 'covariance');
  const d = dimX + dimY;
  return jointSampler({
    dimX,
    dimY,
    mi: gaussianMI(covariance, dimX),
    row: (rng, out) => correlatedNormal(l, d, rng.normal, out),
  });
}

/** X, Y standard normal with correlation ρ; I(X; Y) = −½ log(1 − ρ²). */
export function bivariateNormal(rho: number): MiSampler {
  checkArgs('bivariateNormal', { rho: [Num, rho] });
  if (!(rho > -1 && rho < 1)) throw new RangeError(`the correlation must be in (−1, 1), got ${rho}`);
  const base = splitMultinormal({
    dimX: 1,
    dimY: 1,
    covariance: [
      [1, rho],
      [rho, 1],
    ],
  });
  const mi = -0.5 * Math.log(1 - rho * rho);
  return { ...base, mutualInformation: () => mi };
}
