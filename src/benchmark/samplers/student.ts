/**
 * The multivariate Student-t (X, Y) ~ t_ν(0, Ω) (bmi's `SplitStudentT`, src/bmi/samplers/_split_student_t.py): a normal
 * Z ~ N(0, Ω) divided by one shared √(χ²_ν / ν), so that X and Y are dependent even when Ω is the identity.
 */
import { correlatedNormal, type SymmetricMatrix } from '../linalg.ts';
import { jointFactor, jointSampler } from './joint.ts';
import { digamma, logGamma } from '../special.ts';
import { chiSquareVariate } from './gamma.ts';
import { gaussianMI } from './multinormal.ts';
import type { MiSampler } from './types.ts';
import { checkArgs, Obj, PositiveInt, PositiveNum } from '../../api/arguments.ts';

/**
 * The differential entropy of a k-dimensional t_ν(0, I_k) (Arellano-Valle, Contreras-Reyes & Genton 2013, eq. 7):
 * −log Γ((ν+k)/2) + log Γ(ν/2) + (k/2) log(νπ) + ((ν+k)/2)(ψ((ν+k)/2) − ψ(ν/2)).
 */
export function studentEntropy(k: number, df: number): number {
  const h = 0.5 * (df + k);
  return -logGamma(h) + logGamma(0.5 * df) + 0.5 * k * Math.log(df * Math.PI) + h * (digamma(h) - digamma(0.5 * df));
}

/** The part of I(X; Y) a shared χ² adds to the Gaussian part: h(dimX) + h(dimY) − h(dimX + dimY) (bmi's `mi_correction_function`). */
export const studentCorrection = (df: number, dimX: number, dimY: number): number => {
  checkArgs('studentCorrection', { df: [PositiveNum, df], dimX: [PositiveInt, dimX], dimY: [PositiveInt, dimY] });
  return studentEntropy(dimX, df) + studentEntropy(dimY, df) - studentEntropy(dimX + dimY, df);
};

/** The log density of t_ν(0, I_k) at v: log Γ((ν+k)/2) − log Γ(ν/2) − (k/2) log(νπ) − ((ν+k)/2) log(1 + |v|²/ν). */
export function studentLogDensity(v: ArrayLike<number>, df: number): number {
  const k = v.length;
  let r2 = 0;
  for (let i = 0; i < k; i++) r2 += v[i] * v[i];
  return (
    logGamma(0.5 * (df + k)) -
    logGamma(0.5 * df) -
    0.5 * k * Math.log(df * Math.PI) -
    0.5 * (df + k) * Math.log1p(r2 / df)
  );
}

export function splitStudentT(o: { dimX: number; dimY: number; df: number; dispersion: SymmetricMatrix }): MiSampler {
  checkArgs('splitStudentT', { options: [Obj('options { dimX, dimY, df, dispersion }'), o] });
  const { dimX, dimY, df, dispersion } = o;
  if (!(df > 0)) throw new RangeError(`the degrees of freedom must be positive, got ${df}`);
  const l = jointFactor(dispersion, dimX, dimY, 'dispersion');
  const d = dimX + dimY;
  return jointSampler({
    dimX,
    dimY,
    // I(X; Y) = the Gaussian MI of the dispersion + the correction (bmi's `SplitStudentT.mutual_information`)
    mi: gaussianMI(dispersion, dimX) + studentCorrection(df, dimX, dimY),
    row: (rng, out) => {
      correlatedNormal(l, d, rng.normal, out);
      const s = Math.sqrt(df / chiSquareVariate(df, rng));
      for (let i = 0; i < d; i++) out[i] *= s;
    },
  });
}
