/**
 * The PyTorch lowering of each estimator, in one table keyed by estimator name (each entry moves into its estimator's
 * module once an estimator is one module). A lowering turns one planned node into the body of a Python function of
 * `b`, the batch context of runtime.ts; an estimator without one says what it is missing, and `--engine pytorch`
 * refuses a spec that plans it.
 */
import type { Dist, Encoder, Expr } from '../../expr/index.ts';
import { statesOf } from '../../expr/index.ts';
import type { EstimatorName, TermPlan } from '../../plan/types.ts';
import type { HelperName } from './runtime.ts';

/** A term as Python: the statements of its function body (the last one returns it) and the helpers they call. */
export interface PythonTerm {
  readonly body: readonly string[];
  readonly helpers: readonly HelperName[];
  /** A short name for the function (`marginal_L`, `smoothness_L`, `jsd`). */
  readonly name: string;
}

export interface TorchLowering {
  /** The equation the lowering implements, for the function's docstring. */
  readonly equation: string;
  lower(node: Expr, term: TermPlan): PythonTerm;
}

/** Why an estimator has no PyTorch lowering yet (what it would need). */
export interface NoTorchLowering {
  readonly missing: string;
}

/** A node an estimator's PyTorch lowering does not handle (the tfjs lowering may). */
export class TorchUnsupported extends Error {}

const unsupported = (estimator: EstimatorName, node: Expr): never => {
  throw new TorchUnsupported(`the PyTorch lowering of ${estimator} does not handle a ${node.kind} node`);
};

/** The encoder of an `E_x[L(x)]` node. */
const marginalEncoder = (estimator: EstimatorName, node: Expr): Encoder =>
  node.kind === 'expect' && node.body.kind === 'output' ? node.body.enc : unsupported(estimator, node);

const q = (s: string) => JSON.stringify(s);

/** E_x[L(x)] as Lemma 1's marginal vector, shaped like L(x): [K], or the scalar E_x[L] of a one-unit Bernoulli. */
const marginalOf = (enc: Encoder) =>
  enc.family === 'categorical' ? `b.marginal(${q(enc.model)})` : `b.marginal(${q(enc.model)})[1]`;

const returns = (name: string, expr: string, helpers: HelperName[] = []): PythonTerm => ({
  body: [`return ${expr}`],
  helpers,
  name,
});

/** A Bayes posterior's density ratio to p(x) (Neural Bayes Prop. 1), or a mixture of them, per sample. */
function ratio(d: Dist): string {
  switch (d.kind) {
    case 'data':
      return `torch.ones(len(b.inputs[${q(d.v)}]), device=b.device)`;
    case 'posterior':
      return `density_ratio(b, ${q(d.enc.model)}, ${d.k}${d.complement ? ', complement=True' : ''})`;
    case 'mixture':
      return `(${d.dists.map((c, i) => `${d.weights[i]} * ${ratio(c)}`).join(' + ')})`;
    case 'conditional':
    case 'marginal':
    case 'prior':
      throw new TorchUnsupported(`bayes-ratio: no density ratio to p(x) for a ${d.kind} distribution`);
  }
}

const notYet = (missing: string): NoTorchLowering => ({ missing });
const CRITIC = notYet('critic networks, their optimiser side and InfoNCE-family scores over the all-gathered batch');

