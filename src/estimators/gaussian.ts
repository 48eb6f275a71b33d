/** Estimators for Gaussian encoders q(z|x) = N(μ(x), diag σ²(x)): closed forms and reparameterised Monte-Carlo. */
import * as tf from '../tf.ts';
import type { Encoder } from '../expr/index.ts';
import { closedForm, hasDensity, isGaussianConditional, standardNormalLogDensity } from '../families/index.ts';
import { aggregatePosterior, offerUnder } from '../plan/variableRules.ts';
import { conditionalOf, isStdNormal, RULE, sameConditionalSpace } from '../plan/rules.ts';
import type { TermContext } from '../term/context.ts';
import { free, perSample } from '../term/value.ts';
import { logLikelihood } from './likelihood.ts';
import { unsupported, type EstimatorModule } from './types.ts';
import {
  encoderName,
  encoderRef,
  q as py,
  returns,
  TorchUnsupported,
  torchUnsupported,
} from '../targets/pytorch/lowering.ts';
import type { HelperName } from '../targets/pytorch/runtime.ts';

const gaussian = isGaussianConditional;
import { checkArgs, Context, EncoderArg } from '../api/arguments.ts';

/** KL(N(μ,σ²) ‖ N(0,I)) = ½ Σ_d (μ² + σ² − 1 − log σ²), averaged over the batch (lecture notes §3, VAE). */
export const klToStandardNormal = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  checkArgs('klToStandardNormal', { enc: [EncoderArg, enc], ctx: [Context, ctx] });
  return closedForm(enc, 'klToPrior')(ctx.forward(enc), enc.size);
};

