/**
 * Exact expectations over a discrete latent: for a conditional p(x|z) whose z is the target of a categorical encoder
 * q(z|x), log p(x|z=k) is evaluated at every state k ([batch, K]), so Σ_k q_k(x)·log p(x|z=k) is E_{z~q}[log p(x|z)]
 * without sampling (lecture notes Appendix A.3.1: EM for a Gaussian mixture, where z is the component).
 */
import * as tf from '../tf.ts';
import { encodersOf, givenLabel, sameVariables, statesOf } from '../expr/index.ts';
import { closedForm, hasDensity, isOneHot } from '../families/index.ts';
import { RULE } from '../plan/rules.ts';
import { perSample } from '../term/value.ts';
import { unsupported, type EstimatorModule } from './types.ts';

export const enumerateStates: EstimatorModule<'enumerate-states'> = {
  name: 'enumerate-states',
  source: 'exact sum over the states of a discrete latent (lecture notes Appendix A.3.1, EM)',
  pytorch: { missing: 'decoders log p(x|z=k) at every state' },
  offers: [
    {
      // a conditional given a discrete latent: its log-density at every state, summed exactly (EM's E_{z~q}[log p(x|z)])
      rule: RULE.discreteLatent,
      candidate: ({ node, ancestors }) => {
        if (node.kind !== 'logDensity' || node.dist.kind !== 'conditional') return undefined;
        const decoder = node.dist.enc;
        const root = ancestors[ancestors.length - 1] ?? node;
        const latent = [...encodersOf(root).values()].find(
          (e) => sameVariables([e.target], decoder.given) && e.model !== decoder.model,
        );
        // the decoder reads each state as the one-hot vector e_k
        if (!latent || !isOneHot(latent.family) || !hasDensity(decoder.family)) return undefined;
        const [x, z] = [decoder.target.toLowerCase(), givenLabel(decoder).toLowerCase()];
        return {
          reason: `${z} is a state of the categorical ${latent.model}: log p(${x}|${z}=k) for each of its ${latent.size} states, an exact expectation under Σ_k (no sampling)`,
          gradient: 'exact',
        };
      },
    },
  ],
  lower: (node, ctx) => {
    if (node.kind !== 'logDensity' || node.dist.kind !== 'conditional') return unsupported('enumerate-states', node);
    const decoder = node.dist.enc;
    const latent = ctx.encoderTargeting(decoder.given[0]); // planned for a decoder given one discrete latent
    const states = tf.oneHot(tf.range(0, statesOf(latent), 1, 'int32'), statesOf(latent)); // z = e_1 … e_K
    const raw = ctx.forward(decoder, states);
    const v = ctx.valueOf(decoder.target);
    const rows = tf.reshape(v, [v.shape[0], -1]);
    // log p(v_b | z = k) for every row b and state k: rows [B, 1, d] against the states' parameters [1, K, ·] → [B, K]
    return perSample(closedForm(decoder, 'logDensity')(tf.expandDims(rows, 1), tf.expandDims(raw, 0)));
  },
};
