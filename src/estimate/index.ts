/** Estimation of I(X;Y) from paired samples: `estimateMI`, its estimators (KSG, critic and decoder bounds) and `auto`. */
export {
  estimateMI,
  prepareEstimate,
  runEstimate,
  resolveEstimator,
  type Estimate,
  type EstimateOptions,
  type PreparedEstimate,
} from './estimate.ts';
export { METHODS, SAMPLE_ESTIMATORS, minSamples, KSG_FOLDS, type SampleEstimator, type Method } from './methods.ts';
export { AUTO_RULES, autoEstimator, KSG_MAX_DIM, CRITIC_MIN_SAMPLES } from './auto.ts';
export { ksg, klEntropy, KSG_K, KD_TREE_MAX_DIM } from './ksg.ts';
export { EstimateError, parseColumns, type SampleInput } from './samples.ts';
export type { Points } from './knn.ts';
