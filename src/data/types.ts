/** Data sets as the library passes them around. */

export interface Dataset {
  readonly name: string;
  /** Row-major n × dim. */
  readonly x: Float32Array;
  readonly n: number;
  readonly dim: number;
  /** Ground truth, for evaluation only (never seen by unsupervised training). */
  readonly labels?: Int32Array;
  /** n × 2 original 2-D coordinates of synthetic sets, for plots. */
  readonly plane?: Float32Array;
  /** Correlation of correlated-Gaussian data (MIGE's toy), for the channel that generates the second view. */
  readonly rho?: number;
  /** h, w, c of image data, e.g. [28, 28, 1]. */
  readonly imageShape?: readonly [number, number, number];
}

/** Bad data or data parameters: the message names the spec field (`data.rho: …`) or the place in the file. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** Subset of rows. */
export function subset(ds: Dataset, idx: Int32Array, name = ds.name): Dataset {
  const x = new Float32Array(idx.length * ds.dim);
  idx.forEach((r, i) => x.set(ds.x.subarray(r * ds.dim, (r + 1) * ds.dim), i * ds.dim));
  return {
    name,
    x,
    n: idx.length,
    dim: ds.dim,
    labels: ds.labels && Int32Array.from(idx, (r) => ds.labels![r]),
    plane: ds.plane && Float32Array.from({ length: idx.length * 2 }, (_, i) => ds.plane![idx[i >> 1] * 2 + (i & 1)]),
    imageShape: ds.imageShape,
  };
}

/** Standardise each column in place to zero mean and unit variance (columns without variance are left centred). */
export function standardise(x: Float32Array, n: number, dim: number): void {
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * dim + j];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * dim + j] - mean) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) x[i * dim + j] = sd > 0 ? (x[i * dim + j] - mean) / sd : x[i * dim + j] - mean;
  }
}
