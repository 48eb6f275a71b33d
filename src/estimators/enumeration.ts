/**
 * Exact expectations over a discrete latent: for a conditional p(x|z) whose z is the target of a categorical encoder
 * q(z|x), log p(x|z=k) is evaluated at every state k ([batch, K]), so Σ_k q_k(x)·log p(x|z=k) is E_{z~q}[log p(x|z)] without
 * sampling (lecture notes Appendix A.3.1: EM for a Gaussian mixture, where z is the component).
 */
import * as tf from '@tensorflow/tfjs';
import { statesOf } from '../expr/index.ts';
import { perSample } from '../term/value.ts';
import { unsupported, type Estimator } from './types.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** log p(v_b | z = k) for rows v [B, d] against per-state parameters from the network's output `raw` [K, ·]: [B, K]. */
function perStateLogDensity(family: string, v: tf.Tensor2D, raw: tf.Tensor2D): tf.Tensor2D {
  const at = tf.expandDims(v, 1); // [B, 1, d]
  switch (family) {
    case 'gaussian': {
      const [mean, logVar] = tf.split(raw, 2, 1).map((t) => tf.expandDims(t, 0)); // [1, K, d]
      return tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.div(tf.square(tf.sub(at, mean)), tf.exp(logVar)), logVar), LOG_2PI), 2)) as tf.Tensor2D;
    }
    case 'bernoulli': {
      const logits = tf.expandDims(raw, 0);
      return tf.neg(tf.sum(tf.add(tf.mul(at, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, at), tf.softplus(logits))), 2)) as tf.Tensor2D;
    }
    case 'categorical':
      return tf.matMul(v, tf.logSoftmax(raw), false, true) as tf.Tensor2D; // v one-hot
    default:
      throw new Error(`log p(x|z=k) of a ${family} conditional is not defined`);
  }
}

export const enumerateStates: Estimator = {
  name: 'enumerate-states',
  source: 'exact sum over the states of a discrete latent (lecture notes Appendix A.3.1, EM)',
  lower: (node, ctx) => {
    if (node.kind !== 'logDensity' || node.dist.kind !== 'conditional') return unsupported('enumerate-states', node);
    const decoder = node.dist.enc;
    const latent = ctx.encoderTargeting(decoder.given[0]); // planned for a decoder given one discrete latent
    const states = tf.oneHot(tf.range(0, statesOf(latent), 1, 'int32'), statesOf(latent)); // z = e_1 … e_K
    const raw = ctx.forward(decoder, states);
    const v = ctx.valueOf(decoder.target);
    return perSample(perStateLogDensity(decoder.family, tf.reshape(v, [v.shape[0], -1]) as tf.Tensor2D, raw));
  },
};