export const TORCH_ESTIMATORS: Readonly<Record<EstimatorName, TorchLowering | NoTorchLowering>> = {
  'plugin-theorem2': {
    equation:
      'Neural Bayes Theorem 2 (Eq. 7): H(Z) = −Σ_k E_x[L_k]·log sg(E_x[L_k]), the marginal all-reduced forward only',
    lower: (node) => {
      switch (node.kind) {
        case 'entropy': {
          const m = `b.marginal(${q(node.enc.model)})`;
          return returns(`entropy_${node.enc.model}`, `-(${m} * torch.log(${m}.detach() + EPS)).sum()`);
        }
        case 'mutualInfo': {
          const m = `b.marginal(${q(node.enc.model)})`;
          const h = `-(${m} * torch.log(${m}.detach() + EPS)).sum()`;
          return returns(`information_${node.enc.model}`, `${h} - conditional_entropy(b, ${q(node.enc.model)})`, [
            'conditionalEntropy',
          ]);
        }
        case 'expect': {
          const enc = marginalEncoder('plugin-theorem2', node);
          return returns(`marginal_${enc.model}`, `${marginalOf(enc)}.detach()`);
        }
        default:
          return unsupported('plugin-theorem2', node);
      }
    },
  },
  'plugin-minibatch': {
    equation: 'minibatch plug-in of E_x[L(x)] with its gradient (Neural Bayes §4.1); R_p of Eq. 9',
    lower: (node) => {
      switch (node.kind) {
        case 'expect': {
          const enc = marginalEncoder('plugin-minibatch', node);
          return returns(`marginal_${enc.model}`, marginalOf(enc));
        }
        case 'regulariser': {
          const K = statesOf(node.enc);
          const m = `b.marginal(${q(node.enc.model)})`;
          return {
            name: `uniform_prior_${node.enc.model}`,
            helpers: [],
            body: [
              `m = ${m}`,
              `return -(1 / ${K} * torch.log(m + EPS) + ${K - 1} / ${K} * torch.log(1 - m + EPS)).sum()`,
            ],
          };
        }
        case 'crossEntropy': {
          if (node.q.kind !== 'marginal') return unsupported('plugin-minibatch', node);
          return returns(
            `prior_cross_entropy_${node.q.enc.model}`,
            `-torch.log(b.marginal(${q(node.q.enc.model)}) + EPS).mean()`,
          );
        }
        default:
          return unsupported('plugin-minibatch', node);
      }
    },
  },
  'minibatch-mean': {
    equation: 'the mean over the minibatch (a global mean across processes)',
    lower: (node) => {
      switch (node.kind) {
        case 'condEntropy':
          return returns(`conditional_entropy_${node.enc.model}`, `conditional_entropy(b, ${q(node.enc.model)})`, [
            'conditionalEntropy',
          ]);
        case 'expect': {
          const enc = marginalEncoder('minibatch-mean', node);
          return returns(`mean_${enc.model}`, `global_mean(b.output(${q(enc.model)}))`);
        }
        default:
          return unsupported('minibatch-mean', node);
      }
    },
  },
  'bayes-ratio': {
    equation: 'Neural Bayes Prop. 1 (Eq. 3, 23): f_k = L_k/E_x[L_k]; JSD_w = Σ_i w_i E_x[f_i log(f_i / Σ_j w_j f_j)]',
    lower: (node) => {
      if (node.kind === 'kl')
        return {
          name: 'kl',
          helpers: ['densityRatio'],
          body: [`fp, fq = ${ratio(node.p)}, ${ratio(node.q)}`, 'return global_mean(fp * torch.log(fp / fq))'],
        };
      if (node.kind !== 'jsd') return unsupported('bayes-ratio', node);
      const parts = node.weights.map((w, i) => `${w} * global_mean(f[${i}] * torch.log(f[${i}] / mixture))`);
      const first = node.dists[0];
      return {
        name: first.kind === 'posterior' ? `jsd_${first.enc.model}_${first.k}` : 'jsd',
        helpers: ['densityRatio'],
        body: [
          `f = [${node.dists.map(ratio).join(', ')}]`,
          `mixture = ${node.weights.map((w, i) => `${w} * f[${i}]`).join(' + ')}`,
          `return ${parts.join(' + ')}`,
        ],
      };
    },
  },
  'finite-difference-jacobian': {
    equation: 'Neural Bayes Eq. 4 (R_c on the state probabilities)',
    lower: (node) =>
      node.kind === 'regulariser' && node.name === 'smoothness'
        ? returns(`smoothness_${node.enc.model}`, `smoothness(b, ${q(node.enc.model)})`, ['smoothness'])
        : unsupported('finite-difference-jacobian', node),
  },
  'finite-difference-jacobian-logits': {
    equation: "Neural Bayes Eq. 4 on the network's output before its sigmoid/softmax (the authors' DMS code)",
    lower: (node) =>
      node.kind === 'regulariser' && node.name === 'smoothness'
        ? returns(`smoothness_${node.enc.model}`, `smoothness(b, ${q(node.enc.model)}, on_logits=True)`, ['smoothness'])
        : unsupported('finite-difference-jacobian-logits', node),
  },
  'analytic-categorical': {
    equation: 'KL(L(x) ‖ U) = log K − H(L(x)), CE(L(x), U) = log K',
    lower: (node) => {
      if ((node.kind !== 'kl' && node.kind !== 'crossEntropy') || node.p.kind !== 'conditional')
        return unsupported('analytic-categorical', node);
      const enc = node.p.enc;
      const logK = enc.family === 'categorical' ? Math.log(enc.size) : enc.size * Math.log(2);
      if (node.kind === 'crossEntropy') return returns(`prior_cross_entropy_${enc.model}`, `torch.tensor(${logK})`);
      return returns(`prior_kl_${enc.model}`, `${logK} - conditional_entropy(b, ${q(enc.model)})`, [
        'conditionalEntropy',
      ]);
    },
  },
  'analytic-gaussian': notYet('Gaussian encoders (mean and log-variance heads)'),
  'reparam-mc': notYet('Gaussian encoders and their reparameterised samples'),
  'enumerate-states': notYet('decoders log p(x|z=k) at every state'),
  mige: notYet('SSGE with torch.linalg.eigh over the all-gathered samples'),
  mine: CRITIC,
  'mine-f': CRITIC,
  nwj: CRITIC,
  infonce: CRITIC,
  'jsd-critic': CRITIC,
  'jsd-discriminator': notYet('the discriminator network and the adversarial gradient reversal'),
  smile: CRITIC,
  tuba: CRITIC,
  flo: CRITIC,
  club: notYet('Gaussian encoders'),
  l1out: notYet('Gaussian encoders'),
  'paired-plugin': notYet('paired views of one sample (augmentations)'),
  ba: notYet('classifier heads on the observed labels'),
  doe: notYet('nothing to lower: it estimates from samples only (infobj estimate)'),
  'identically-zero': notYet('its constant 0 written in Python'),
  'label-counts': notYet('the observed labels in the exported data'),
  'decoder-likelihood': notYet('classifier heads on the observed labels'),
};

/** The PyTorch lowering of an estimator, or what it is missing. */
export const torchLowering = (name: EstimatorName): TorchLowering | NoTorchLowering => TORCH_ESTIMATORS[name];

export const hasTorchLowering = (x: TorchLowering | NoTorchLowering): x is TorchLowering => 'lower' in x;
