/** Operations on data in memory: standardisation, row subsets, minibatch index sets. */
import type { Rng } from './rng.ts';
import { DataError, type Dataset } from './types.ts';
import {
  Bool,
  checkArgs,
  DatasetArg,
  Floats,
  Indices,
  NonNegativeInt,
  Num,
  oneOf,
  optional,
  options,
  PositiveInt,
  RngArg,
  Str,
} from '../api/arguments.ts';

/** Standardise each column in place to zero mean and unit variance (columns without variance are left centred, i.e. zero). */
export function standardise(x: Float32Array | Float64Array, n: number, dim: number): void {
  checkArgs('standardise', { x: [Floats, x], n: [NonNegativeInt, n], dim: [PositiveInt, dim] });
  if (x.length !== n * dim) throw new DataError('data', `expected ${n} × ${dim} = ${n * dim} values, got ${x.length}`);
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

/** The rows `idx` of `ds.x`, row-major idx.length × dim. */
export function gather(ds: Dataset, idx: Int32Array): Float32Array {
  checkArgs('gather', { ds: [DatasetArg, ds], idx: [Indices, idx] });
  const out = new Float32Array(idx.length * ds.dim);
  idx.forEach((r, i) => {
    if (!(r >= 0 && r < ds.n)) throw new DataError('data', `row ${r} is out of range for ${ds.name} (n = ${ds.n})`);
    out.set(ds.x.subarray(r * ds.dim, (r + 1) * ds.dim), i * ds.dim);
  });
  return out;
}

/** A data set of the rows `idx` (features, labels and plane coordinates). */
export function subset(ds: Dataset, idx: Int32Array, name = ds.name): Dataset {
  checkArgs('subset', { ds: [DatasetArg, ds], idx: [Indices, idx], name: [Str, name] });
  return {
    name,
    x: gather(ds, idx),
    n: idx.length,
    dim: ds.dim,
    labels: ds.labels && Int32Array.from(idx, (r) => ds.labels![r]),
    plane: ds.plane && Float32Array.from({ length: idx.length * 2 }, (_, i) => ds.plane![idx[i >> 1] * 2 + (i & 1)]),
    imageShape: ds.imageShape,
  };
}

/**
 * One epoch of minibatches: the row indices 0..n−1 in a fresh random order (drawn from `rng`, so each call — each epoch
 * — shuffles anew), cut into batches of `batchSize`; the last, smaller batch is dropped when `dropLast`.
 */
export function batches(n: number, batchSize: number, rng: Rng, o: { dropLast?: boolean } = {}): Generator<Int32Array> {
  checkArgs('batches', { n: [Num, n], batchSize: [Num, batchSize], rng: [RngArg, rng], options: [BatchOptions, o] });
  return batchesOf(n, batchSize, rng, o);
}
const BatchOptions = optional(options('options { dropLast? }', { dropLast: Bool }));

function* batchesOf(n: number, batchSize: number, rng: Rng, o: { dropLast?: boolean }): Generator<Int32Array> {
  if (!Number.isInteger(n) || n < 1) throw new DataError('data.n', `expected a positive integer, got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new DataError('batchSize', `expected a positive integer, got ${batchSize}`);
  if (o.dropLast && batchSize > n)
    throw new DataError(
      'batchSize',
      `${batchSize} is larger than the ${n} samples, so dropping the last batch leaves none`,
    );
  const perm = rng.permutation(n);
  for (let s = 0; s < n; s += batchSize) {
    if (o.dropLast && s + batchSize > n) return;
    yield perm.slice(s, Math.min(n, s + batchSize));
  }
}

/**
 * Two views of each image (lecture notes §4, co-training): the left and right halves, or the top and bottom halves.
 * Both views keep the labels (for evaluation only).
 */
export function imageViews(ds: Dataset, how: 'left-right' | 'top-bottom'): [Dataset, Dataset] {
  checkArgs('imageViews', { ds: [DatasetArg, ds], how: [oneOf(['left-right', 'top-bottom']), how] });
  if (!ds.imageShape) throw new DataError('data.views', `${ds.name} are not images`);
  const [h, w, c] = ds.imageShape;
  const [vh, vw] = how === 'left-right' ? [h, Math.floor(w / 2)] : [Math.floor(h / 2), w];
  const view = (first: boolean): Dataset => {
    const dim = vh * vw * c;
    const x = new Float32Array(ds.n * dim);
    const [r0, c0] = how === 'left-right' ? [0, first ? 0 : w - vw] : [first ? 0 : h - vh, 0];
    for (let i = 0; i < ds.n; i++)
      for (let r = 0; r < vh; r++) {
        const from = i * ds.dim + ((r0 + r) * w + c0) * c;
        x.set(ds.x.subarray(from, from + vw * c), i * dim + r * vw * c);
      }
    return {
      name: `${ds.name} (${how === 'left-right' ? (first ? 'left' : 'right') : first ? 'top' : 'bottom'} halves)`,
      x,
      n: ds.n,
      dim,
      labels: ds.labels,
      imageShape: [vh, vw, c],
    };
  };
  return [view(true), view(false)];
}
