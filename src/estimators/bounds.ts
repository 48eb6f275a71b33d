/**
 * Variational lower bounds on I(X;Z) with a critic T(x, z), chosen by pinning (`objective.pins: { "I(X;Z)": infonce }`).
 * Poole et al. 2019 ("On variational bounds of mutual information") give the unified view used here:
 *  - mine (Belghazi et al. 2018, Donsker–Varadhan):  E_p[T] − log E_{p(x)p(z)}[e^T]
 *  - mine-f / nwj (Belghazi et al. 2018; Nguyen, Wainwright & Jordan 2010):  E_p[T] − e^{−1} E_{p(x)p(z)}[e^T]
 *  - infonce (van den Oord et al. 2018):  E_i[T(x_i, z_i) − log (1/K) Σ_{j<K} e^{T(x_i, z_{i+j})}]  ≤ log K
 *  - jsd-critic (Hjelm et al. 2019, DIM):  E_p[−softplus(−T)] − E_{p(x)p(z)}[softplus(T)], a JSD-based proxy, not I itself
 * Samples of p(x)p(z) pair x_i with z_{i+1} (a fixed derangement of the batch). MINE's minibatch gradient is biased (its
 * moving-average correction is not applied); the other three are unbiased for their own bound.
 */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import type { TermContext } from '../lower/context.ts';
import { free } from '../lower/value.ts';
import type { EstimatorName } from '../plan/types.ts';
import { unsupported, type Estimator } from './types.ts';

/** The critic's model name for an encoder. */
export const criticName = (enc: Encoder): string => `critic:${enc.model}`;

/** Most candidates per anchor in InfoNCE (the B×K critic evaluations are the cost). */
export const INFONCE_CANDIDATES = 128;

/** x (flattened) and z of the batch: z is the encoder's sample, or its state probabilities if it is discrete. */
function pairs(enc: Encoder, ctx: TermContext): { x: tf.Tensor2D; z: tf.Tensor2D } {
  const xIn = ctx.valueOf(enc.given);
  const x = tf.reshape(xIn, [xIn.shape[0], -1]) as tf.Tensor2D;
  if (enc.family === 'gaussian' || enc.family === 'deterministic') return { x, z: ctx.sample(enc).z };
  const probs = ctx.output(enc);
  return { x, z: tf.reshape(probs, [probs.shape[0], -1]) as tf.Tensor2D };
}

/** T(x_i, z_{i+shift}) for every i. */
function critic(enc: Encoder, ctx: TermContext, x: tf.Tensor2D, z: tf.Tensor2D, shift = 0): tf.Tensor1D {
  const net = ctx.inputs.models[criticName(enc)];
  if (!net) throw new Error(`the bound on I(${enc.given};${enc.target}) needs a critic network named '${criticName(enc)}' in the models`);
  const zs = shift === 0 ? z : (tf.concat([tf.slice(z, [shift, 0], [-1, -1]), tf.slice(z, [0, 0], [shift, -1])]) as tf.Tensor2D);
  return tf.reshape(net.apply(tf.concat([x, zs], 1), ctx.training), [-1]) as tf.Tensor1D;
}

const logMeanExp = (t: tf.Tensor, axis?: number) => tf.sub(tf.logSumExp(t, axis), Math.log(axis === undefined ? t.size : t.shape[axis]));

function bound(name: EstimatorName, enc: Encoder, ctx: TermContext): tf.Scalar {
  const { x, z } = pairs(enc, ctx);
  const joint = critic(enc, ctx, x, z);
  const marginal = () => critic(enc, ctx, x, z, 1);
  switch (name) {
    case 'mine':
      return tf.sub(tf.mean(joint), logMeanExp(marginal())) as tf.Scalar;
    case 'mine-f':
    case 'nwj':
      return tf.sub(tf.mean(joint), tf.mul(Math.exp(-1), tf.mean(tf.exp(marginal())))) as tf.Scalar;
    case 'jsd-critic':
      return tf.sub(tf.neg(tf.mean(tf.softplus(tf.neg(joint)))), tf.mean(tf.softplus(marginal()))) as tf.Scalar;
    case 'infonce': {
      const K = Math.min(x.shape[0], INFONCE_CANDIDATES);
      const scores = tf.stack([joint, ...Array.from({ length: K - 1 }, (_, j) => critic(enc, ctx, x, z, j + 1))], 1); // [B, K], column 0 the positive
      return tf.mean(tf.sub(joint, logMeanExp(scores, 1))) as tf.Scalar;
    }
    default:
      throw new Error(`${name} is not a critic bound`);
  }
}

const make = (name: EstimatorName, source: string): Estimator => ({
  name,
  source,
  lower: (node, ctx) => (node.kind === 'mutualInfo' ? free(bound(name, node.enc, ctx)) : unsupported(name, node)),
});

export const CRITIC_ESTIMATORS: readonly Estimator[] = [
  make('mine', 'MINE, Belghazi et al. 2018 (Donsker–Varadhan bound)'),
  make('mine-f', 'MINE-f, Belghazi et al. 2018 (f-divergence bound)'),
  make('nwj', 'NWJ, Nguyen, Wainwright & Jordan 2010'),
  make('infonce', 'InfoNCE, van den Oord et al. 2018'),
  make('jsd-critic', 'JSD estimator of DIM, Hjelm et al. 2019'),
];
