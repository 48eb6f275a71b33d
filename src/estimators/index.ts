/** Estimators behind one interface (see types.ts), one module each, listed in registry.ts. */
export * from './types.ts';
export {
  CRITIC_BOUNDS,
  ESTIMATOR_MODULES,
  ESTIMATORS,
  moduleOf,
  withEstimators,
  type EstimatorName,
  type Estimators,
} from './registry.ts';
export { spanNoise, smoothnessPenalty, ZETA_STD } from './smoothness.ts';
export { densityRatio } from './bayesRatio.ts';
export { klToStandardNormal } from './gaussian.ts';
export { conditionalEntropy } from './discrete.ts';
export {
  ssge,
  symmetricEigen,
  randomProjection,
  squaredDistances,
  medianDistance,
  eigenCount,
  type SsgeOptions,
  type ScoreEstimate,
} from './ssge.ts';
export { mige, MIGE_DEFAULTS } from './mige.ts';
export { INFONCE_CANDIDATES } from './bounds.ts';
export {
  SCORE_BOUNDS,
  SCORE_FORMULAS,
  SMILE_CLIP,
  scoreBound,
  positiveFirst,
  rolled,
  type ScoreBound,
  type ScoreBoundInfo,
  type Scores,
} from './scores.ts';
