/** bmi's one-line transforms (cbg-ethz/bmi, src/bmi/transforms/simple.py and src/bmi/benchmark/tasks/asinh.py). */
import { normalCdf as phi } from '../special.ts';
import { elementwise, type MiTransform } from './types.ts';

/** Φ on each coordinate: normal margins become uniform on (0, 1). */
export const normalCdf: MiTransform = elementwise(phi);

/** t ↦ t·√|t|, a signed t^{3/2}: lengthens the tails. */
export const halfCube: MiTransform = elementwise((t) => t * Math.sqrt(Math.abs(t)));

/** asinh on each coordinate: shortens the tails (of the Student-t tasks). */
export const asinh: MiTransform = elementwise(Math.asinh);

/**
 * The Swiss roll, R¹ → R²: t = 1.5π(1 + 2x) and (t cos t, t sin t) / 21 (bmi's `swissroll2d`, for x in [0, 1]).
 * An embedding, not a diffeomorphism of R¹; it is injective, so I(X; Y) is unchanged.
 */
export const swissRoll: MiTransform = {
  addDim: 1,
  map: (row) => {
    const t = 1.5 * Math.PI * (1 + 2 * row[0]);
    return Float64Array.of((t * Math.cos(t)) / 21, (t * Math.sin(t)) / 21);
  },
};
