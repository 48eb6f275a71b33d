/**
 * Estimators for explicit discrete encoders (Neural Bayes Lemma 1: p(z=k|x) = L_k(x), p(z=k) = E_x[L_k(x)]).
 */
import * as tf from '../tf.ts';
import { givenLabel, hasExplicitMarginal, networkName, statesOf, type Encoder, type Expr } from '../expr/index.ts';
import { closedForm, explicitStates } from '../families/index.ts';
import { conditionalOf, discrete, isUniform, RULE, sameTargetOtherViews } from '../plan/rules.ts';
import { marginalPosition } from '../plan/sites.ts';
import type { TermContext } from '../term/context.ts';
import { safeLog, stopGradient } from '../term/ops.ts';
import { free, type Lowered } from '../term/value.ts';
import { aggregatePosterior, exchangeableViews, offerUnder } from '../plan/variableRules.ts';
import { entropyTheorem2 } from './paired.ts';
import { unsupported, type EstimatorModule } from './types.ts';
import {
  encoderName,
  encoderRef,
  marginalEncoder,
  marginalOf,
  q as qs,
  returns,
  torchUnsupported,
} from '../targets/pytorch/lowering.ts';
import { checkArgs, Context, EncoderArg } from '../api/arguments.ts';

/** −E_x Σ_k L_k log⟨p̃_k⟩ with p̃ the plugged-in marginal, stop-gradient (Neural Bayes Theorem 2, Eq. 7). */
const marginalEntropyTheorem2 = (enc: Encoder, ctx: TermContext): tf.Scalar =>
  tf.neg(tf.sum(tf.mul(ctx.batchMarginal(enc), safeLog(stopGradient(ctx.pluginMarginal(enc)))))) as tf.Scalar;

/** H(Z|X) = −E_x Σ_k L_k log L_k, averaged over the minibatch (the family's closed form). */
export const conditionalEntropy = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  checkArgs('conditionalEntropy', { enc: [EncoderArg, enc], ctx: [Context, ctx] });
  return closedForm(enc, 'entropy')(ctx.forward(enc), enc.size);
};

/** The encoder of an `E_x[L(x)]` node. */
const encoderOfMarginal = (node: Expr): Encoder => {
  if (node.kind === 'expect' && node.body.kind === 'output') return node.body.enc;
  throw new Error(`not a marginal E_x[L(x)]: ${node.kind}`);
};

