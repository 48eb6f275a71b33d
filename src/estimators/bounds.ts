/**
 * The lowering of the variational bounds on I(X;Z) (their modules, with their offers, are criticBounds.ts and
 * conditionalBounds.ts), and the GAN discriminator's module. Poole et al. 2019 ("On
 * variational bounds of mutual information") give the unified view; the batch formulas are the pure functions of a
 * score matrix in scores.ts, shared with the sample estimator of `infobj estimate`:
 *  - with a critic T(x, z): mine (Donsker–Varadhan), mine-f / nwj, infonce (≤ log K), smile (clipped DV, Song & Ermon
 *    2020), tuba (learned baseline a(x), the critic's second output at (x, 0)), flo (u(x, z) the critic's second
 *    output, Guo et al. 2022), and jsd-critic (DIM's JSD proxy, not I itself);
 *  - with the Gaussian encoder's own conditional q(z|x) as the variational conditional: the upper bounds club (Cheng et
 *    al. 2020) and l1out (leave-one-out), with no network of their own.
 * Samples of p(x)p(z) pair x_i with z_{i+j}, j ≥ 1 (fixed derangements of the batch): one for the single-negative
 * bounds, up to INFONCE_CANDIDATES − 1 for infonce, l1out and club. MINE's minibatch gradient is biased (its
 * moving-average correction is not applied).
 *
 * And the GAN discriminator, the same construction for a JSD between two distributions known by samples (lecture notes
 * §2.2): JSD_w(p, q) = H(w) + max_D w₁E_p[log D] + w₂E_q[log(1 − D)], D = σ(T).
 *
 * The critic always maximises its bound. When the plan marks a bound adversarial (the objective goes against it), the
 * critic reads its inputs through a gradient reversal and the term's gradient is that of −bound: the critic ascends,
 * the model that produced the samples descends, in one backward pass.
 */
import * as tf from '../tf.ts';
import { printExpr, type Dist, type Expr, type Encoder } from '../expr/index.ts';
import { isGaussianConditional, isReparameterisable } from '../families/index.ts';
import type { ModelLike, TermContext } from '../term/context.ts';
import { reverseGradient, stopGradient, withGradientOf } from '../term/ops.ts';
import { free } from '../term/value.ts';
import { RULE } from '../plan/rules.ts';
import { isContinuous } from '../plan/sites.ts';
import type { TermPlan } from '../plan/types.ts';
import { unsupported, type EstimatorModule, type ScoreMatrix } from './types.ts';
import { normalLogDensity } from '../families/gaussian.ts';
import { discriminatorLowering } from '../targets/pytorch/critics.ts';
import { rolled, SCORE_BOUNDS, scoreBound, type ScoreBound, type Scores } from './scores.ts';

/** Most candidates per anchor in InfoNCE (the B×K critic evaluations are the cost). */
export const INFONCE_CANDIDATES = 128;

/**
 * The network the plan declared for this term (a critic bound's critic, a GAN's discriminator), which the run built and
 * passes in the models under the declared id.
 */
