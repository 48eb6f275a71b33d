/** Metrics: ARI, NMI, the k-means baseline, the linear probe. */
export { adjustedRandIndex, normalizedMutualInfo } from './clustering.ts';
export { kmeansBaseline } from './kmeans.ts';
export { linearProbe, type ProbeInput } from './linearProbe.ts';
