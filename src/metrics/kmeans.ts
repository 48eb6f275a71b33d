/** The k-means baseline on the same data (ml-kmeans, k-means++ initialisation, best of several restarts). */
import { kmeans } from 'ml-kmeans';
import { makeRng } from '../data/rng.ts';
import type { Dataset } from '../data/types.ts';
import { checkArgs, DatasetArg, Num, PositiveInt } from '../api/arguments.ts';

/** Cluster labels of the best (lowest within-cluster sum of squares, the inertia) of `restarts` k-means runs. */
export function kmeansBaseline(ds: Dataset, k: number, seed: number, restarts = 5): Int32Array {
  checkArgs('kmeansBaseline', {
    ds: [DatasetArg, ds],
    k: [PositiveInt, k],
    seed: [Num, seed],
    restarts: [PositiveInt, restarts],
  });
  if (!Number.isInteger(k) || k < 1 || k > ds.n)
    throw new Error(`k-means: k must be an integer in [1, ${ds.n}], got ${k}`);
  if (!Number.isInteger(restarts) || restarts < 1)
    throw new Error(`k-means: restarts must be a positive integer, got ${restarts}`);
  const rows = Array.from({ length: ds.n }, (_, i) => Array.from(ds.x.subarray(i * ds.dim, (i + 1) * ds.dim)));
  const rng = makeRng(`${seed}:kmeans`);
  let best: { clusters: number[]; inertia: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const result = kmeans(rows, k, { initialization: 'kmeans++', seed: rng.seed(), maxIterations: 300 });
    // The returned centroids are the means of the returned clusters, so this is the partition's within-cluster sum of
    // squares.
    const inertia = rows.reduce((s, row, i) => {
      const c = result.centroids[result.clusters[i]];
      return s + row.reduce((t, v, j) => t + (v - c[j]) ** 2, 0);
    }, 0);
    if (!best || inertia < best.inertia) best = { clusters: result.clusters, inertia };
  }
  return Int32Array.from(best!.clusters);
}
