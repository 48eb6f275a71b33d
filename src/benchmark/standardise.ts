/** The benchmark's preprocessing: every column to zero mean and unit variance (bmi's `transform_rescale`, sklearn's `scale`). */
import { standardise } from '../data/transforms.ts';
import type { MiSample } from './task.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

/** A copy of the sample with every column of x and of y standardised (population variance, as sklearn's `scale`). */
export function standardiseSample(s: MiSample): MiSample {
  checkArgs('standardiseSample', { sample: [Obj('an MiSample'), s] });
  const x = Float32Array.from(s.x);
  const y = Float32Array.from(s.y);
  standardise(x, s.n, s.dimX);
  standardise(y, s.n, s.dimY);
  return { ...s, x, y };
}
