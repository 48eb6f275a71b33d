/**
 * Spectral Stein Gradient Estimator (Shi, Sun & Zhu 2018), as summarised in MIGE §2.1, Eq. 4:
 *   ĝ_i(x) = Σ_{j≤J} β̂_ij ψ̂_j(x),   β̂_ij = −(1/M) Σ_m ∂_{x_i} ψ̂_j(x^m),
 * with ψ̂_j the Nyström approximations of the eigenfunctions of the RBF kernel operator:
 *   ψ̂_j(x) = (√M / λ_j) Σ_m k(x, x^m) u_mj,   K = U Λ Uᵀ the Gram matrix of the M samples.
 * The Gram matrix is built with tfjs; its eigendecomposition is done in float64 by ml-matrix (tfjs has no symmetric
 * eigensolver, and the small eigenvalues that set J need double precision).
 */
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface SsgeOptions {
  /** RBF width σ in k(x,y) = exp(−‖x−y‖²/(2σ²)); default: the median of the pairwise distances. */
  readonly bandwidth?: number | 'median';
  /** Eigenfunctions kept: the fewest whose eigenvalues reach `ratio` of the total, or a fixed `count`. Default ratio 0.99. */
  readonly eigen?: { readonly ratio: number } | { readonly count: number };
  /** Added to the Gram matrix's diagonal before the eigendecomposition (relative to its mean diagonal, default 1e-6). */
  readonly jitter?: number;
}

export interface ScoreEstimate {
  /** ĝ at the samples [M, d]. */
  readonly scores: tf.Tensor2D;
  /** ĝ at other points [N, d]. */
  scoreAt(points: tf.Tensor2D): tf.Tensor2D;
  readonly numEigen: number;
  readonly bandwidth: number;
  dispose(): void;
}

/** Squared Euclidean distances between the rows of a [N, d] and b [M, d]. */
export const squaredDistances = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D =>
  tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.transpose(tf.sum(tf.square(b), 1, true));
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(2, tf.matMul(a, b, false, true)))) as tf.Tensor2D;
  });

/** The median of the pairwise distances between distinct samples (the median heuristic). */
export function medianDistance(d2: Float32Array, M: number): number {
  const off: number[] = [];
  for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) off.push(d2[i * M + j]);
  off.sort((a, b) => a - b);
  return Math.sqrt(off[Math.floor(off.length / 2)]) || 1;
}

/** Number of leading eigenvalues (sorted descending, non-negative) that reach `ratio` of their sum. */
export function eigenCount(values: Float64Array, ratio: number): number {
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  let acc = 0;
  for (let j = 0; j < values.length; j++) {
    acc += Math.max(values[j], 0);
    if (acc >= ratio * total) return j + 1;
  }
  return values.length;
}

/** Estimate ∇ log q from M samples of q. The result carries no gradient to the samples. */
export function ssge(samplesIn: tf.Tensor2D, o: SsgeOptions = {}): ScoreEstimate {
  const samples = tf.keep(tf.clone(samplesIn)) as tf.Tensor2D;
  const [M] = samples.shape;
  const d2 = squaredDistances(samples, samples);
  const d2data = d2.dataSync() as Float32Array;
  const sigma = typeof o.bandwidth === 'number' ? o.bandwidth : medianDistance(d2data, M);
  const K = new Matrix(M, M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) K.set(i, j, Math.exp(-d2data[i * M + j] / (2 * sigma * sigma)));
  d2.dispose();
  const jitter = (o.jitter ?? 1e-6) * (K.trace() / M);
  for (let i = 0; i < M; i++) K.set(i, i, K.get(i, i) + jitter);
  const evd = new EigenvalueDecomposition(K, { assumeSymmetric: true });
  // ml-matrix returns ascending eigenvalues; take them largest first
  const all = Float64Array.from(evd.realEigenvalues).reverse();
  const J = 'count' in (o.eigen ?? {}) ? Math.min(M, (o.eigen as { count: number }).count) : eigenCount(all, (o.eigen as { ratio: number } | undefined)?.ratio ?? 0.99);
  const vectors = evd.eigenvectorMatrix;
  const lambda = all.subarray(0, J);
  const U = new Float64Array(M * J); // U[m, j]
  for (let j = 0; j < J; j++) for (let m = 0; m < M; m++) U[m * J + j] = vectors.get(m, M - 1 - j);
  // β_j = √M/(M λ_j σ²) · (λ_j Xᵀu_j − Xᵀ(r ∘ u_j)), r = K·1 (row sums): MIGE Eq. 4 with ∇_x k(x, x_m) = −k (x − x_m)/σ²
  const r = Float64Array.from({ length: M }, (_, i) => K.getRow(i).reduce((s, v) => s + v, 0) - jitter);
  const x = samples.dataSync();
  const d = samples.shape[1];
  const beta = new Float32Array(J * d);
  for (let j = 0; j < J; j++) {
    const c = Math.sqrt(M) / (M * lambda[j] * sigma * sigma);
    for (let m = 0; m < M; m++) {
      const w = c * (lambda[j] - r[m]) * U[m * J + j];
      for (let i = 0; i < d; i++) beta[j * d + i] += w * x[m * d + i];
    }
  }
  const B = tf.keep(tf.tensor2d(beta, [J, d]));
  // Ψ(x) = √M · k(x, X) U Λ⁻¹; at the samples K U Λ⁻¹ = U (up to the jitter)
  const UoverLambda = tf.keep(tf.tensor2d(Float32Array.from(U, (v, idx) => (Math.sqrt(M) * v) / lambda[idx % J]), [M, J]));
  const scoreAt = (points: tf.Tensor2D) =>
    tf.tidy(() => {
      const k = tf.exp(tf.div(squaredDistances(points, samples), -2 * sigma * sigma));
      return tf.matMul(tf.matMul(k, UoverLambda), B) as tf.Tensor2D;
    });
  const scores = tf.keep(tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(U, (v) => Math.sqrt(M) * v), [M, J]), B))) as tf.Tensor2D;
  return {
    scores,
    scoreAt,
    numEigen: J,
    bandwidth: sigma,
    dispose: () => [samples, B, UoverLambda, scores].forEach((t) => t.dispose()),
  };
}

/** A random matrix R [dimIn, dimOut] with unit-length columns: x ↦ xR reduces dimension before SSGE (MIGE §3.3, scalable SSGE). */
export function randomProjection(dimIn: number, dimOut: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const g = tf.randomNormal([dimIn, dimOut], 0, 1, 'float32', seed);
    return tf.div(g, tf.norm(g, 'euclidean', 1, true)) as tf.Tensor2D; // each input dimension maps to a unit vector
  });
}
