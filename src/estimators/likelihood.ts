/**
 * Log-likelihoods of explicit conditionals at the values their variables take in a call: observed data, or the
 * reparameterised sample of the encoder that produces them (lecture notes §3: log P_Φ(x|z) at z = μ + σ·ε).
 */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(v; μ, diag σ²) per row. */
export const gaussianLogDensity = (v: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D =>
  tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.div(tf.square(tf.sub(v, mean)), tf.exp(logVar)), LOG_2PI), logVar), 1)) as tf.Tensor1D;

/** log N(v; 0, I) per row. */
export const standardNormalLogDensity = (v: tf.Tensor2D): tf.Tensor1D => tf.mul(-0.5, tf.sum(tf.add(tf.square(v), LOG_2PI), 1)) as tf.Tensor1D;

/** Σ_i v_i log σ(a_i) + (1 − v_i) log σ(−a_i) per row, from logits a (stable: log σ(a) = −softplus(−a)). */
export const bernoulliLogDensity = (v: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D =>
  tf.neg(tf.sum(tf.add(tf.mul(v, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, v), tf.softplus(logits))), 1)) as tf.Tensor1D;

/** log p_enc(target | given) per sample, at the call's values of both variables. */
export function logLikelihood(enc: Encoder, ctx: TermContext): tf.Tensor1D {
  const at = ctx.valueOf(enc.target);
  const v = tf.reshape(at, [at.shape[0], -1]) as tf.Tensor2D;
  switch (enc.family) {
    case 'gaussian': {
      const { mean, logVar } = ctx.gaussian(enc);
      return gaussianLogDensity(v, mean, logVar);
    }
    case 'bernoulli':
      return bernoulliLogDensity(v, ctx.forward(enc));
    case 'categorical': // v one-hot: Σ_k v_k log softmax(a)_k
      return tf.sum(tf.mul(v, tf.logSoftmax(ctx.forward(enc))), 1) as tf.Tensor1D;
    default:
      throw new Error(`log-likelihood of a ${enc.family} conditional is not defined here (${enc.model})`);
  }
}