export const analyticGaussian: EstimatorModule<'analytic-gaussian'> = {
  name: 'analytic-gaussian',
  source: 'closed forms for diagonal Gaussians (lecture notes §3)',
  pytorch: {
    equation: 'closed forms for diagonal Gaussians (lecture notes §3, §1.4.1)',
    lower: (node) => {
      if (node.kind === 'kl' && node.p.kind === 'conditional' && node.q.kind === 'conditional') {
        const [p, q] = [node.p.enc.model, node.q.enc.model];
        return returns(`kl_${p}_${q}`, `gaussian_kl_between(b, ${py(p)}, ${py(q)})`, ['gaussianClosedForms']);
      }
      if (node.kind === 'kl' && node.p.kind === 'conditional')
        return returns(`kl_${node.p.enc.model}`, `gaussian_kl_to_prior(b, ${py(node.p.enc.model)})`, [
          'gaussianClosedForms',
        ]);
      if (node.kind === 'condEntropy')
        return returns(`entropy_${node.enc.model}`, `gaussian_entropy(b, ${py(node.enc.model)})`, [
          'gaussianClosedForms',
        ]);
      if (node.kind === 'crossEntropy' && node.p.kind === 'conditional')
        return returns(
          `cross_entropy_${node.p.enc.model}`,
          `gaussian_cross_entropy_to_prior(b, ${py(node.p.enc.model)})`,
          ['gaussianClosedForms'],
        );
      return torchUnsupported('analytic-gaussian', node);
    },
  },
  offers: [
    {
      rule: RULE.closedForm,
      candidate: ({ node }) => {
        if (node.kind === 'kl' && conditionalOf(node.p, gaussian) && isStdNormal(node.q))
          return { reason: 'KL(N(μ,σ²) ‖ N(0,I)) = ½Σ(μ²+σ²−1−log σ²)', gradient: 'exact' };
        if (
          node.kind === 'kl' &&
          conditionalOf(node.p, gaussian) &&
          conditionalOf(node.q, gaussian) &&
          sameConditionalSpace(node.p, node.q)
        )
          return {
            reason:
              'KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) = ½Σ(σ₁²/σ₂² + (μ₁−μ₂)²/σ₂² − 1 + log σ₂²/σ₁²) at each x (a conditional prior, lecture notes §1.4.1)',
            gradient: 'exact',
          };
        if (node.kind === 'crossEntropy' && conditionalOf(node.p, gaussian) && isStdNormal(node.q))
          return { reason: 'CE(N(μ,σ²), N(0,I)) = ½Σ(μ²+σ²+log 2π)', gradient: 'exact' };
        if (node.kind === 'condEntropy' && gaussian(node.enc.family))
          return { reason: 'H(N(μ,σ²)) = ½Σ log(2πe σ²)', gradient: 'exact' };
        return undefined;
      },
    },
  ],
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

export const reparamMC: EstimatorModule<'reparam-mc'> = {
  name: 'reparam-mc',
  source: 'reparameterisation trick (lecture notes §3)',
  pytorch: {
    equation: 'one reparameterised sample z = μ + σ·ε per x (lecture notes §3)',
    lower: (node) => {
      if (node.kind === 'kl' && node.p.kind === 'conditional') {
        // E_{z~q}[log q(z|x) − log p(z)] at one reparameterised z per sample
        const q = node.p.enc.model;
        const logP =
          node.q.kind === 'prior'
            ? 'standard_normal_log_density(z)'
            : node.q.kind === 'conditional'
              ? `normal_log_density(z, *b.gaussian(${py(node.q.enc.model)}))`
              : torchUnsupported('reparam-mc', node);
        return {
          body: [
            `z = b.sample(${py(q)})`,
            `log_p = ${logP}`,
            `return global_mean(normal_log_density(z, *b.gaussian(${py(q)})) - log_p)`,
          ],
          helpers: ['gaussianLogDensities'],
          name: `kl_mc_${q}`,
        };
      }
      if (node.kind === 'crossEntropy' && node.p.kind === 'marginal' && node.q.kind === 'prior')
        // CE(p(z), N(0,I)) = −E_x E_ε[log N(z)] at one reparameterised z per sample of the aggregate posterior
        return returns(
          `cross_entropy_mc_${node.p.enc.model}`,
          `-global_mean(standard_normal_log_density(b.sample(${py(node.p.enc.model)})))`,
          ['gaussianLogDensities'],
        );
      if (node.kind === 'logDensity' && node.dist.kind === 'conditional') {
        // log p(v|z) per sample at v's values (observed, drawn from its prior, or its encoder's sample) and z's sample
        const enc = node.dist.enc;
        if (enc.family === 'deterministic')
          throw new TorchUnsupported(`reparam-mc: a deterministic ${enc.model} has no log-density`);
        const helpers: HelperName[] =
          enc.family === 'gaussian' ? ['logLikelihood', 'gaussianLogDensities'] : ['logLikelihood'];
        return {
          ...returns(
            `log_likelihood_${encoderName(enc)}`,
            `log_likelihood(b, ${encoderRef(enc)}, ${py(enc.target)})`,
            helpers,
          ),
          perSample: true,
        };
      }
      if (node.kind === 'logDensity' && node.dist.kind === 'prior')
        return {
          ...returns(`log_prior_${node.dist.v}`, `standard_normal_log_density(b.input(${py(node.dist.v)}))`, [
            'gaussianLogDensities',
          ]),
          perSample: true,
        };
      return torchUnsupported('reparam-mc', node);
    },
  },
  offers: [
    {
      rule: RULE.reparam,
      candidate: ({ node }) => {
        if (node.kind === 'logDensity' && (conditionalOf(node.dist, hasDensity) || isStdNormal(node.dist)))
          return {
            reason: 'explicit log-density at the observed data or at reparameterised samples z = μ + σ·ε',
            gradient: 'unbiased',
          };
        if (
          node.kind === 'kl' &&
          conditionalOf(node.p, gaussian) &&
          (isStdNormal(node.q) || conditionalOf(node.q, gaussian))
        )
          return { reason: 'E_{z~q}[log q(z) − log p(z)] with reparameterised z', gradient: 'unbiased' };
        return undefined;
      },
    },
    offerUnder(RULE.aggregatePosterior, aggregatePosterior, 'reparam-mc'),
  ],
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
