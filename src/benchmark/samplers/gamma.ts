/** Gamma and χ² variates (Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 2000). */
import type { Rng } from '../../data/rng.ts';

/** One Gamma(shape, 1) variate; shapes below 1 by Gamma(shape + 1) · U^{1/shape}. */
export function gammaVariate(shape: number, rng: Rng): number {
  if (!(shape > 0)) throw new RangeError(`the gamma shape must be positive, got ${shape}`);
  if (shape < 1) return gammaVariate(shape + 1, rng) * (1 - rng.uniform()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One χ²_ν variate: 2 · Gamma(ν/2, 1). */
export const chiSquareVariate = (df: number, rng: Rng): number => 2 * gammaVariate(df / 2, rng);
