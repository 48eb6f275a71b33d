/**
 * A divergence of a distribution to itself, KL(p ‖ p) = 0 and JSD_w(p, …, p) = 0: an exact constant, whatever the
 * family (the lint warns that such a term adds nothing to the objective).
 */
import * as tf from '../tf.ts';
import { encoderUsesOf } from '../expr/index.ts';
import { free } from '../term/value.ts';
import { RULE } from '../plan/rules.ts';
import { isSelfDivergence } from '../plan/sites.ts';
import { unsupported, type EstimatorModule } from './types.ts';
import { encoderRef, returns, torchUnsupported } from '../targets/pytorch/lowering.ts';

export const identicallyZero: EstimatorModule<'identically-zero'> = {
  name: 'identically-zero',
  source: 'KL(p ‖ p) = 0 and JSD_w(p, …, p) = 0 (Gibbs’ inequality holds with equality)',
  pytorch: {
    equation:
      'KL(p ‖ p) = JSD_w(p, …, p) = 0, as 0·Σ L(x) of the networks it names (a zero gradient that reaches them)',
    lower: (node) => {
      if (node.kind !== 'kl' && node.kind !== 'jsd') return torchUnsupported('identically-zero', node);
      const sums = [...encoderUsesOf(node).values()].map((enc) => `b.output(${encoderRef(enc)}).sum()`);
      return returns('zero', sums.length ? `0 * (${sums.join(' + ')})` : 'torch.zeros((), device=b.device)');
    },
  },
  offers: [
    {
      rule: RULE.selfDivergence,
      candidate: ({ node }) =>
        isSelfDivergence(node)
          ? { reason: 'a divergence of a distribution to itself is 0', gradient: 'exact' }
          : undefined,
    },
  ],
  lower: (node, ctx) => {
    if (node.kind !== 'kl' && node.kind !== 'jsd') return unsupported('identically-zero', node);
    // 0·Σ L(x) of the networks it names: the value 0 and a zero gradient that still reaches them, so that an objective
    // made of such terms alone trains nothing (as the lint warns) instead of having no gradient to take
    const outputs = [...encoderUsesOf(node).values()].map((enc) => tf.sum(ctx.forward(enc)));
    const total = outputs.reduce((a, b) => tf.add(a, b), tf.scalar(0));
    return free(tf.mul(0, total));
  },
};
