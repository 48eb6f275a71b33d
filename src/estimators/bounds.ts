/**
 * Variational lower bounds on I(X;Z) with a critic T(x, z), chosen by pinning
 * (`objective.pins: { "I(X;Z)": infonce }`). Poole et al. 2019 ("On variational bounds of mutual information") give the
 * unified view used here:
 *  - mine (Belghazi et al. 2018, Donsker–Varadhan):  E_p[T] − log E_{p(x)p(z)}[e^T]
 *  - mine-f / nwj (Belghazi et al. 2018; Nguyen, Wainwright & Jordan 2010):  E_p[T] − e^{−1} E_{p(x)p(z)}[e^T]
 *  - infonce (van den Oord et al. 2018):  E_i[T(x_i, z_i) − log (1/K) Σ_{j<K} e^{T(x_i, z_{i+j})}]  ≤ log K
 * - jsd-critic (Hjelm et al. 2019, DIM):  E_p[−softplus(−T)] − E_{p(x)p(z)}[softplus(T)], a JSD-based proxy, not I
 *   itself.
 * Samples of p(x)p(z) pair x_i with z_{i+1} (a fixed derangement of the batch). MINE's minibatch gradient is biased
 * (its moving-average correction is not applied); the other three are unbiased for their own bound.
 *
 * And the GAN discriminator, the same construction for a JSD between two distributions known by samples (lecture notes
 * §2.2): JSD_w(p, q) = H(w) + max_D w₁E_p[log D] + w₂E_q[log(1 − D)], D = σ(T).
 *
 * The critic always maximises its bound. When the plan marks a bound adversarial (the objective goes against it), the
 * critic reads its inputs through a gradient reversal and the term's gradient is that of −bound: the critic ascends,
 * the model that produced the samples descends, in one backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { printExpr, type Dist, type Expr, type Encoder } from '../expr/index.ts';
import { isReparameterisable } from '../families/index.ts';
import type { ModelLike, TermContext } from '../term/context.ts';
import { reverseGradient, stopGradient, withGradientOf } from '../term/ops.ts';
import { free } from '../term/value.ts';
import type { EstimatorName, TermPlan } from '../plan/types.ts';
import { unsupported, type Estimator } from './types.ts';

/** Most candidates per anchor in InfoNCE (the B×K critic evaluations are the cost). */
export const INFONCE_CANDIDATES = 128;

/**
 * The network the plan declared for this term (a critic bound's critic, a GAN's discriminator), which the run built and
 * passes in the models under the declared id.
 */
function declaredNetwork(node: Expr, ctx: TermContext, term: TermPlan): ModelLike {
  const need = term.network;
  if (!need) throw new Error(`internal: ${term.estimator} of ${printExpr(node)} was planned without its network`);
  const net = ctx.inputs.models[need.id];
  if (!net)
    throw new Error(
      `${term.term} needs its ${need.role} network '${need.id}' in the models (the plan declares it; buildCritics builds it)`,
    );
  return net;
}

const flat = (t: tf.Tensor) => tf.reshape(t, [t.shape[0], -1]) as tf.Tensor2D;

/** An encoder's values in the batch: its reparameterised sample, or its state probabilities if it is discrete. */
const valuesOfEncoder = (enc: Encoder, ctx: TermContext): tf.Tensor =>
  isReparameterisable(enc.family) ? ctx.sample(enc).z : ctx.output(enc);

/**
 * The critic's two inputs on the batch, reversed for an adversarial critic: x (flattened) and z of I(X;Z); or, for
 * I(Z;W) of two encoders on paired samples, the two encoders' values z_i and w_i of the same row i (Poole et al. 2019
 * bound I between any two variables of which paired samples are drawn).
 */
function pairs(node: Expr, ctx: TermContext, adversarial: boolean): { x: tf.Tensor2D; z: tf.Tensor2D } {
  const side = (t: tf.Tensor) => (adversarial ? reverseGradient(flat(t)) : flat(t));
  if (node.kind === 'pairedInfo')
    return { x: side(valuesOfEncoder(node.a, ctx)), z: side(valuesOfEncoder(node.b, ctx)) };
  if (node.kind !== 'mutualInfo') throw new Error(`a critic bound of I reads I(X;Z) or I(Z;W), not a ${node.kind}`);
  return { x: side(ctx.valuesOf(node.enc.given)), z: side(valuesOfEncoder(node.enc, ctx)) };
}

/** T(x_i, z_{i+shift}) for every i. */
function critic(net: ModelLike, ctx: TermContext, x: tf.Tensor2D, z: tf.Tensor2D, shift = 0): tf.Tensor1D {
  const zs =
    shift === 0 ? z : (tf.concat([tf.slice(z, [shift, 0], [-1, -1]), tf.slice(z, [0, 0], [shift, -1])]) as tf.Tensor2D);
  return tf.reshape(net.apply(tf.concat([x, zs], 1), ctx.training), [-1]) as tf.Tensor1D;
}

