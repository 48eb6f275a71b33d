/**
 * R_c, the finite-difference Jacobian smoothness penalty of Neural Bayes Eq. 4:
 *   R_c = 1/B Σ_i ‖L(x_i) − L(x_i + ζ·δ̂_i)‖² / ζ²,  δ_i = X v_i (v_i ~ N(0, I_B)),  δ̂_i = δ_i/‖δ_i‖,  ζ ~ N(0, 0.1²),
 * so the perturbation lies in the span of the minibatch.
 *
 * Two estimators differ in what L(x) is. `finite-difference-jacobian` (the default) takes the encoder's probabilities,
 * as Eq. 4 is printed. `finite-difference-jacobian-logits` takes the network's raw output before the final sigmoid or
 * softmax, as the authors' DMS code does (and as Appendix E's Eq. 35 does for MIM: R_c on the hidden states h_k, before
 * the softmax S). The two are not equivalent: the DMS terms depend on L only through L/E_x[L] and (1 − L)/(1 − E_x[L]),
 * so shrinking every L(x) towards 0 keeps them while R_c on probabilities falls as L² — R_c on probabilities pushes
 * E_x[L] to 0 (prior collapse: one cluster), R_c on logits does not (docs/reproductions.md, the circles).
 */
import * as tf from '../tf.ts';
import type { Encoder, Expr } from '../expr/index.ts';
import { features } from '../families/index.ts';
import type { TermContext } from '../term/context.ts';
import { free } from '../term/value.ts';
import { RULE } from '../plan/rules.ts';
import type { Site } from '../plan/types.ts';
import {
  unsupported,
  type BatchFootprint,
  type EstimatorModule,
  type FootprintSizes,
  type TermCandidate,
} from './types.ts';
import { encoderName, encoderRef, returns, torchUnsupported } from '../targets/pytorch/lowering.ts';
import { checkArgs, Context, EncoderArg, Num, oneOf, Tensor2D } from '../api/arguments.ts';

/** Scale of the normalised noise: ζ ~ N(0, ZETA_STD²) (Neural Bayes §4.1). */
export const ZETA_STD = 0.1;

/** Perturbations δ̂_i in the span of the batch, one per sample, unit norm: rows of normalise(V·X). */
export function spanNoise(x: tf.Tensor2D, seed: number): tf.Tensor2D {
  checkArgs('spanNoise', { x: [Tensor2D, x], seed: [Num, seed] });
  const B = x.shape[0];
  const v = tf.randomNormal([B, B], 0, 1, 'float32', seed);
  const delta = tf.matMul(v, x); // row i = Σ_j v_ij x_j = X v_i
  return tf.div(delta, tf.add(tf.norm(delta, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
}

/** What R_c differentiates: the encoder's state probabilities (else its output), or the network's raw output. */
export type SmoothnessOn = 'probabilities' | 'logits';

/** R_c for one encoder, on its state probabilities if explicit, else its output; or on its raw output (`logits`). */
export function smoothnessPenalty(enc: Encoder, ctx: TermContext, on: SmoothnessOn = 'probabilities'): tf.Scalar {
  checkArgs('smoothnessPenalty', {
    enc: [EncoderArg, enc],
    ctx: [Context, ctx],
    on: [oneOf(['probabilities', 'logits']), on],
  });
  const x = ctx.inputOf(enc.given);
  const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
  const noise = spanNoise(flat, ctx.nextSeed());
  const zeta = tf.randomNormal([], 0, ZETA_STD, 'float32', ctx.nextSeed()).dataSync()[0];
  const shifted = tf.reshape(tf.add(flat, tf.mul(zeta, noise)), x.shape);
  const at = (input?: tf.Tensor) =>
    on === 'logits' ? ctx.forward(enc, input) : features(enc, ctx.forward(enc, input));
  const diff = tf.sub(at(), at(shifted));
  return tf.div(tf.mean(tf.sum(tf.square(tf.reshape(diff, [x.shape[0], -1])), 1)), zeta * zeta) as tf.Scalar;
}

/**
 * What R_c allocates per batch: the span noise draws V, a batch × batch matrix, then V·X, its norm, the shifted input and
 * its gradient, each batch × the encoder's input width.
 */
function smoothnessFootprint(node: Expr, { batch, inputWidth }: FootprintSizes): BatchFootprint | undefined {
  if (node.kind !== 'regulariser' || node.name !== 'smoothness') return undefined;
  const width = inputWidth(node.enc);
  return {
    floats: batch * batch + 4 * batch * width,
    largestTensor: Math.max(batch * batch, batch * width),
    what: `R_c's span noise, ${batch} × ${batch} values,`,
  };
}

/** The smoothness regulariser R_c, offered as `reason` (both estimators offer under the regulariser rule). */
const smoothnessOffer = (reason: string) => ({
  rule: RULE.regulariser,
  candidate: ({ node }: Site): TermCandidate | undefined =>
    node.kind === 'regulariser' && node.name === 'smoothness' ? { reason, gradient: 'unbiased' } : undefined,
});

export const finiteDifferenceJacobian: EstimatorModule<'finite-difference-jacobian'> = {
  name: 'finite-difference-jacobian',
  source: 'Neural Bayes Eq. 4',
  pytorch: {
    equation: 'Neural Bayes Eq. 4 (R_c on the state probabilities)',
    lower: (node) =>
      node.kind === 'regulariser' && node.name === 'smoothness'
        ? returns(`smoothness_${encoderName(node.enc)}`, `smoothness(b, ${encoderRef(node.enc)})`, ['smoothness'])
        : torchUnsupported('finite-difference-jacobian', node),
  },
  offers: [smoothnessOffer('R_c: ‖L(x)−L(x+ζ·δ/‖δ‖)‖²/ζ² with δ in the span of the minibatch (Neural Bayes Eq. 4)')],
  footprint: smoothnessFootprint,
  lower: (node, ctx) =>
    node.kind === 'regulariser' && node.name === 'smoothness'
      ? free(smoothnessPenalty(node.enc, ctx))
      : unsupported('finite-difference-jacobian', node),
};

export const finiteDifferenceJacobianLogits: EstimatorModule<'finite-difference-jacobian-logits'> = {
  name: 'finite-difference-jacobian-logits',
  source: "Neural Bayes Eq. 4 on the network's output before its sigmoid/softmax (the authors' DMS code; Eq. 35)",
  pytorch: {
    equation: "Neural Bayes Eq. 4 on the network's output before its sigmoid/softmax (the authors' DMS code)",
    lower: (node) =>
      node.kind === 'regulariser' && node.name === 'smoothness'
        ? returns(`smoothness_${encoderName(node.enc)}`, `smoothness(b, ${encoderRef(node.enc)}, on_logits=True)`, [
            'smoothness',
          ])
        : torchUnsupported('finite-difference-jacobian-logits', node),
  },
  offers: [
    smoothnessOffer(
      "R_c on the network's output before its sigmoid/softmax, δ in the span of the minibatch (Eq. 4 as the authors' DMS code computes it)",
    ),
  ],
  footprint: smoothnessFootprint,
  lower: (node, ctx) =>
    node.kind === 'regulariser' && node.name === 'smoothness'
      ? free(smoothnessPenalty(node.enc, ctx, 'logits'))
      : unsupported('finite-difference-jacobian-logits', node),
};