export const pluginTheorem2: EstimatorModule<'plugin-theorem2'> = {
  name: 'plugin-theorem2',
  source: 'Neural Bayes, Theorem 2 (Eq. 7) with Lemma 1',
  readsBatchMarginal: () => true,
  pytorch: {
    equation:
      'Neural Bayes Theorem 2 (Eq. 7): H(Z) = −Σ_k E_x[L_k]·log sg(E_x[L_k]), the marginal all-reduced forward only',
    lower: (node) => {
      switch (node.kind) {
        case 'entropy': {
          const m = `b.marginal(${encoderRef(node.enc)})`;
          return returns(`entropy_${encoderName(node.enc)}`, `-(${m} * torch.log(${m}.detach() + EPS)).sum()`);
        }
        case 'mutualInfo': {
          const m = `b.marginal(${encoderRef(node.enc)})`;
          const h = `-(${m} * torch.log(${m}.detach() + EPS)).sum()`;
          return returns(
            `information_${encoderName(node.enc)}`,
            `${h} - conditional_entropy(b, ${encoderRef(node.enc)})`,
            ['conditionalEntropy'],
          );
        }
        case 'expect': {
          const enc = marginalEncoder('plugin-theorem2', node);
          return returns(`marginal_${encoderName(enc)}`, `${marginalOf(enc)}.detach()`);
        }
        default:
          return torchUnsupported('plugin-theorem2', node);
      }
    },
  },
  offers: [
    {
      rule: RULE.theorem2,
      candidate: ({ node, ancestors }) => {
        if ((node.kind === 'entropy' || node.kind === 'mutualInfo') && hasExplicitMarginal(node.enc))
          return {
            reason: `p(${node.enc.target.toLowerCase()}=k) = E_x[${networkName(node.enc)}_k(x)] is explicit: minibatch plug-in, stop-gradient inside the log`,
            gradient: 'unbiased',
          };
        if (marginalPosition(node, ancestors) === 'theorem2')
          return {
            reason:
              'marginal inside a log weighted by the same L and summed over k: the gradient through it vanishes (Theorem 2), so it is plugged in with stop-gradient',
            gradient: 'unbiased',
          };
        return undefined;
      },
    },
    offerUnder(RULE.aggregatePosterior, aggregatePosterior, 'plugin-theorem2'),
    offerUnder(RULE.exchangeableViews, exchangeableViews, 'plugin-theorem2'),
  ],
  lower: (node, ctx, term) => {
    switch (node.kind) {
      case 'entropy':
        return free(
          term.pooledWith
            ? entropyTheorem2(tf.div(tf.add(ctx.batchMarginal(node.enc), ctx.batchMarginal(term.pooledWith)), 2))
            : marginalEntropyTheorem2(node.enc, ctx),
        );
      case 'mutualInfo': // I(X;Z) = H(Z) − H(Z|X), Neural Bayes Eq. 6/8
        return free(tf.sub(marginalEntropyTheorem2(node.enc, ctx), conditionalEntropy(node.enc, ctx)));
      case 'expect': // a marginal E_x[L(x)] in a Theorem 2 position
        return free(stopGradient(marginalVector(node, ctx)));
      case 'kl': {
        if (node.p.kind === 'conditional')
          // E_x KL(p(z|x) ‖ p(z)) = I(X;Z) = H(Z) − H(Z|X)
          return free(tf.sub(marginalEntropyTheorem2(node.p.enc, ctx), conditionalEntropy(node.p.enc, ctx)));
        if (node.p.kind === 'marginal')
          // KL(p(z) ‖ U(z)) = log K − H(Z)
          return free(tf.sub(Math.log(statesOf(node.p.enc)), marginalEntropyTheorem2(node.p.enc, ctx)));
        return unsupported('plugin-theorem2', node);
      }
      case 'crossEntropy': // E_x CE(p(z|x), p(z)) = H(Z), CE(p(z), p(z)) = H(Z)
        return node.p.kind === 'conditional' || node.p.kind === 'marginal'
          ? free(marginalEntropyTheorem2(node.p.enc, ctx))
          : unsupported('plugin-theorem2', node);
      case 'jsd': {
        // JSD_w(p_1, …, p_n) = H(Σ w_i p_i) − Σ w_i H(p_i) over one variable's explicit states
        const K = Math.max(...node.dists.map((d) => (d.kind === 'marginal' ? statesOf(d.enc) : 0)));
        const probs = node.dists.map((d) =>
          d.kind === 'marginal' ? ctx.batchMarginal(d.enc) : (tf.fill([K], 1 / K) as tf.Tensor1D),
        );
        const mixture = probs.reduce((m, p, i) => tf.add(m, tf.mul(node.weights[i], p)), tf.zeros([K]));
        const parts = probs.map((p, i) => tf.mul(node.weights[i], entropyTheorem2(p)));
        return free(
          tf.sub(
            entropyTheorem2(mixture),
            parts.reduce((a, b) => tf.add(a, b)),
          ),
        );
      }
      default:
        return unsupported('plugin-theorem2', node);
    }
  },
};

/** The marginal of an `E_x[L(x)]` node, shaped like L(x) without the batch axis ([K], or [] for a Bernoulli). */
function marginalVector(node: Expr, ctx: TermContext): tf.Tensor {
  const enc = encoderOfMarginal(node);
  const p = ctx.pluginMarginal(enc);
  return explicitStates(enc).fromStates(p);
}

/**
 * CE or KL between two discrete conditionals of the same variable given two views of one sample, p(z|y) and p(z|x):
 * E_{(x,y)}[−Σ_k p(k|y)·log p(k|x)] (lecture notes §4, Ĥ_{Ψ,Φ}(Z|X)), minus E[H(p(z|y))] for the KL.
 */
function pairedDivergence(kind: 'crossEntropy' | 'kl', p: Encoder, q: Encoder, ctx: TermContext): tf.Scalar {
  if (p.family !== q.family)
    throw new Error(`${kind} between a ${p.family} (${p.model}) and a ${q.family} (${q.model}) conditional`);
  const [rawP, rawQ] = [ctx.forward(p), ctx.forward(q)];
  return closedForm(p, kind === 'crossEntropy' ? 'crossEntropyBetween' : 'klBetween')(rawP, rawQ, p.size);
}