function declaredNetwork(node: Expr, ctx: TermContext, term: TermPlan<string>): ModelLike {
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
 * I(Z;W) of two encoders on paired samples, the two encoders' values z_i and w_i of the same row i; for I(Z;Y) with data
 * Y, z_i and the batch row y_i (Poole et al. 2019 bound I between any two variables of which paired samples are drawn).
 */
function pairs(node: Expr, ctx: TermContext, adversarial: boolean): { x: tf.Tensor2D; z: tf.Tensor2D } {
  const side = (t: tf.Tensor) => (adversarial ? reverseGradient(flat(t)) : flat(t));
  if (node.kind === 'pairedInfo')
    return { x: side(valuesOfEncoder(node.a, ctx)), z: side(valuesOfEncoder(node.b, ctx)) };
  // I(Z;Y) with data Y paired with Z's givens row by row: the batch's y, which has no gradient of its own
  if (node.kind === 'dataInfo') return { x: side(valuesOfEncoder(node.enc, ctx)), z: side(ctx.valueOf(node.v)) };
  if (node.kind !== 'mutualInfo')
    throw new Error(`a critic bound of I reads I(X;Z), I(Z;W) or I(Z;Y), not a ${node.kind}`);
  return { x: side(ctx.valuesOf(node.enc.given)), z: side(valuesOfEncoder(node.enc, ctx)) };
}

/**
 * How many candidates each x_i meets: the multi-sample bounds (InfoNCE, L1Out, CLUB) up to INFONCE_CANDIDATES of the
 * batch's z; the others its own z and one other row's, z_{i+1} (a fixed derangement of the batch).
 */
const candidates = (name: ScoreBound, B: number) =>
  SCORE_BOUNDS[name].multiSample ? Math.min(B, INFONCE_CANDIDATES) : 2;

/** The critic's outputs on (x_i, z_{i+j}) for j < K: [B, K, outputs]. */
function criticOutputs(net: ModelLike, ctx: TermContext, x: tf.Tensor2D, z: tf.Tensor2D, K: number): tf.Tensor3D {
  const [B, dx] = x.shape;
  // x_i repeated K times by broadcasting (its gradient is one sum, where tile's is K slices)
  const xs = tf.reshape(tf.add(tf.expandDims(x, 1), tf.zeros([1, K, dx])), [B * K, dx]);
  const zs = tf.reshape(rolled(z, K), [B * K, z.shape[1]]);
  const out = net.apply(tf.concat([xs, zs], 1), ctx.training);
  return tf.reshape(out, [B, K, -1]) as tf.Tensor3D;
}

const column = (t: tf.Tensor, c: number) => tf.squeeze(tf.slice(t, [0, 0, c], [-1, -1, 1]), [2]) as tf.Tensor2D;

/**
 * Scores T(x_i, z_{i+j}), positive first; TUBA's log-baseline log a(x_i) is the critic's second output at (x_i, 0) (a
 * function of x alone), FLO's u(x_i, z_i) its second output at the positive pair.
 */
function criticScores(name: ScoreBound, net: ModelLike, ctx: TermContext, x: tf.Tensor2D, z: tf.Tensor2D): Scores {
  const out = criticOutputs(net, ctx, x, z, candidates(name, x.shape[0]));
  const scores = column(out, 0);
  const aux = SCORE_BOUNDS[name].aux;
  if (aux === undefined) return { scores };
  const at = aux === 'pair' ? out : criticOutputs(net, ctx, x, tf.zerosLike(z), 1);
  return { scores, aux: tf.reshape(tf.slice(column(at, 1), [0, 0], [-1, 1]), [-1]) as tf.Tensor1D };
}

/**
 * log q(z_i | x_{i+j}) of a Gaussian encoder's own conditional at its reparameterised sample, positive first and
 * anchored at z: row i compares z_i's density under its own x_i with that under other rows' x (L1Out's p(z_i) estimate).
 */
function conditionalScores(name: ScoreBound, node: Expr, ctx: TermContext): Scores {
  if (node.kind !== 'mutualInfo' || !isGaussianConditional(node.enc.family))
    throw new Error(`internal: ${name} was planned for ${printExpr(node)} without a Gaussian encoder`);
  const { mean, logVar } = ctx.gaussian(node.enc);
  const { z } = ctx.sample(node.enc);
  const K = candidates(name, z.shape[0]);
  return { scores: normalLogDensity(tf.expandDims(z, 1), rolled(mean, K), rolled(logVar, K)) as tf.Tensor2D };
}

function bound(name: ScoreBound, matrix: ScoreMatrix, node: Expr, ctx: TermContext, term: TermPlan<string>): tf.Scalar {
  if (matrix === 'log-conditional') return scoreBound(name, conditionalScores(name, node, ctx));
  const { x, z } = pairs(node, ctx, Boolean(term.adversarial));
  return scoreBound(name, criticScores(name, declaredNetwork(node, ctx, term), ctx, x, z));
}

/** The bound's value; its gradient is the critic's ascent and, when adversarial, the sampler's descent (inputs reversed). */
const played = (b: tf.Scalar, adversarial: boolean) => free(adversarial ? withGradientOf(b, tf.neg(b)) : b);

/** The lowering of the bound `name` over `matrix` of I(X;Z), I(Z;W) or I(Z;Y): its value, the critic's side as planned. */
export const boundLowering =
  (name: ScoreBound, matrix: ScoreMatrix): EstimatorModule['lower'] =>
  (node, ctx, term) => {
    if (node.kind !== 'mutualInfo' && node.kind !== 'pairedInfo' && node.kind !== 'dataInfo')
      return unsupported(name, node);
    return played(bound(name, matrix, node, ctx, term), Boolean(term.adversarial));
  };

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

/** The variable of a distribution the discriminator can draw from: the data, or a continuous encoder's marginal. */
const sampledVariable = (d: Dist): string | undefined =>
  d.kind === 'data' ? d.v : d.kind === 'marginal' && isContinuous(d.enc) ? d.enc.target : undefined;

export const discriminator: EstimatorModule<'jsd-discriminator'> = {
  name: 'jsd-discriminator',
  source: 'GAN discriminator as the variational bound of the JSD (Goodfellow et al. 2014; lecture notes §2.2)',
  maximisesBound: true,
  pytorch: discriminatorLowering,
  offers: [
    {
      // JSD between two distributions known only by samples → its variational bound with a discriminator (a GAN)
      rule: RULE.discriminator,
      candidate: ({ node }) => {
        if (node.kind !== 'jsd' || node.dists.length !== 2) return undefined;
        const [p, q] = node.dists.map(sampledVariable);
        if (p === undefined || q === undefined) return undefined;
        return {
          reason:
            'both densities are known only by samples: JSD_w(p,q) = H(w) + max_D w₁E_p[log D] + w₂E_q[log(1−D)] with a discriminator network D (lecture notes §2.2)',
          gradient: 'biased',
          network: { role: 'discriminator', inputs: [{ variable: p }] },
        };
      },
    },
  ],
  lower: (node, ctx, term) => {
    if (node.kind !== 'jsd') return unsupported('jsd-discriminator', node);
    const adversarial = Boolean(term.adversarial);
    return played(discriminatorBound(node, declaredNetwork(node, ctx, term), ctx, adversarial), adversarial);
  },
};
