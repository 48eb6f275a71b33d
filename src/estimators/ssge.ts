/**
 * Spectral Stein Gradient Estimator (Shi, Sun & Zhu 2018), as summarised in MIGE §2.1, Eq. 4:
 *   ĝ_i(x) = Σ_{j≤J} β̂_ij ψ̂_j(x),   β̂_ij = −(1/M) Σ_m ∂_{x_i} ψ̂_j(x^m),
 * with ψ̂_j the Nyström approximations of the eigenfunctions of the RBF kernel operator:
 *   ψ̂_j(x) = (√M / λ_j) Σ_m k(x, x^m) u_mj,   K = U Λ Uᵀ the Gram matrix of the M samples.
 * The Gram matrix is built in one native pass when the addon is built (native/src/rbf.cc), else with tfjs; its
 * eigendecomposition is done in float64 (tfjs has no symmetric eigensolver,
 * and the small eigenvalues that set J need double precision): LAPACK when present, else the addon's own solver for
 * the J leading eigenpairs (native/src/eig_top.cc), else ml-matrix.
 */
import * as tf from '../tf.ts';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { nativeEigensolvers } from './eigensolver.ts';
import { Bool, ByteArray, checkArgs, Float64s, Num, Obj, optional, PositiveInt, Tensor2D } from '../api/arguments.ts';

/**
 * Eigenpairs of a symmetric M×M matrix (row-major), largest first: LAPACK's dsyevr through the native addon when it is
 * built and LAPACK is installed, else ml-matrix (pure JavaScript, about 30× slower at M = 500).
 */
export function symmetricEigen(
  k: Float64Array,
  M: number,
  native = true,
): { values: Float64Array; vector: (j: number, m: number) => number } {
  checkArgs('symmetricEigen', { k: [Float64s, k], M: [PositiveInt, M], native: [Bool, native] });
  const eigSym = native ? nativeEigensolvers()?.eigSym : undefined;
  if (eigSym) {
    const values = new Float64Array(M);
    const vectors = new Float64Array(M * M);
    if (eigSym(Float64Array.from(k), M, values, vectors) === 0)
      return { values: values.reverse(), vector: (j, m) => vectors[(M - 1 - j) * M + m] }; // ascending, column-major
  }
  const evd = new EigenvalueDecomposition(
    new Matrix(Array.from({ length: M }, (_, i) => Array.from(k.subarray(i * M, (i + 1) * M)))),
    { assumeSymmetric: true },
  );
  const V = evd.eigenvectorMatrix;
  return { values: Float64Array.from(evd.realEigenvalues).reverse(), vector: (j, m) => V.get(m, M - 1 - j) };
}

/** Which eigensolver: LAPACK's dsyevr (addon + liblapack), the addon's leading-eigenpairs solver, or ml-matrix. */
export type Eigensolver = 'lapack' | 'top' | 'ml-matrix';

/**
 * The eigenvalues (all, descending), J and the J leading eigenvectors U [M, J] (row-major, float32) of the symmetric
 * M×M matrix k. `solver` 'auto' takes LAPACK when present, else the addon's top-J solver, else ml-matrix.
 */
export function leadingEigen(
  k: Float64Array,
  M: number,
  select: { ratio: number } | { count: number },
  solver: Eigensolver | 'auto' = 'auto',
): { values: Float64Array; J: number; U: Float32Array; solver: Eigensolver } {
  const addon = nativeEigensolvers();
  const pickJ = (values: Float64Array) =>
    'count' in select ? Math.min(M, select.count) : eigenCount(values, select.ratio);
  if (addon?.eigSym && (solver === 'auto' || solver === 'lapack')) {
    const values = new Float64Array(M),
      vectors = new Float64Array(M * M);
    if (addon.eigSym(Float64Array.from(k), M, values, vectors) === 0) {
      // ascending, column-major
      values.reverse();
      const J = pickJ(values),
        U = new Float32Array(M * J);
      for (let j = 0; j < J; j++) for (let m = 0; m < M; m++) U[m * J + j] = vectors[(M - 1 - j) * M + m];
      return { values, J, U, solver: 'lapack' };
    }
  }
  if (addon?.eigSymTop && (solver === 'auto' || solver === 'top')) {
    const values = new Float64Array(M),
      vectors = new Float64Array(M * M);
    const [ratio, count] = 'count' in select ? [1, select.count] : [select.ratio, 0];
    const J = addon.eigSymTop(k, M, ratio, count, values, vectors);
    if (J > 0) return { values, J, U: Float32Array.from(vectors.subarray(0, M * J)), solver: 'top' }; // U[m, j]
  }
  const { values, vector } = symmetricEigen(k, M, false);
  const J = pickJ(values),
    U = new Float32Array(M * J);
  for (let j = 0; j < J; j++) for (let m = 0; m < M; m++) U[m * J + j] = vector(j, m);
  return { values, J, U, solver: 'ml-matrix' };
}

