/** Metrics: ARI, NMI, the k-means baseline, logistic regression and the linear probe built on it. */
export { adjustedRandIndex, normalizedMutualInfo } from './clustering.ts';
export { kmeansBaseline } from './kmeans.ts';
export { logisticRegression, type LogisticRegression, type LogisticRegressionOptions } from './logisticRegression.ts';
export { linearProbe, type ProbeInput } from './linearProbe.ts';
export { aggregateMutualInformation, gaussianRate, type GaussianCodes } from './gaussianInformation.ts';