export const minibatchMean: EstimatorModule<'minibatch-mean'> = {
  name: 'minibatch-mean',
  source: 'Monte-Carlo average over the minibatch',
  readsBatchMarginal: (node) => node.kind === 'expect',
  pytorch: {
    equation:
      'the mean over the minibatch (a global mean across processes); CE(p(z|y), q(z|x)) = −E Σ_k p(k|y) log q(k|x) (lecture notes §4)',
    lower: (node) => {
      switch (node.kind) {
        case 'crossEntropy':
        case 'kl': {
          if (node.p.kind !== 'conditional' || node.q.kind !== 'conditional')
            return torchUnsupported('minibatch-mean', node);
          const [p, q] = [node.p.enc, node.q.enc];
          const probs = (enc: Encoder) => `b.probs(${encoderRef(enc)}, given=${qs(enc.given.join())})`;
          const ce = `-global_mean((${probs(p)} * torch.log(${probs(q)} + EPS)).sum(1))`;
          const names = `${encoderName(p)}_${encoderName(q)}`;
          if (node.kind === 'crossEntropy') return returns(`cross_entropy_${names}`, ce);
          // KL(p ‖ q) = CE(p, q) − H(p), H(p) = −E Σ_k p log p
          return returns(`kl_${names}`, `${ce} - conditional_entropy(b, ${encoderRef(p)})`, ['conditionalEntropy']);
        }
        case 'condEntropy':
          return returns(
            `conditional_entropy_${encoderName(node.enc)}`,
            `conditional_entropy(b, ${encoderRef(node.enc)})`,
            ['conditionalEntropy'],
          );
        case 'expect': {
          const enc = marginalEncoder('minibatch-mean', node);
          return returns(`mean_${encoderName(enc)}`, `global_mean(b.output(${encoderRef(enc)}))`);
        }
        default:
          return torchUnsupported('minibatch-mean', node);
      }
    },
  },
  offers: [
    {
      rule: RULE.theorem2,
      candidate: ({ node, ancestors }) => {
        if (node.kind === 'condEntropy' && hasExplicitMarginal(node.enc))
          return {
            reason: `p(${node.enc.target.toLowerCase()}|${givenLabel(node.enc).toLowerCase()}) = ${networkName(node.enc)}(x) is explicit: −Σ_k L_k log L_k averaged over the minibatch`,
            gradient: 'unbiased',
          };
        if (marginalPosition(node, ancestors) === 'linear')
          return { reason: 'marginal enters linearly: its minibatch mean is unbiased', gradient: 'unbiased' };
        return undefined;
      },
    },
    {
      rule: RULE.pairedConditionals,
      candidate: ({ node }) =>
        (node.kind === 'crossEntropy' || node.kind === 'kl') &&
        conditionalOf(node.p, discrete) &&
        conditionalOf(node.q, discrete) &&
        sameTargetOtherViews(node.p, node.q)
          ? {
              reason:
                'both conditionals are explicit and read the two views of one sample: −Σ_k p(k|·)·log p(k|·) averaged over the minibatch (lecture notes §4)',
              gradient: 'unbiased',
            }
          : undefined,
    },
  ],
  lower: (node, ctx) => {
    switch (node.kind) {
      case 'condEntropy':
        return free(conditionalEntropy(node.enc, ctx));
      case 'expect':
        return free(ctx.outputMean(encoderOfMarginal(node)));
      case 'crossEntropy':
      case 'kl':
        if (node.p.kind !== 'conditional' || node.q.kind !== 'conditional') return unsupported('minibatch-mean', node);
        return free(pairedDivergence(node.kind, node.p.enc, node.q.enc, ctx));
      default:
        return unsupported('minibatch-mean', node);
    }
  },
};

/** Uniform-prior cross-entropy R_p = −Σ_k [1/K log E_x[L_k] + (K−1)/K log(1 − E_x[L_k])] (Neural Bayes Eq. 9). */
const uniformPriorCE = (enc: Encoder, ctx: TermContext): tf.Scalar => {
  const K = statesOf(enc);
  const p = ctx.batchMarginal(enc);
  return tf.neg(tf.sum(tf.add(tf.mul(1 / K, safeLog(p)), tf.mul((K - 1) / K, safeLog(tf.sub(1, p)))))) as tf.Scalar;
};

