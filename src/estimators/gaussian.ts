/** Estimators for Gaussian encoders q(z|x) = N(μ(x), diag σ²(x)): closed forms and reparameterised Monte-Carlo. */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';
import { free, perSample } from '../term/value.ts';
import { gaussianLogDensity, logLikelihood, standardNormalLogDensity } from './likelihood.ts';
import { unsupported, type Estimator } from './types.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** KL(N(μ,σ²) ‖ N(0,I)) = ½ Σ_d (μ² + σ² − 1 − log σ²), averaged over the batch (lecture notes §3, VAE). */
export const klToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { mean, logVar } = ctx.gaussian(enc);
  const perDim = tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar));
  return tf.mean(tf.mul(0.5, tf.sum(perDim, 1))) as tf.Scalar;
};

/**
 * KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) = ½ Σ_d (σ₁²/σ₂² + (μ₁−μ₂)²/σ₂² − 1 + log σ₂² − log σ₁²) for each x, averaged over the batch.
 * Lecture notes §1.4.1: the VRNN's KL from the posterior to the conditional prior, both diagonal Gaussians in z.
 */
export const klBetweenGaussians = (p: Encoder, q: Encoder, ctx: TermContext): tf.Scalar => {
  const a = ctx.gaussian(p);
  const b = ctx.gaussian(q);
  const ratio = tf.div(tf.add(tf.exp(a.logVar), tf.square(tf.sub(a.mean, b.mean))), tf.exp(b.logVar));
  const perDim = tf.sub(tf.add(ratio, b.logVar), tf.add(1, a.logVar));
  return tf.mean(tf.mul(0.5, tf.sum(perDim, 1))) as tf.Scalar;
};

/** CE(N(μ,σ²), N(0,I)) = ½ Σ_d (μ² + σ² + log 2π). */
const crossEntropyToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { mean, logVar } = ctx.gaussian(enc);
  return tf.mean(tf.mul(0.5, tf.sum(tf.add(tf.add(tf.square(mean), tf.exp(logVar)), LOG_2PI), 1))) as tf.Scalar;
};

/** H(N(μ,σ²)) = ½ Σ_d (log 2πe + log σ²), averaged over the batch. */
export const gaussianEntropy = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const { logVar } = ctx.gaussian(enc);
  return tf.mean(tf.mul(0.5, tf.sum(tf.add(LOG_2PI + 1, logVar), 1))) as tf.Scalar;
};

export const analyticGaussian: Estimator = {
  name: 'analytic-gaussian',
  source: 'closed forms for diagonal Gaussians (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'kl' && node.p.kind === 'conditional' && node.q.kind === 'conditional') return free(klBetweenGaussians(node.p.enc, node.q.enc, ctx));
    if (node.kind === 'kl' && node.p.kind === 'conditional') return free(klToStandardNormal(node.p.enc, ctx));
    if (node.kind === 'condEntropy') return free(gaussianEntropy(node.enc, ctx));
    if (node.kind === 'crossEntropy' && node.p.kind === 'conditional') return free(crossEntropyToStandardNormal(node.p.enc, ctx));
    return unsupported('analytic-gaussian', node);
  },
};

export const reparamMC: Estimator = {
  name: 'reparam-mc',
  source: 'reparameterisation trick (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'logDensity' && node.dist.kind === 'conditional') return perSample(logLikelihood(node.dist.enc, ctx));
    if (node.kind === 'logDensity' && node.dist.kind === 'prior') return perSample(standardNormalLogDensity(ctx.valueOf(node.dist.v) as tf.Tensor2D));
    if (node.kind === 'kl' && node.p.kind === 'conditional') {
      // E_{z~q}[log q(z|x) − log p(z)] at one reparameterised z per sample
      const q = node.p.enc;
      const z = ctx.sample(q).z;
      const logP = node.q.kind === 'prior' ? standardNormalLogDensity(z) : node.q.kind === 'conditional' ? gaussianLogDensity(z, ctx.gaussian(node.q.enc).mean, ctx.gaussian(node.q.enc).logVar) : unsupported('reparam-mc', node);
      return free(tf.mean(tf.sub(logLikelihood(q, ctx), logP)));
    }
    return unsupported('reparam-mc', node);
  },
};
