/**
 * Estimators of terms over observed labels Y (one-hot in the batch) and a classifier q(y|z) of them: the label
 * marginal counted from the data, the classifier's likelihood at the labels, and the Barber–Agakov bound that joins them
 * (the I(Z;Y) of an information bottleneck, lecture notes §3; Alemi et al.'s VIB).
 */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../expr/index.ts';
import { closedForm } from '../families/index.ts';
import type { TermContext } from '../term/context.ts';
import { constantOf, safeLog } from '../term/ops.ts';
import { free } from '../term/value.ts';
import { logLikelihood } from './likelihood.ts';
import { RULE } from '../plan/rules.ts';
import { labelsJoint, observedLabels, offerUnder } from '../plan/variableRules.ts';
import { unsupported, type EstimatorModule, type SampleEstimatorModule } from './types.ts';
import { LABELS_MISSING } from '../targets/pytorch/lowering.ts';

/** p̂(y) [K]: the labels' marginal counted in the minibatch (a constant: no gradient reaches the networks). */
const labelMarginal = (v: string, ctx: TermContext): tf.Tensor1D =>
  constantOf(ctx.input(v), (y) => tf.mean(tf.reshape(y, [y.shape[0], -1]), 0)) as tf.Tensor1D;

/** H(Y) = −Σ_y p̂(y) log p̂(y) of the counted label marginal. */
const labelEntropy = (v: string, ctx: TermContext): tf.Scalar => {
  const p = labelMarginal(v, ctx);
  return tf.neg(tf.sum(tf.mul(p, safeLog(p)))) as tf.Scalar;
};

/** E_(x,y) E_{z~p(z|x)}[log q(y|z)]: the classifier's log-likelihood at the observed labels, z drawn from its encoder. */
const meanLogLikelihood = (enc: Encoder, ctx: TermContext): tf.Scalar => tf.mean(logLikelihood(enc, ctx)) as tf.Scalar;

export const labelCounts: EstimatorModule<'label-counts'> = {
  name: 'label-counts',
  source: 'the empirical label marginal p̂(y) counted in the minibatch',
  pytorch: LABELS_MISSING,
  offers: [
    offerUnder(RULE.observedLabels, observedLabels, 'label-counts'),
    offerUnder(RULE.labelsJoint, labelsJoint, 'label-counts'),
  ],
  lower: (node, ctx) => {
    switch (node.kind) {
      case 'entropy': // H(Y) of the labels
        return free(labelEntropy(node.enc.target, ctx));
      case 'crossEntropy':
      case 'kl': {
        // CE(q(y|z), p(y)) = −E_z Σ_y q(y|z) log p̂(y); KL = CE − E_z H(q(y|z))
        if (node.p.kind !== 'conditional' || node.q.kind !== 'data') return unsupported('label-counts', node);
        const enc = node.p.enc;
        const logP = safeLog(labelMarginal(node.q.v, ctx));
        const ce = tf.neg(tf.mean(tf.sum(tf.mul(ctx.probs(enc), logP), 1)));
        return free(node.kind === 'kl' ? tf.sub(ce, closedForm(enc, 'entropy')(ctx.forward(enc), enc.size)) : ce);
      }
      default:
        return unsupported('label-counts', node);
    }
  },
};

export const decoderLikelihood: EstimatorModule<'decoder-likelihood'> = {
  name: 'decoder-likelihood',
  source: 'variational upper bound H(Y|Z) ≤ E[−log q(y|z)] (Barber & Agakov 2003; lecture notes §3)',
  pytorch: LABELS_MISSING,
  offers: [offerUnder(RULE.observedLabels, observedLabels, 'decoder-likelihood')],
  lower: (node, ctx) =>
    node.kind === 'condEntropy'
      ? free(tf.neg(meanLogLikelihood(node.enc, ctx)))
      : unsupported('decoder-likelihood', node),
};

/** Also `infobj estimate`'s decoder bound with a Gaussian decoder fitted to samples (src/estimate). */
export const ba: SampleEstimatorModule<'ba'> = {
  name: 'ba',
  source:
    'Barber & Agakov 2003: I(Z;Y) ≥ H(Y) + E[log q(y|z)]; in an objective, with the labels counted and a classifier',
  sampleEstimate: 'decoder',
  pytorch: LABELS_MISSING,
  offers: [offerUnder(RULE.observedLabels, observedLabels, 'ba')],
  whyNotPinnable: () =>
    'within an objective ba estimates I(Z;Y) of the data’s labels Y with a classifier q(y|z) (H(Y) counted from the ' +
    'labels); for other data it needs H(Y), which an objective term does not give: write its Barber–Agakov form ' +
    'H(X) + E[log q(x|z)] with a decoder, or estimate from samples with infobj estimate',
  lower: (node, ctx) =>
    node.kind === 'mutualInfo'
      ? free(tf.add(labelEntropy(node.enc.target, ctx), meanLogLikelihood(node.enc, ctx)))
      : unsupported('ba', node),
};
