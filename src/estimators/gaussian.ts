/** Estimators for Gaussian encoders q(z|x) = N(μ(x), diag σ²(x)): closed forms and reparameterised Monte-Carlo. */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import { closedForm, standardNormalLogDensity } from '../families/index.ts';
import type { TermContext } from '../term/context.ts';
import { free, perSample } from '../term/value.ts';
import { logLikelihood } from './likelihood.ts';
import { unsupported, type Estimator } from './types.ts';

/** KL(N(μ,σ²) ‖ N(0,I)) = ½ Σ_d (μ² + σ² − 1 − log σ²), averaged over the batch (lecture notes §3, VAE). */
export const klToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar =>
  closedForm(enc, 'klToPrior')(ctx.forward(enc), enc.size);

export const analyticGaussian: Estimator = {
  name: 'analytic-gaussian',
  source: 'closed forms for diagonal Gaussians (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'kl' && node.p.kind === 'conditional' && node.q.kind === 'conditional') {
      const [p, q] = [node.p.enc, node.q.enc];
      return free(closedForm(p, 'klBetween')(ctx.forward(p), ctx.forward(q), p.size));
    }
    if (node.kind === 'kl' && node.p.kind === 'conditional') return free(klToStandardNormal(node.p.enc, ctx));
    if (node.kind === 'condEntropy') return free(closedForm(node.enc, 'entropy')(ctx.forward(node.enc), node.enc.size));
    if (node.kind === 'crossEntropy' && node.p.kind === 'conditional') {
      const p = node.p.enc;
      return free(closedForm(p, 'crossEntropyToPrior')(ctx.forward(p), p.size));
    }
    return unsupported('analytic-gaussian', node);
  },
};

export const reparamMC: Estimator = {
  name: 'reparam-mc',
  source: 'reparameterisation trick (lecture notes §3)',
  lower: (node, ctx) => {
    if (node.kind === 'logDensity' && node.dist.kind === 'conditional')
      return perSample(logLikelihood(node.dist.enc, ctx));
    if (node.kind === 'logDensity' && node.dist.kind === 'prior')
      return perSample(standardNormalLogDensity(ctx.valueOf(node.dist.v) as tf.Tensor2D));
    if (node.kind === 'kl' && node.p.kind === 'conditional') {
      // E_{z~q}[log q(z|x) − log p(z)] at one reparameterised z per sample
      const q = node.p.enc;
      const z = ctx.sample(q).z;
      const logP =
        node.q.kind === 'prior'
          ? standardNormalLogDensity(z)
          : node.q.kind === 'conditional'
            ? (closedForm(node.q.enc, 'logDensity')(z, ctx.forward(node.q.enc)) as tf.Tensor1D)
            : unsupported('reparam-mc', node);
      return free(tf.mean(tf.sub(logLikelihood(q, ctx), logP)));
    }
    if (node.kind === 'crossEntropy' && node.p.kind === 'marginal' && node.q.kind === 'prior')
      // CE(p(z), N(0,I)) = −E_x E_ε[log N(z)] at one reparameterised z per sample of the aggregate posterior
      return free(tf.neg(tf.mean(standardNormalLogDensity(ctx.sample(node.p.enc).z))));
    return unsupported('reparam-mc', node);
  },
};
