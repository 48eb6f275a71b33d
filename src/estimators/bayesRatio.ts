/**
 * Divergences between Bayes posteriors p(x|z=k) of a discrete encoder. By Bayes, p(x|z=k)/p(x) = L_k(x)/E_x[L_k(x)] =:
 * f_k(x), so E_{p(x|z=k)}[g] = E_x[f_k(x)·g(x)] and every divergence between them is an expectation over the data
 * (Neural Bayes Prop. 1).
 */
import * as tf from '../tf.ts';
import type { Dist } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';
import { EPS } from '../term/ops.ts';
import { free } from '../term/value.ts';
import { RULE } from '../plan/rules.ts';
import { hasBayesRatio } from '../plan/sites.ts';
import { unsupported, type EstimatorModule } from './types.ts';
import { encoderName, pythonDensityRatio, torchUnsupported } from '../targets/pytorch/lowering.ts';
import { checkArgs, Context, DistNode } from '../api/arguments.ts';

/** f(x) = p(x|z=k)/p(x) per sample, with ε as in Neural Bayes Eq. 5 (f_1 = L/E_x[L] + ε, f_0 = (1−L)/(1−E_x[L]) + ε). */
export function densityRatio(d: Dist, ctx: TermContext): tf.Tensor1D {
  checkArgs('densityRatio', { d: [DistNode, d], ctx: [Context, ctx] });
  if (d.kind === 'data') return tf.ones([ctx.input(d.v).shape[0]]);
  if (d.kind === 'mixture')
    return tf.addN(d.dists.map((c, i) => tf.mul(d.weights[i], densityRatio(c, ctx)))) as tf.Tensor1D;
  if (d.kind !== 'posterior') throw new Error(`no density ratio to p(x) for a ${d.kind} distribution`);
  const P = ctx.probs(d.enc);
  const Lk = tf.squeeze(tf.slice(P, [0, d.k], [-1, 1]), [1]);
  const pk = tf.slice(ctx.batchMarginal(d.enc), [d.k], [1]);
  const ratio = d.complement ? tf.div(tf.sub(1, Lk), tf.sub(1, pk)) : tf.div(Lk, pk);
  return tf.add(ratio, EPS) as tf.Tensor1D;
}

/** JSD_w(q_1..q_n) = Σ_i w_i E_x[f_i log(f_i / Σ_j w_j f_j)]. */
const jsd = (weights: readonly number[], dists: readonly Dist[], ctx: TermContext): tf.Scalar => {
  const f = dists.map((d) => densityRatio(d, ctx));
  const mixture = tf.addN(f.map((fi, i) => tf.mul(weights[i], fi)));
  const parts = f.map((fi, i) => tf.mul(weights[i], tf.mean(tf.mul(fi, tf.log(tf.div(fi, mixture))))));
  return tf.addN(parts) as tf.Scalar;
};

/** KL(q_p ‖ q_q) = E_x[f_p log(f_p/f_q)]. */
const kl = (p: Dist, q: Dist, ctx: TermContext): tf.Scalar => {
  const fp = densityRatio(p, ctx);
  const fq = densityRatio(q, ctx);
  return tf.mean(tf.mul(fp, tf.log(tf.div(fp, fq)))) as tf.Scalar;
};

export const bayesRatio: EstimatorModule<'bayes-ratio'> = {
  name: 'bayes-ratio',
  source: 'Neural Bayes Prop. 1 (Eq. 3) and its multi-partition form (Eq. 23)',
  readsBatchMarginal: () => true,
  pytorch: {
    equation: 'Neural Bayes Prop. 1 (Eq. 3, 23): f_k = L_k/E_x[L_k]; JSD_w = Σ_i w_i E_x[f_i log(f_i / Σ_j w_j f_j)]',
    lower: (node) => {
      if (node.kind === 'kl')
        return {
          name: 'kl',
          helpers: ['densityRatio'],
          body: [
            `fp, fq = ${pythonDensityRatio(node.p)}, ${pythonDensityRatio(node.q)}`,
            'return global_mean(fp * torch.log(fp / fq))',
          ],
        };
      if (node.kind !== 'jsd') return torchUnsupported('bayes-ratio', node);
      const parts = node.weights.map((w, i) => `${w} * global_mean(f[${i}] * torch.log(f[${i}] / mixture))`);
      const first = node.dists[0];
      return {
        name: first.kind === 'posterior' ? `jsd_${encoderName(first.enc)}_${first.k}` : 'jsd',
        helpers: ['densityRatio'],
        body: [
          `f = [${node.dists.map(pythonDensityRatio).join(', ')}]`,
          `mixture = ${node.weights.map((w, i) => `${w} * f[${i}]`).join(' + ')}`,
          `return ${parts.join(' + ')}`,
        ],
      };
    },
  },
  offers: [
    {
      rule: RULE.theorem2,
      candidate: ({ node }) => {
        if (node.kind === 'jsd' && node.dists.every(hasBayesRatio) && node.dists.some((d) => d.kind === 'posterior'))
          return {
            reason:
              'components are Bayes posteriors p(x|z=k) with density ratio f_k = L_k(x)/E_x[L_k(x)] (Neural Bayes Prop. 1)',
            gradient: 'biased',
          };
        if (node.kind === 'kl' && hasBayesRatio(node.p) && hasBayesRatio(node.q) && node.p.kind !== 'data')
          return { reason: 'both sides have explicit density ratios to p(x) via Bayes', gradient: 'biased' };
        return undefined;
      },
    },
  ],
  lower: (node, ctx) => {
    if (node.kind === 'jsd') return free(jsd(node.weights, node.dists, ctx));
    if (node.kind === 'kl') return free(kl(node.p, node.q, ctx));
    return unsupported('bayes-ratio', node);
  },
};
