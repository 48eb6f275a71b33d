/**
 * Gaussian: q(z|x) = N(μ(x), diag σ²(x)) of `size` dimensions, the raw output [μ, log σ²] side by side; reparameterised
 * z = μ + σ·ε (lecture notes §3). The standard prior is N(0, I).
 */
import * as tf from '../tf.ts';
import type { Family } from './family.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** Gaussian encoder parameters. */
export interface GaussianParams {
  readonly mean: tf.Tensor2D;
  readonly logVar: tf.Tensor2D;
}

/** [μ, log σ²] ↦ μ and log σ² (the last axis split in two). */
export function gaussianParams(raw: tf.Tensor2D): GaussianParams {
  const [mean, logVar] = tf.split(raw, 2, -1) as [tf.Tensor2D, tf.Tensor2D];
  return { mean, logVar };
}

/** log N(v; μ, diag σ²) = −½ Σ_d ((v − μ)²/σ² + log 2π + log σ²), summed over the last axis. */
export const normalLogDensity = (v: tf.Tensor, mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor =>
  tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.div(tf.square(tf.sub(v, mean)), tf.exp(logVar)), LOG_2PI), logVar), -1));

/** log N(v; 0, I) per row: the standard prior's density. */
export const standardNormalLogDensity = (v: tf.Tensor2D): tf.Tensor1D =>
  tf.mul(-0.5, tf.sum(tf.add(tf.square(v), LOG_2PI), 1)) as tf.Tensor1D;

/** z = μ + σ·ε for noise ε ~ N(0, I) (the reparameterisation trick, lecture notes §3). */
export function gaussianSample(raw: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor2D {
  const { mean, logVar } = gaussianParams(raw);
  return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), noise)) as tf.Tensor2D;
}

export const gaussian: Family = {
  discrete: false,
  oneHot: false,
  bitProbabilities: false,
  gaussianConditional: true,
  rawWidth: (size) => 2 * size,
  activate: (raw) => ({ output: gaussianParams(raw).mean }),
  explicit: () => undefined,
  sample: { noisy: true, draw: gaussianSample },
  logDensity: (value, raw) => {
    const [mean, logVar] = tf.split(raw, 2, -1);
    return normalLogDensity(value, mean, logVar);
  },
  // H(N(μ,σ²)) = ½ Σ_d (log 2πe + log σ²)
  entropy: (raw) => {
    const { logVar } = gaussianParams(raw);
    return tf.mean(tf.mul(0.5, tf.sum(tf.add(LOG_2PI + 1, logVar), 1))) as tf.Scalar;
  },
  // KL(N(μ,σ²) ‖ N(0,I)) = ½ Σ_d (μ² + σ² − 1 − log σ²) (lecture notes §3, VAE)
  klToPrior: (raw) => {
    const { mean, logVar } = gaussianParams(raw);
    const perDim = tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar));
    return tf.mean(tf.mul(0.5, tf.sum(perDim, 1))) as tf.Scalar;
  },
  // CE(N(μ,σ²), N(0,I)) = ½ Σ_d (μ² + σ² + log 2π)
  crossEntropyToPrior: (raw) => {
    const { mean, logVar } = gaussianParams(raw);
    return tf.mean(tf.mul(0.5, tf.sum(tf.add(tf.add(tf.square(mean), tf.exp(logVar)), LOG_2PI), 1))) as tf.Scalar;
  },
  // KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) = ½ Σ_d (σ₁²/σ₂² + (μ₁−μ₂)²/σ₂² − 1 + log σ₂² − log σ₁²) (lecture notes §1.4.1)
  klBetween: (rawP, rawQ) => {
    const a = gaussianParams(rawP);
    const b = gaussianParams(rawQ);
    const ratio = tf.div(tf.add(tf.exp(a.logVar), tf.square(tf.sub(a.mean, b.mean))), tf.exp(b.logVar));
    const perDim = tf.sub(tf.add(ratio, b.logVar), tf.add(1, a.logVar));
    return tf.mean(tf.mul(0.5, tf.sum(perDim, 1))) as tf.Scalar;
  },
};