const logMeanExp = (t: tf.Tensor, axis?: number) =>
  tf.sub(tf.logSumExp(t, axis), Math.log(axis === undefined ? t.size : t.shape[axis]));

function bound(name: EstimatorName, node: Expr, net: ModelLike, ctx: TermContext, adversarial: boolean): tf.Scalar {
  const { x, z } = pairs(node, ctx, adversarial);
  const joint = critic(net, ctx, x, z);
  const marginal = () => critic(net, ctx, x, z, 1);
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
      // [B, K], column 0 the positive
      const scores = tf.stack([joint, ...Array.from({ length: K - 1 }, (_, j) => critic(net, ctx, x, z, j + 1))], 1);
      return tf.mean(tf.sub(joint, logMeanExp(scores, 1))) as tf.Scalar;
    }
    default:
      throw new Error(`${name} is not a critic bound`);
  }
}

/** The bound's value; its gradient is the critic's ascent and, when adversarial, the sampler's descent (inputs reversed). */
const played = (b: tf.Scalar, adversarial: boolean) => free(adversarial ? withGradientOf(b, tf.neg(b)) : b);

const make = (name: EstimatorName, source: string): Estimator => ({
  name,
  source,
  lower: (node, ctx, term) => {
    if (node.kind !== 'mutualInfo' && node.kind !== 'pairedInfo') return unsupported(name, node);
    const adversarial = Boolean(term.adversarial);
    return played(bound(name, node, declaredNetwork(node, ctx, term), ctx, adversarial), adversarial);
  },
});

/** Samples of a distribution the discriminator compares: the data batch, or a generator's (an encoder's) samples. */
function samplesOf(d: Dist, ctx: TermContext): tf.Tensor2D {
  if (d.kind === 'data') return flat(ctx.valueOf(d.v));
  if (d.kind === 'marginal') return flat(ctx.sample(d.enc).z);
  throw new Error(`the discriminator cannot draw from ${d.kind} distributions`);
}

/** Cap of exp(±a) in the non-saturating reweighting (a logit beyond ±50 means D is saturated anyway). */
const LOGIT_CAP = 50;

/**
 * JSD_w(p, q) ≥ H(w) + w₁E_p[log σ(T)] + w₂E_q[log(1 − σ(T))] (lecture notes §2.2, Eq. 4–5). Adversarial (a GAN): a
 * sampler behind p or q gets the non-saturating step of §2.4 — for q the gradient of −log D(G(z)) instead of log(1 − D(G(z))),
 * same fixed points, no vanishing gradient while D rejects the samples — by scaling the reversed gradient by
 * (1 − D)/D = e^{−a} per sample (e^{a} on the p side).
 */
function discriminatorBound(node: Expr & { kind: 'jsd' }, net: ModelLike, ctx: TermContext, adversarial: boolean) {
  const T = (x: tf.Tensor2D) => tf.reshape(net.apply(x, ctx.training), [-1]) as tf.Tensor1D;
  const [w1, w2] = node.weights;
  const [p, q] = node.dists.map((d) => samplesOf(d, ctx));
  if (p.shape[1] !== q.shape[1])
    throw new Error(
      `${printExpr(node)}: a discriminator compares samples of one space, but they have ${p.shape[1]} and ${q.shape[1]} values (make the generator's size the data's dimension)`,
    );
  // the per-sample scale needs the logit before the reversal is placed under it: one extra, gradient-free pass of T
  const read = (x: tf.Tensor2D, sign: 1 | -1) =>
    adversarial
      ? T(reverseGradient(x, stopGradient(tf.exp(tf.minimum(tf.mul(T(x), sign), LOGIT_CAP))) as tf.Tensor1D))
      : T(x);
  const [ap, aq] = [read(p, 1), read(q, -1)];
  const entropy = -(w1 * Math.log(w1) + w2 * Math.log(w2));
  return tf.add(
    entropy,
    tf.add(tf.mul(-w1, tf.mean(tf.softplus(tf.neg(ap)))), tf.mul(-w2, tf.mean(tf.softplus(aq)))),
  ) as tf.Scalar;
}

export const discriminator: Estimator = {
  name: 'jsd-discriminator',
  source: 'GAN discriminator as the variational bound of the JSD (Goodfellow et al. 2014; lecture notes §2.2)',
  lower: (node, ctx, term) => {
    if (node.kind !== 'jsd') return unsupported('jsd-discriminator', node);
    const adversarial = Boolean(term.adversarial);
    return played(discriminatorBound(node, declaredNetwork(node, ctx, term), ctx, adversarial), adversarial);
  },
};

export const mine = make('mine', 'MINE, Belghazi et al. 2018 (Donsker–Varadhan bound)');
export const mineF = make('mine-f', 'MINE-f, Belghazi et al. 2018 (f-divergence bound)');
export const nwj = make('nwj', 'NWJ, Nguyen, Wainwright & Jordan 2010');
export const infonce = make('infonce', 'InfoNCE, van den Oord et al. 2018');
export const jsdCritic = make('jsd-critic', 'JSD estimator of DIM, Hjelm et al. 2019');
