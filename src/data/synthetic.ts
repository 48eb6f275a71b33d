/**
 * Synthetic clustering sets of Neural Bayes §4.1: 2-D moons, circles, spirals or blobs, standardised, then embedded in `dim`
 * dimensions by zero-padding and a random rotation ("projected to high dimensions (512) by appending 510 dimensions of
 * 0 entries to each sample and then randomly rotated").
 */
import { Matrix, QrDecomposition, solve } from 'ml-matrix';
import { makeRng, type Rng } from './rng.ts';
import { standardise } from './transforms.ts';
import { DataError, type Dataset } from './types.ts';
import { checkArgs, NonNegativeInt, Num, NumberLike, Obj, oneOf, PositiveInt, RngArg } from '../api/arguments.ts';

export interface SyntheticOptions {
  readonly shape: 'moons' | 'circles' | 'spirals' | 'blobs';
  readonly n: number;
  /** Standard deviation of the Gaussian noise added to the 2-D points (blobs: the cluster spread). */
  readonly noise: number;
  /** Number of blobs or spiral arms (default 2); moons and circles always have 2 components. */
  readonly clusters?: number;
  /** Circles: the inner radius over the outer one, in (0, 1) (scikit-learn's `factor`; default 0.5). */
  readonly factor?: number;
  readonly embed?: { readonly dim: number; readonly rotation: 'random' | 'none' };
}

interface Plane {
  readonly p: Float64Array;
  readonly y: Int32Array;
}

/** Two interleaving half circles, scikit-learn's make_moons: n/2 (rounded down) on the upper one, label 0; the rest, label 1. */
function moons(n: number): Plane {
  const upper = Math.floor(n / 2);
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const isUpper = i < upper;
    const m = isUpper ? upper : n - upper;
    const t = (Math.PI * (isUpper ? i : i - upper)) / Math.max(1, m - 1); // np.linspace(0, π, m)
    p[2 * i] = isUpper ? Math.cos(t) : 1 - Math.cos(t);
    p[2 * i + 1] = isUpper ? Math.sin(t) : 0.5 - Math.sin(t);
    y[i] = isUpper ? 0 : 1;
  }
  return { p, y };
}

/** Two concentric circles, scikit-learn's make_circles: outer radius 1 (label 0), inner radius `factor` (label 1). */
function circles(n: number, factor: number): Plane {
  const outer = Math.floor(n / 2);
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const isOuter = i < outer;
    const m = isOuter ? outer : n - outer;
    const t = (2 * Math.PI * (isOuter ? i : i - outer)) / m; // np.linspace(0, 2π, m, endpoint=False)
    const r = isOuter ? 1 : factor;
    p[2 * i] = r * Math.cos(t);
    p[2 * i + 1] = r * Math.sin(t);
    y[i] = isOuter ? 0 : 1;
  }
  return { p, y };
}

/** Angle swept by each spiral arm: 1.2π (216°), about the span of the Neural Bayes authors' spiral set. */
export const SPIRAL_SWEEP = 1.2 * Math.PI;

/**
 * `k` interleaved spiral arms (the 3-arm set of Neural Bayes Figure 1): arm c (label c) is the Archimedean spiral
 * r = t at angle t + 2πc/k for t from 1 to 1 + SPIRAL_SWEEP, so that neighbouring arms are 2π/k apart at every radius
 * (radially, 2π/k). Arm c gets the points i ≡ c (mod k); t grows as the square root of the point's rank, so that the
 * points are about evenly spaced along the arm (arc length grows as t²).
 */
function spirals(n: number, k: number): Plane {
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const perArm = Array.from({ length: k }, (_, c) => Math.floor((n - c - 1) / k) + 1);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const rank = Math.floor(i / k);
    const t = 1 + SPIRAL_SWEEP * Math.sqrt((rank + 0.5) / perArm[c]);
    const angle = t + (2 * Math.PI * c) / k;
    p[2 * i] = t * Math.cos(angle);
    p[2 * i + 1] = t * Math.sin(angle);
    y[i] = c;
  }
  return { p, y };
}