export const pluginMinibatch: EstimatorModule<'plugin-minibatch'> = {
  name: 'plugin-minibatch',
  source: 'minibatch plug-in of E_x[L(x)] (Neural Bayes §4.1: needs large batches)',
  readsBatchMarginal: () => true,
  pytorch: {
    equation: 'minibatch plug-in of E_x[L(x)] with its gradient (Neural Bayes §4.1); R_p of Eq. 9',
    lower: (node) => {
      switch (node.kind) {
        case 'expect': {
          const enc = marginalEncoder('plugin-minibatch', node);
          return returns(`marginal_${encoderName(enc)}`, marginalOf(enc));
        }
        case 'regulariser': {
          const K = statesOf(node.enc);
          return {
            name: `uniform_prior_${encoderName(node.enc)}`,
            helpers: [],
            body: [
              `m = b.marginal(${encoderRef(node.enc)})`,
              `return -(1 / ${K} * torch.log(m + EPS) + ${K - 1} / ${K} * torch.log(1 - m + EPS)).sum()`,
            ],
          };
        }
        case 'crossEntropy': {
          if (node.q.kind !== 'marginal') return torchUnsupported('plugin-minibatch', node);
          return returns(
            `prior_cross_entropy_${encoderName(node.q.enc)}`,
            `-torch.log(b.marginal(${encoderRef(node.q.enc)}) + EPS).mean()`,
          );
        }
        default:
          return torchUnsupported('plugin-minibatch', node);
      }
    },
  },
  offers: [
    {
      rule: RULE.regulariser,
      candidate: ({ node }) =>
        node.kind === 'regulariser' && node.name === 'uniformPrior'
          ? {
              reason:
                'R_p: cross-entropy of the uniform prior and the minibatch marginal E_x[L_k] (Neural Bayes Eq. 9)',
              gradient: 'biased',
            }
          : undefined,
    },
    {
      rule: RULE.theorem2,
      candidate: ({ node, ancestors }) => {
        if (marginalPosition(node, ancestors) === 'non-linear')
          return {
            reason:
              'marginal inside a non-linearity outside a Theorem 2 position: minibatch plug-in, gradient biased, bias falls with the batch size',
            gradient: 'biased',
          };
        if (
          node.kind === 'crossEntropy' &&
          isUniform(node.p) &&
          node.q.kind === 'marginal' &&
          hasExplicitMarginal(node.q.enc)
        )
          return {
            reason: 'the marginal E_x[L_k] is plugged in from the minibatch inside the log',
            gradient: 'biased',
          };
        return undefined;
      },
    },
    offerUnder(RULE.aggregatePosterior, aggregatePosterior, 'plugin-minibatch'),
  ],
  lower: (node, ctx): Lowered => {
    switch (node.kind) {
      case 'expect': {
        return free(ctx.outputMean(encoderOfMarginal(node)));
      }
      case 'regulariser':
        return free(uniformPriorCE(node.enc, ctx));
      case 'crossEntropy':
      case 'kl': {
        // CE(U(z), p(z)) = −Σ_k 1/K log E_x[L_k]; KL(U(z) ‖ p(z)) = CE(U(z), p(z)) − log K
        if (node.q.kind !== 'marginal') return unsupported('plugin-minibatch', node);
        const enc = node.q.enc;
        const ce = tf.neg(tf.mean(safeLog(ctx.batchMarginal(enc))));
        return free(node.kind === 'kl' ? tf.sub(ce, Math.log(statesOf(enc))) : ce);
      }
      default:
        return unsupported('plugin-minibatch', node);
    }
  },
};

export const analyticCategorical: EstimatorModule<'analytic-categorical'> = {
  name: 'analytic-categorical',
  source: 'closed forms KL(L(x) ‖ U) = Σ_k L_k log(K·L_k) and CE(L(x), U) = log K',
  pytorch: {
    equation: 'KL(L(x) ‖ U) = log K − H(L(x)), CE(L(x), U) = log K',
    lower: (node) => {
      if ((node.kind !== 'kl' && node.kind !== 'crossEntropy') || node.p.kind !== 'conditional')
        return torchUnsupported('analytic-categorical', node);
      const enc = node.p.enc;
      const logK = enc.family === 'categorical' ? Math.log(enc.size) : enc.size * Math.log(2);
      if (node.kind === 'crossEntropy')
        return returns(`prior_cross_entropy_${encoderName(enc)}`, `torch.tensor(${logK})`);
      return returns(`prior_kl_${encoderName(enc)}`, `${logK} - conditional_entropy(b, ${encoderRef(enc)})`, [
        'conditionalEntropy',
      ]);
    },
  },
  offers: [
    {
      rule: RULE.closedForm,
      candidate: ({ node }) => {
        if (node.kind === 'kl' && conditionalOf(node.p, discrete) && isUniform(node.q))
          return { reason: 'KL(L(x) ‖ U) = Σ_k L_k log(K·L_k)', gradient: 'exact' };
        if (node.kind === 'crossEntropy' && conditionalOf(node.p, discrete) && isUniform(node.q))
          return { reason: 'CE(L(x), U) = log K', gradient: 'exact' };
        return undefined;
      },
    },
    offerUnder(RULE.aggregatePosterior, aggregatePosterior, 'analytic-categorical'),
  ],
  lower: (node, ctx) => {
    // CE(p(z), U(z)) = log K whatever the marginal
    if (node.kind === 'crossEntropy' && node.p.kind === 'marginal')
      return free(tf.scalar(Math.log(statesOf(node.p.enc))));
    if ((node.kind !== 'kl' && node.kind !== 'crossEntropy') || node.p.kind !== 'conditional')
      return unsupported('analytic-categorical', node);
    const p = node.p.enc;
    const form = closedForm(p, node.kind === 'crossEntropy' ? 'crossEntropyToPrior' : 'klToPrior');
    return free(form(ctx.forward(p), p.size));
  },
};