export interface SsgeOptions {
  /** RBF width σ in k(x,y) = exp(−‖x−y‖²/(2σ²)); default: the median of the pairwise distances. */
  readonly bandwidth?: number | 'median';
  /** Eigenfunctions kept: the fewest whose eigenvalues reach `ratio` of the total, or a fixed `count`. Default ratio 0.99. */
  readonly eigen?: { readonly ratio: number } | { readonly count: number };
  /** Added to the Gram matrix's diagonal before the eigendecomposition (relative to its mean diagonal, default 1e-6). */
  readonly jitter?: number;
  /** The eigensolver (see `leadingEigen`); default 'auto'. */
  readonly eigensolver?: Eigensolver | 'auto';
}

export interface ScoreEstimate {
  /** ĝ at the samples [M, d]. */
  readonly scores: tf.Tensor2D;
  /** ĝ at other points [N, d]. */
  scoreAt(points: tf.Tensor2D): tf.Tensor2D;
  readonly numEigen: number;
  readonly bandwidth: number;
  /** The eigensolver that ran. */
  readonly eigensolver: Eigensolver;
  dispose(): void;
}

/** Squared Euclidean distances between the rows of a [N, d] and b [M, d]. */
export const squaredDistances = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => {
  checkArgs('squaredDistances', { a: [Tensor2D, a], b: [Tensor2D, b] });
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.transpose(tf.sum(tf.square(b), 1, true));
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(2, tf.matMul(a, b, false, true)))) as tf.Tensor2D;
  });
};

/** The median of the pairwise distances between distinct samples (the median heuristic). */
export function medianDistance(d2: Float32Array, M: number): number {
  checkArgs('medianDistance', { d2: [ByteArray, d2], M: [PositiveInt, M] });
  const off = new Float32Array((M * (M - 1)) / 2);
  let at = 0;
  for (let i = 0; i < M; i++) {
    off.set(d2.subarray(i * M + i + 1, (i + 1) * M), at);
    at += M - i - 1;
  }
  return Math.sqrt(select(off, Math.floor(off.length / 2))) || 1;
}