/**
 * Centres of `k` blobs evenly on a circle with a random phase, radius 4 or more so neighbouring centres are at least 6
 * apart: well separated for noise up to about 1.
 */
function blobCentres(k: number, rng: Rng): Float64Array {
  const radius = Math.max(4, 3 / Math.sin(Math.PI / k));
  const phase = 2 * Math.PI * rng.uniform();
  return Float64Array.from(
    { length: 2 * k },
    (_, i) => radius * (i % 2 === 0 ? Math.cos : Math.sin)(phase + (2 * Math.PI * (i >> 1)) / k),
  );
}

/** `n` points at the `k` blob centres (point i in blob i mod k); the noise added afterwards is their spread. */
function blobs(n: number, k: number, rng: Rng): Plane {
  const centres = blobCentres(k, rng);
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    p[2 * i] = centres[2 * y[i]];
    p[2 * i + 1] = centres[2 * y[i] + 1];
  }
  return { p, y };
}

/**
 * The first two columns q₁, q₂ of a Haar-random rotation of R^dim: the QR decomposition G = QR of a dim × 2 Gaussian
 * matrix with the signs fixed so that diag(R) > 0 (without the fix Householder QR leaves sign conventions that are not
 * Haar). Rotating a zero-padded point [a, b, 0, …, 0] only uses these columns: Q·[a, b, 0, …]ᵀ = a·q₁ + b·q₂.
 */
export function randomFrame(dim: number, rng: Rng): [Float64Array, Float64Array] {
  checkArgs('randomFrame', { dim: [PositiveInt, dim], rng: [RngArg, rng] });
  const g = new Matrix(dim, 2);
  for (let j = 0; j < 2; j++) for (let i = 0; i < dim; i++) g.set(i, j, rng.normal());
  const qr = new QrDecomposition(g);
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  const column = (j: number) => {
    const sign = r.get(j, j) < 0 ? -1 : 1;
    return Float64Array.from({ length: dim }, (_, i) => sign * q.get(i, j));
  };
  return [column(0), column(1)];
}

/**
 * Embed n standardised 2-D points in R^dim: zero-padding, then (rotation 'random') a random rotation drawn from `rng`.
 * Both keep norms and distances, so the rotated data keep the plane's unit variance per direction of the plane.
 */
export function embedPlane(
  p: ArrayLike<number>,
  n: number,
  dim: number,
  rotation: 'random' | 'none',
  rng: Rng,
): Float32Array {
  checkArgs('embedPlane', {
    p: [NumberLike, p],
    n: [NonNegativeInt, n],
    dim: [PositiveInt, dim],
    rotation: [oneOf(['random', 'none']), rotation],
    rng: [RngArg, rng],
  });
  const x = new Float32Array(n * dim);
  if (rotation === 'random') {
    const [q1, q2] = randomFrame(dim, rng);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) x[i * dim + j] = p[2 * i] * q1[j] + p[2 * i + 1] * q2[j];
  } else {
    for (let i = 0; i < n; i++) [x[i * dim], x[i * dim + 1]] = [p[2 * i], p[2 * i + 1]];
  }
  return x;
}

function validate(o: SyntheticOptions): { k: number; dim: number } {
  if (!['moons', 'circles', 'spirals', 'blobs'].includes(o.shape))
    throw new DataError('data.shape', `expected moons, circles, spirals or blobs, got ${o.shape}`);
  if (!Number.isInteger(o.n) || o.n < 2) throw new DataError('data.n', `expected an integer ≥ 2, got ${o.n}`);
  if (!(Number.isFinite(o.noise) && o.noise >= 0))
    throw new DataError('data.noise', `expected a finite number ≥ 0, got ${o.noise}`);
  const k = o.clusters ?? 2;
  const many = o.shape === 'blobs' || o.shape === 'spirals';
  if (many && !(Number.isInteger(k) && k >= 2 && k <= o.n))
    throw new DataError(
      'data.clusters',
      `${o.shape} need an integer number of clusters in [2, n = ${o.n}], got ${o.clusters}`,
    );
  if (!many && k !== 2) throw new DataError('data.clusters', `${o.shape} always have 2 clusters, got ${o.clusters}`);
  if (o.factor !== undefined && (o.shape !== 'circles' || !(o.factor > 0 && o.factor < 1)))
    throw new DataError(
      'data.factor',
      o.shape !== 'circles'
        ? `only circles have a factor, not ${o.shape}`
        : `expected a number in (0, 1), got ${o.factor}`,
    );
  const dim = o.embed?.dim ?? 2;
  if (!Number.isInteger(dim) || dim < 2) throw new DataError('data.embed.dim', `expected an integer ≥ 2, got ${dim}`);
  if (o.embed && !['random', 'none'].includes(o.embed.rotation))
    throw new DataError('data.embed.rotation', `expected random or none, got ${o.embed.rotation}`);
  return { k, dim };
}

