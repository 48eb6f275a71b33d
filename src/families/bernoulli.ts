/**
 * Bernoulli: `size` sigmoid units. One unit is Neural Bayes' binary L(x) = p(z=1|x), with the two explicit states
 * [1 − L, L] (Lemma 1); several units are independent bits (a pixel decoder), whose 2^size states are not enumerated.
 * The standard prior is uniform over the bits' values.
 */
import * as tf from '../tf.ts';
import { safeLog } from '../term/ops.ts';
import type { ExplicitStates, Family } from './family.ts';

const LOG_2 = Math.log(2);

/** [1 − σ(a_i), σ(a_i)] of every unit i side by side: [B, 2·size] (for one unit, the states of Lemma 1). */
const unitStates = (raw: tf.Tensor2D): tf.Tensor2D => {
  const bits = tf.sigmoid(raw);
  return tf.reshape(tf.stack([tf.sub(1, bits), bits], 2), [raw.shape[0], -1]) as tf.Tensor2D;
};

/** E_x H(p(z|x)) = −E_x Σ_i Σ_{b∈{0,1}} p(z_i=b|x) log(p(z_i=b|x) + ε): the bits are independent. */
const entropy = (raw: tf.Tensor2D): tf.Scalar => {
  const p = unitStates(raw);
  return tf.neg(tf.mean(tf.sum(tf.mul(p, safeLog(p)), 1))) as tf.Scalar;
};

/** E_x CE(p, q) = −E_x Σ_i Σ_b p(z_i=b) log(q(z_i=b) + ε). */
const crossEntropyBetween = (rawP: tf.Tensor2D, rawQ: tf.Tensor2D): tf.Scalar =>
  tf.neg(tf.mean(tf.sum(tf.mul(unitStates(rawP), safeLog(unitStates(rawQ))), 1))) as tf.Scalar;

/** One unit: z ∈ {0, 1}, the marginal E_x[L] ↦ [1 − E_x[L], E_x[L]] (a marginal given as the two states is kept). */
const binary: ExplicitStates = {
  states: 2,
  toStates: (m) => {
    if (m.size !== 1) return m as tf.Tensor1D;
    const l = tf.reshape(m, [1]);
    return tf.concat([tf.sub(1, l), l]) as tf.Tensor1D;
  },
  fromStates: (p) => tf.squeeze(tf.slice(p, [1], [1])),
};

export const bernoulli: Family = {
  discrete: true,
  oneHot: false,
  bitProbabilities: true,
  gaussianConditional: false,
  rawWidth: (size) => size,
  activate: (raw, size) => {
    if (size > 1) return { output: tf.sigmoid(raw) }; // independent bits
    const l = tf.sigmoid(tf.reshape(raw, [-1]));
    return { output: l, probs: tf.stack([tf.sub(1, l), l], 1) as tf.Tensor2D };
  },
  explicit: (size) => (size === 1 ? binary : undefined),
  // Σ_i v_i log σ(a_i) + (1 − v_i) log σ(−a_i), stable as log σ(a) = −softplus(−a)
  logDensity: (value, raw) => {
    const ones = tf.mul(value, tf.softplus(tf.neg(raw)));
    return tf.neg(tf.sum(tf.add(ones, tf.mul(tf.sub(1, value), tf.softplus(raw))), -1));
  },
  entropy,
  // KL(p ‖ U) = size·log 2 − H(p)
  klToPrior: (raw, size) => tf.sub(size * LOG_2, entropy(raw)) as tf.Scalar,
  // CE(p, U) = size·log 2
  crossEntropyToPrior: (_raw, size) => tf.scalar(size * LOG_2),
  // KL(p ‖ q) = CE(p, q) − H(p)
  klBetween: (rawP, rawQ) => tf.sub(crossEntropyBetween(rawP, rawQ), entropy(rawP)) as tf.Scalar,
  crossEntropyBetween,
};
