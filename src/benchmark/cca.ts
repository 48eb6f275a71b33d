/**
 * The paper's "CCA" baseline (bmi's `CCAMutualInformationEstimator`, src/bmi/estimators/correlation.py) on a benchmark
 * sample: the library's `cca` estimator (`gaussianFitMI`, src/estimate/gaussian.ts) on all its rows.
 */
import { gaussianFitMI } from '../estimate/gaussian.ts';
import type { MiSample } from './task.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

export const ccaEstimate = (s: MiSample): number => {
  checkArgs('ccaEstimate', { sample: [Obj('an MiSample'), s] });
  return gaussianFitMI(
    { values: Float64Array.from(s.x), n: s.n, dim: s.dimX },
    { values: Float64Array.from(s.y), n: s.n, dim: s.dimY },
  );
};
