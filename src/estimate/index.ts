/** Estimation of I(X;Y) from paired samples: `estimateMI`, its estimators (KSG, critic and decoder bounds) and `auto`. */
export {
  estimateMI,
  prepareEstimate,
  runEstimate,
  resolveEstimator,
  type Candidate,
  type Estimate,
  type EstimateOptions,
  type PreparedEstimate,
} from './estimate.ts';
export {
  METHODS,
  SAMPLE_ESTIMATORS,
  minSamples,
  FOLDS,
  isTrained,
  type SampleEstimator,
  type Method,
  type TrainedMethod,
} from './methods.ts';
export { gaussianCopulaMI, gaussianFitMI, mardiaKurtosisZ, normalScores } from './gaussian.ts';
export {
  autoEstimator,
  type AutoChoice,
  type AutoCase,
  KSG_MAX_DIM,
  CRITIC_MIN_SAMPLES,
  GAUSSIAN_MAX_KURTOSIS_Z,
} from './auto.ts';
export { ksg, klEntropy, KSG_K, KD_TREE_MAX_DIM } from './ksg.ts';
export { EstimateError, parseColumns, type SampleInput } from './samples.ts';
export type { Points } from './knn.ts';