/** Generate a synthetic set, rows in random order; labels are the generating components; the same seed gives the same data. */
export function makeSynthetic(o: SyntheticOptions, seed: number): Dataset {
  checkArgs('makeSynthetic', { options: [Obj('synthetic options { shape, n, … }'), o], seed: [Num, seed] });
  const { k, dim } = validate(o);
  const rng = makeRng(`${seed}:synthetic:${o.shape}`);
  const { p, y } =
    o.shape === 'moons'
      ? moons(o.n)
      : o.shape === 'circles'
        ? circles(o.n, o.factor ?? 0.5)
        : o.shape === 'spirals'
          ? spirals(o.n, k)
          : blobs(o.n, k, rng);
  for (let i = 0; i < p.length; i++) p[i] += o.noise * rng.normal();
  const plane = Float32Array.from(p);
  // Standardise the 2-D points (Neural Bayes App. E: "we always normalize the datasets to have zero mean and unit
  // variance"), then embed. Standardising the plane rather than each of the `dim` rotated columns keeps the embedding
  // an isometry, so the data have unit variance along both plane directions and R_c's noise scale ζ ~ N(0, 0.1²) is
  // measured against the data's own scale (per-column standardisation would rescale every column of a rank-2 set and
  // inflate the norm to √dim).
  const q = Float32Array.from(p);
  standardise(q, o.n, 2);
  const x = embedPlane(q, o.n, dim, o.embed?.rotation ?? 'none', rng);
  const perm = rng.permutation(o.n);
  const shuffled = { x: new Float32Array(x.length), labels: new Int32Array(o.n), plane: new Float32Array(2 * o.n) };
  perm.forEach((r, i) => {
    shuffled.x.set(x.subarray(r * dim, (r + 1) * dim), i * dim);
    shuffled.labels[i] = y[r];
    shuffled.plane.set(plane.subarray(2 * r, 2 * r + 2), 2 * i);
  });
  return { name: `${o.shape}${o.embed ? ` in ${dim}-D` : ''}`, n: o.n, dim, ...shuffled };
}

/**
 * Points of the data plane mapped into the data's space: a synthetic set's rows are an affine function of its 2-D
 * points (standardisation, then zero-padding and a rotation), x = a + u·p₁ + v·p₂, so that function is recovered
 * exactly by least squares from the set itself. Used to show what a network predicts off the data (Neural Bayes
 * Figure 1: "projected back to 2 dimensions for visualization", lighter shades for the rest of the space).
 */
export function liftPlane(ds: Dataset, points: ArrayLike<number>): Float32Array {
  if (!ds.plane) throw new DataError('data', `${ds.name} has no 2-D plane to lift points from`);
  const n = ds.n;
  const p = new Matrix(n, 3);
  const x = new Matrix(n, ds.dim);
  for (let i = 0; i < n; i++) {
    p.set(i, 0, 1);
    p.set(i, 1, ds.plane[2 * i]);
    p.set(i, 2, ds.plane[2 * i + 1]);
    for (let j = 0; j < ds.dim; j++) x.set(i, j, ds.x[i * ds.dim + j]);
  }
  const map = solve(p.transpose().mmul(p), p.transpose().mmul(x)); // 3 × dim
  const m = points.length / 2;
  const out = new Float32Array(m * ds.dim);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < ds.dim; j++)
      out[i * ds.dim + j] = map.get(0, j) + points[2 * i] * map.get(1, j) + points[2 * i + 1] * map.get(2, j);
  return out;
}
