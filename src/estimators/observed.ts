/**
 * Estimators of terms over observed labels Y (one-hot in the batch) and a classifier q(y|z) of them: the label
 * marginal counted from the data, the classifier's likelihood at the labels, and the Barber–Agakov bound that joins them
 * (the I(Z;Y) of an information bottleneck, lecture notes §3; Alemi et al.'s VIB).
 */
import * as tf from '../tf.ts';
import type { Encoder, Expr } from '../expr/index.ts';
import { closedForm } from '../families/index.ts';
import type { TermContext } from '../term/context.ts';
import { constantOf, safeLog } from '../term/ops.ts';
import { free } from '../term/value.ts';
import { logLikelihood } from './likelihood.ts';
import { RULE } from '../plan/rules.ts';
import { labelsJoint, observedLabels, offerUnder } from '../plan/variableRules.ts';
import { unsupported, type EstimatorModule, type SampleEstimatorModule } from './types.ts';
import {
  encoderName,
  encoderRef,
  q,
  returns,
  TorchUnsupported,
  torchUnsupported,
  type PythonTerm,
} from '../targets/pytorch/lowering.ts';

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

/** E_(x,v)[log q(v|·)] as Python: the encoder's log-likelihood at the observed values of its target, averaged. */
function pythonMeanLogLikelihood(estimator: string, enc: Encoder): string {
  if (!enc.observedTarget)
    throw new TorchUnsupported(
      `${estimator}: ${enc.target} is not observed, so ${enc.model} has no values to read it at`,
    );
  if (enc.family !== 'categorical' && enc.family !== 'bernoulli')
    throw new TorchUnsupported(
      `${estimator}: the PyTorch target reads categorical and bernoulli likelihoods, not ${enc.family}`,
    );
  return `global_mean(log_likelihood(b, ${encoderRef(enc)}, ${q(enc.target)}))`;
}

/** The labels' counted marginal as Python, and H(Y) of it. */
const pythonLabelMarginal = (v: string) => `label_marginal(b, ${q(v)})`;
const pythonLabelEntropy = (v: string) => `label_entropy(b, ${q(v)})`;

/** CE(q(y|x), p̂(y)) and KL = CE − E_x H(q(y|x)) with the counted label marginal, as Python. */
function pythonLabelCrossEntropy(node: Expr): PythonTerm {
  if ((node.kind !== 'crossEntropy' && node.kind !== 'kl') || node.p.kind !== 'conditional' || node.q.kind !== 'data')
    return torchUnsupported('label-counts', node);
  const enc = node.p.enc;
  const ce = `-global_mean((b.probs(${encoderRef(enc)}) * torch.log(${pythonLabelMarginal(node.q.v)} + EPS)).sum(1))`;
  return node.kind === 'kl'
    ? returns(`label_kl_${encoderName(enc)}`, `${ce} - conditional_entropy(b, ${encoderRef(enc)})`, [
        'labelCounts',
        'conditionalEntropy',
      ])
    : returns(`label_cross_entropy_${encoderName(enc)}`, ce, ['labelCounts']);
}

export const labelCounts: EstimatorModule<'label-counts'> = {
  name: 'label-counts',
  source: 'the empirical label marginal p̂(y) counted in the minibatch',
  pytorch: {
    equation: 'H(Y) = −Σ_y p̂(y) log p̂(y), CE(q(y|x), p̂(y)) = −E_x Σ_y q(y|x) log p̂(y), p̂ counted over the minibatch',
    lower: (node) =>
      node.kind === 'entropy'
        ? returns(`label_entropy_${node.enc.target}`, pythonLabelEntropy(node.enc.target), ['labelCounts'])
        : pythonLabelCrossEntropy(node),
  },
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
  pytorch: {
    equation: 'H(Y|Z) ≤ −E_(x,y) E_{z~p(z|x)}[log q(y|z)] (Barber & Agakov 2003)',
    lower: (node) =>
      node.kind === 'condEntropy'
        ? returns(
            `conditional_entropy_bound_${encoderName(node.enc)}`,
            `-${pythonMeanLogLikelihood('decoder-likelihood', node.enc)}`,
            ['logLikelihood'],
          )
        : torchUnsupported('decoder-likelihood', node),
  },
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
  pytorch: {
    equation:
      'I(Z;Y) ≥ H(Y) + E_(x,y) E_{z~p(z|x)}[log q(y|z)] (Barber & Agakov 2003), H(Y) of the labels counted in the minibatch',
    lower: (node) =>
      node.kind === 'mutualInfo'
        ? returns(
            `barber_agakov_${encoderName(node.enc)}`,
            `${pythonLabelEntropy(node.enc.target)} + ${pythonMeanLogLikelihood('ba', node.enc)}`,
            ['labelCounts', 'logLikelihood'],
          )
        : torchUnsupported('ba', node),
  },
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