/** The k-th smallest element (Hoare's quickselect, in place, expected linear time). */
function select(a: Float32Array, k: number): number {
  let [lo, hi] = [0, a.length - 1];
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let [i, j] = [lo, hi];
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        [a[i], a[j]] = [a[j], a[i]];
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** Number of leading eigenvalues (sorted descending, non-negative) that reach `ratio` of their sum. */
export function eigenCount(values: Float64Array, ratio: number): number {
  checkArgs('eigenCount', { values: [Float64s, values], ratio: [Num, ratio] });
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  let acc = 0;
  for (let j = 0; j < values.length; j++) {
    acc += Math.max(values[j], 0);
    if (acc >= ratio * total) return j + 1;
  }
  return values.length;
}

/**
 * The RBF Gram matrix K (float64, `jitter` added to the diagonal), its row sums r = K·1 before the jitter, and the
 * bandwidth σ (a number, or the median pairwise distance): in one native pass when the addon is built (`native`), else
 * with tfjs kernels.
 */
export function rbfGram(
  samples: tf.Tensor2D,
  bandwidth: number | 'median',
  jitter: number,
  native = true,
): { K: Float64Array; r: Float64Array; sigma: number } {
  const [M, d] = samples.shape;
  const fused = native ? nativeEigensolvers()?.rbfGram : undefined;
  if (fused && (bandwidth === 'median' || bandwidth > 0)) {
    const K = new Float64Array(M * M),
      r = new Float64Array(M);
    const x = samples.dataSync() as Float32Array;
    const sigma = fused(x, M, d, bandwidth === 'median' ? 0 : bandwidth, jitter, K, r);
    return { K, r, sigma };
  }
  const d2 = squaredDistances(samples, samples);
  const sigma = typeof bandwidth === 'number' ? bandwidth : medianDistance(d2.dataSync() as Float32Array, M);
  const gram = tf.tidy(() => tf.exp(tf.div(d2, -2 * sigma * sigma)));
  d2.dispose();
  const K = Float64Array.from(gram.dataSync());
  const rowSums = tf.sum(gram, 1);
  const r = Float64Array.from(rowSums.dataSync());
  tf.dispose([gram, rowSums]);
  for (let i = 0; i < M; i++) K[i * M + i] += jitter;
  return { K, r, sigma };
}

/** Estimate ∇ log q from M samples of q. The result carries no gradient to the samples. */
export function ssge(samplesIn: tf.Tensor2D, o: SsgeOptions = {}): ScoreEstimate {
  checkArgs('ssge', { samples: [Tensor2D, samplesIn], options: [optional(Obj('SSGE options')), o] });
  const samples = tf.keep(tf.clone(samplesIn)) as tf.Tensor2D;
  const [M] = samples.shape;
  // jitter relative to the diagonal, which is k(x, x) = 1
  const gram = rbfGram(samples, o.bandwidth ?? 'median', o.jitter ?? 1e-6);
  const { K, sigma } = gram;
  const r = tf.tensor1d(Float32Array.from(gram.r));
  const select = o.eigen && 'count' in o.eigen ? { count: o.eigen.count } : { ratio: o.eigen?.ratio ?? 0.99 };
  const { values: all, J, U, solver } = leadingEigen(K, M, select, o.eigensolver); // U[m, j]
  const lambda = Float32Array.from(all.subarray(0, J));
  const { B, UoverLambda, scores } = tf.tidy(() => {
    const u = tf.tensor2d(U, [M, J]);
    const lam = tf.tensor1d(lambda);
    // β_j = √M/(M λ_j σ²) · Σ_m (λ_j − r_m) u_mj x_m  (MIGE Eq. 4 with ∇_x k(x, x_m) = −k(x, x_m)(x − x_m)/σ² and Σ_m
    // K_im u_mj = λ_j u_ij)
    const weights = tf.mul(u, tf.sub(tf.reshape(lam, [1, J]), tf.reshape(r, [M, 1])));
    const scale = tf.div(Math.sqrt(M) / (M * sigma * sigma), lam);
    const beta = tf.mul(tf.reshape(scale, [J, 1]), tf.matMul(weights, samples, true, false));
    // Ψ(x) = √M·k(x, X) U Λ⁻¹; at the samples K U Λ⁻¹ = U (up to the jitter)
    return {
      B: tf.keep(beta),
      UoverLambda: tf.keep(tf.div(tf.mul(Math.sqrt(M), u), lam)),
      scores: tf.keep(tf.matMul(tf.mul(Math.sqrt(M), u), beta)),
    };
  });
  r.dispose();
  const scoreAt = (points: tf.Tensor2D) =>
    tf.tidy(() => {
      const k = tf.exp(tf.div(squaredDistances(points, samples), -2 * sigma * sigma));
      return tf.matMul(tf.matMul(k, UoverLambda), B) as tf.Tensor2D;
    });
  return {
    scores: scores as tf.Tensor2D,
    scoreAt,
    numEigen: J,
    bandwidth: sigma,
    eigensolver: solver,
    dispose: () => [samples, B, UoverLambda, scores].forEach((t) => t.dispose()),
  };
}

/** A random matrix R [dimIn, dimOut] with unit-length columns: x ↦ xR reduces dimension before SSGE (MIGE §3.3, scalable SSGE). */
export function randomProjection(dimIn: number, dimOut: number, seed: number): tf.Tensor2D {
  checkArgs('randomProjection', { dimIn: [PositiveInt, dimIn], dimOut: [PositiveInt, dimOut], seed: [Num, seed] });
  return tf.tidy(() => {
    const g = tf.randomNormal([dimIn, dimOut], 0, 1, 'float32', seed);
    return tf.div(g, tf.norm(g, 'euclidean', 1, true)) as tf.Tensor2D; // each input dimension maps to a unit vector
  });
}
