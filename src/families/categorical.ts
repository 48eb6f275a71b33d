/**
 * Categorical: softmax over `size` states, L(x) in the simplex with p(z=k|x) = L_k(x) (Neural Bayes Lemma 1); the
 * marginal p(z=k) = E_x[L_k(x)] is explicit. The standard prior is uniform over the K states.
 */
import * as tf from '../tf.ts';
import { safeLog } from '../term/ops.ts';
import type { Family } from './family.ts';

/** E_x H(p(z|x)) = −E_x Σ_k L_k log(L_k + ε). */
const entropy = (raw: tf.Tensor2D): tf.Scalar => {
  const p = tf.softmax(raw);
  return tf.neg(tf.mean(tf.sum(tf.mul(p, safeLog(p)), 1))) as tf.Scalar;
};

/** E_x CE(p, q) = −E_x Σ_k p_k log(q_k + ε) (lecture notes §4, Ĥ_{Ψ,Φ}(Z|X) for two views of one sample). */
const crossEntropyBetween = (rawP: tf.Tensor2D, rawQ: tf.Tensor2D): tf.Scalar =>
  tf.neg(tf.mean(tf.sum(tf.mul(tf.softmax(rawP), safeLog(tf.softmax(rawQ))), 1))) as tf.Scalar;

export const categorical: Family = {
  discrete: true,
  oneHot: true,
  bitProbabilities: false,
  gaussianConditional: false,
  rawWidth: (size) => size,
  activate: (raw) => {
    const p = tf.softmax(raw);
    return { output: p, probs: p };
  },
  explicit: (size) => ({ states: size, toStates: (m) => m as tf.Tensor1D, fromStates: (p) => p }),
  // log p(v) = Σ_k v_k log softmax(a)_k for one-hot v
  logDensity: (value, raw) => tf.sum(tf.mul(value, tf.logSoftmax(raw)), -1),
  entropy,
  // KL(L(x) ‖ U) = Σ_k L_k log(K·L_k) = log K − H(L(x))
  klToPrior: (raw, size) => tf.sub(Math.log(size), entropy(raw)) as tf.Scalar,
  // CE(L(x), U) = log K
  crossEntropyToPrior: (_raw, size) => tf.scalar(Math.log(size)),
  // KL(p ‖ q) = CE(p, q) − H(p)
  klBetween: (rawP, rawQ) => tf.sub(crossEntropyBetween(rawP, rawQ), entropy(rawP)) as tf.Scalar,
  crossEntropyBetween,
};
