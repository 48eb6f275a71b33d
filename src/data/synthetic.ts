/**
 * Synthetic clustering sets of Neural Bayes §4.1: 2-D moons, circles or blobs, standardised, then embedded in `dim`
 * dimensions by zero-padding and a random rotation.
 */
import { makeRng, type Rng } from './rng.ts';
import { DataError, standardise, type Dataset } from './types.ts';

export interface SyntheticOptions {
  readonly shape: 'moons' | 'circles' | 'blobs';
  readonly n: number;
  /** Standard deviation of the Gaussian noise added to the 2-D points (blobs: the cluster spread). */
  readonly noise: number;
  readonly clusters?: number;
  readonly embed?: { readonly dim: number; readonly rotation: 'random' | 'none' };
}

/** Points on two interleaving half circles (the geometry of scikit-learn's make_moons). */
function moons(n: number): { p: Float64Array; y: Int32Array } {
  const outer = Math.ceil(n / 2);
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const upper = i < outer;
    const m = upper ? outer : n - outer;
    const t = (Math.PI * (upper ? i : i - outer)) / Math.max(1, m - 1);
    p[2 * i] = upper ? Math.cos(t) : 1 - Math.cos(t);
    p[2 * i + 1] = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    y[i] = upper ? 0 : 1;
  }
  return { p, y };
}

/** Two concentric circles, the inner one of half the radius (make_circles with factor 0.5). */
function circles(n: number): { p: Float64Array; y: Int32Array } {
  const outer = Math.ceil(n / 2);
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const isOuter = i < outer;
    const m = isOuter ? outer : n - outer;
    const t = (2 * Math.PI * (isOuter ? i : i - outer)) / m;
    const r = isOuter ? 1 : 0.5;
    p[2 * i] = r * Math.cos(t);
    p[2 * i + 1] = r * Math.sin(t);
    y[i] = isOuter ? 0 : 1;
  }
  return { p, y };
}

/** `k` blobs centred evenly on a circle of radius 4 (random phase); the noise is their spread. */
function blobs(n: number, k: number, rng: Rng): { p: Float64Array; y: Int32Array } {
  const phase = 2 * Math.PI * rng.uniform();
  const p = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const a = phase + (2 * Math.PI * c) / k;
    p[2 * i] = 4 * Math.cos(a);
    p[2 * i + 1] = 4 * Math.sin(a);
    y[i] = c;
  }
  return { p, y };
}

/**
 * Two orthonormal vectors in R^dim, uniformly distributed (Gram–Schmidt of Gaussian vectors = the first two rows of a Haar
 * random rotation): embedding [x, 0, …, 0] by a random rotation Q is x₁q₁ + x₂q₂.
 */
export function randomFrame(dim: number, rng: Rng): [Float64Array, Float64Array] {
  const g = () => Float64Array.from({ length: dim }, () => rng.normal());
  const norm = (v: Float64Array) => Math.hypot(...v);
  const q1 = g();
  const n1 = norm(q1);
  q1.forEach((v, i) => (q1[i] = v / n1));
  const q2 = g();
  const dot = q2.reduce((s, v, i) => s + v * q1[i], 0);
  q2.forEach((v, i) => (q2[i] = v - dot * q1[i]));
  const n2 = norm(q2);
  q2.forEach((v, i) => (q2[i] = v / n2));
  return [q1, q2];
}

/** Generate a synthetic set; the same seed gives the same data. */
export function makeSynthetic(o: SyntheticOptions, seed: number): Dataset {
  if (!Number.isInteger(o.n) || o.n < 2) throw new DataError('data.n', `expected an integer ≥ 2, got ${o.n}`);
  if (!(o.noise >= 0)) throw new DataError('data.noise', `expected a non-negative number, got ${o.noise}`);
  const k = o.clusters ?? 2;
  if (o.shape === 'blobs' && !(Number.isInteger(k) && k >= 2)) throw new DataError('data.clusters', `blobs need clusters ≥ 2, got ${o.clusters}`);
  const dim = o.embed?.dim ?? 2;
  if (!Number.isInteger(dim) || dim < 2) throw new DataError('data.embed.dim', `expected an integer ≥ 2, got ${dim}`);
  const rng = makeRng(`${seed}:synthetic:${o.shape}`);
  const { p, y } = o.shape === 'moons' ? moons(o.n) : o.shape === 'circles' ? circles(o.n) : blobs(o.n, k, rng);
  for (let i = 0; i < p.length; i++) p[i] += o.noise * rng.normal();
  const plane = Float32Array.from(p);
  // Standardise the 2-D points, then embed: zero-padding and a random rotation keep norms, so the data keep unit variance
  // per plane coordinate and R_c's noise scale ζ ~ N(0, 0.1²) is measured against the data's own scale (Neural Bayes §4.1).
  const q = Float32Array.from(p);
  standardise(q, o.n, 2);
  const x = new Float32Array(o.n * dim);
  if (o.embed?.rotation === 'random') {
    const [q1, q2] = randomFrame(dim, rng);
    for (let i = 0; i < o.n; i++) for (let j = 0; j < dim; j++) x[i * dim + j] = q[2 * i] * q1[j] + q[2 * i + 1] * q2[j];
  } else {
    for (let i = 0; i < o.n; i++) [x[i * dim], x[i * dim + 1]] = [q[2 * i], q[2 * i + 1]];
  }
  const perm = rng.permutation(o.n);
  const shuffled = { x: new Float32Array(x.length), labels: new Int32Array(o.n), plane: new Float32Array(2 * o.n) };
  perm.forEach((r, i) => {
    shuffled.x.set(x.subarray(r * dim, (r + 1) * dim), i * dim);
    shuffled.labels[i] = y[r];
    shuffled.plane.set(plane.subarray(2 * r, 2 * r + 2), 2 * i);
  });
  return { name: `${o.shape}${o.embed ? ` in ${dim}-D` : ''}`, n: o.n, dim, ...shuffled };
}
