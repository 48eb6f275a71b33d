/** Estimators for Gaussian encoders q(z|x) = N(μ(x), diag σ²(x)): closed forms and reparameterised Monte-Carlo. */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import type { TermContext } from '../lower/context.ts';
import { free, perSample } from '../lower/value.ts';
import { unsupported, type Estimator } from './types.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** KL(N(μ,σ²) ‖ N(0,I)) = ½ Σ_d (μ² + σ² − 1 − log σ²), averaged over the batch (lecture notes §3, VAE). */
export const klToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { mean, logVar } = ctx.gaussian(enc);
  const perDim = tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar));
  return tf.mean(tf.mul(0.5, tf.sum(perDim, 1))) as tf.Scalar;
};

/** CE(N(μ,σ²), N(0,I)) = ½ Σ_d (μ² + σ² + log 2π). */
const crossEntropyToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { mean, logVar } = ctx.gaussian(enc);
  return tf.mean(tf.mul(0.5, tf.sum(tf.add(tf.add(tf.square(mean), tf.exp(logVar)), LOG_2PI), 1))) as tf.Scalar;
};

/** H(N(μ,σ²)) = ½ Σ_d (log 2πe + log σ²), averaged over the batch. */
const gaussianEntropy = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { logVar } = ctx.gaussian(enc);
  return tf.mean(tf.mul(0.5, tf.sum(tf.add(LOG_2PI + 1, logVar), 1))) as tf.Scalar;
};

export const analyticGaussian: Estimator = {
  name: 'analytic-gaussian',
  source: 'closed forms for diagonal Gaussians (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'kl' && node.p.kind === 'conditional') return free(klToStandardNormal(node.p.enc, ctx));
    if (node.kind === 'condEntropy') return free(gaussianEntropy(node.enc, ctx));
    if (node.kind === 'crossEntropy' && node.p.kind === 'conditional') return free(crossEntropyToStandardNormal(node.p.enc, ctx));
    return unsupported('analytic-gaussian', node);
  },
};

/** log N(z; μ, σ²) at the encoder's reparameterised sample z = μ + σ·ε: −½ Σ_d (ε² + log 2π + log σ²). */
const logConditional = (enc: Encoder, ctx: TermContext): tf.Tensor1D => {
  const { noise } = ctx.sample(enc);
  const { logVar } = ctx.gaussian(enc);
  return tf.mul(-0.5, tf.sum(tf.add(tf.add(tf.square(noise), LOG_2PI), logVar), 1)) as tf.Tensor1D;
};

/** log N(z; 0, I) at the sample of the encoder whose target is z. */
const logStandardNormal = (z: tf.Tensor2D): tf.Tensor1D => tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), 1)) as tf.Tensor1D;


export const reparamMC: Estimator = {
  name: 'reparam-mc',
  source: 'reparameterisation trick (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'logDensity' && node.dist.kind === 'conditional') return perSample(logConditional(node.dist.enc, ctx));
    if (node.kind === 'logDensity' && node.dist.kind === 'prior') return perSample(logStandardNormal(ctx.sample(ctx.encoderTargeting(node.dist.v)).z));
    if (node.kind === 'kl' && node.p.kind === 'conditional') {
      const enc = node.p.enc;
      const q = node.q;
      const logP =
        q.kind === 'prior' ? logStandardNormal(ctx.sample(enc).z) : q.kind === 'conditional' ? logConditionalAt(q.enc, ctx.sample(enc).z, ctx) : unsupported('reparam-mc', node);
      return free(tf.mean(tf.sub(logConditional(enc, ctx), logP)));
    }
    return unsupported('reparam-mc', node);
  },
};

/** log N(z; μ_q(x), σ_q²(x)) at a given z. */
function logConditionalAt(enc: Encoder, z: tf.Tensor2D, ctx: TermContext): tf.Tensor1D {
  const { mean, logVar } = ctx.gaussian(enc);
  const sq = tf.div(tf.square(tf.sub(z, mean)), tf.exp(logVar));
  return tf.mul(-0.5, tf.sum(tf.add(tf.add(sq, LOG_2PI), logVar), 1)) as tf.Tensor1D;
}
