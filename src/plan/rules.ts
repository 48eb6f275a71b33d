/**
 * The estimator-selection rules, in DESIGN.md's order. A rule is a name and a rank; the estimators offer their
 * candidates under it (src/estimators/<name>.ts, each offer with its reason). Each offer looks only at properties of
 * the node (its kind, its encoder's family, its position), never at names. The lowest-ranked rule with a candidate
 * wins unless the user pins another applicable estimator; pin-only rules are taken only when pinned.
 */
import { sameVariables, type Dist, type EncoderKind, type Expr } from '../expr/index.ts';
import { familyOf } from '../families/index.ts';
import type { Rule } from '../estimators/types.ts';
import { isMarginal } from './sites.ts';

/** The rules several estimators offer under (an estimator with a rule of its own may declare it in its module). */
export const RULE = {
  /** 0'. A divergence of a distribution to itself is the constant 0, whatever the family (the lint warns about it). */
  selfDivergence: { name: 'divergence to itself', rank: -1 },
  /** 0. Regularisers carry their own estimator. */
  regulariser: { name: 'regulariser', rank: 0 },
  /** 0a. H(Y), H(Y|Z), I(Z;Y) of observed labels (or data) with a classifier (or decoder) of them: read the labels. */
  observedLabels: { name: 'observed labels with a classifier', rank: 0.1 },
  /** 0b. I(Z;Y) of a discrete encoder and the labels (the exact joint), CE/KL of a classifier to the label marginal. */
  labelsJoint: { name: 'the labels’ joint and marginal', rank: 0.2 },
  /** 0c. Divergences of an encoder's aggregate posterior p(z) = E_x[p(z|x)]. */
  aggregatePosterior: { name: 'aggregate posterior', rank: 0.3 },
  /** 0d. H(Z) of one network on two exchangeable views: the pooled marginal (IIC's symmetrised joint). */
  exchangeableViews: { name: 'exchangeable views (IIC)', rank: 0.4 },
  /** 1. Log of a marginal of an explicit categorical/Bernoulli encoder → plug-in with stop-gradient (Theorem 2). */
  theorem2: { name: 'explicit discrete marginal (Neural Bayes Lemma 1, Theorem 2)', rank: 1 },
  /** 1b. CE/KL between two explicit discrete conditionals of one variable given paired views → a minibatch mean. */
  pairedConditionals: { name: 'explicit discrete conditionals on paired samples', rank: 2 },
  /** 1c. I, H of two explicit discrete encoders on paired samples → the plug-in of the batch joint (IIC). */
  pairedJoint: { name: 'explicit discrete joint on paired samples (IIC)', rank: 3 },
  /** 2. Closed forms. */
  closedForm: { name: 'closed form', rank: 4 },
  /** 2b. A conditional given a discrete latent: its log-density at every state, summed exactly. */
  discreteLatent: { name: 'discrete latent', rank: 5 },
  /** 3. Entropy / MI / score of a continuous implicit distribution → MIGE. */
  mige: { name: 'implicit continuous density (MIGE)', rank: 6 },
  /** 4. Reparameterisable sample paths → Monte-Carlo. */
  reparam: { name: 'reparameterisation', rank: 7 },
  /** 5. JSD between two distributions known only by samples → its variational bound with a discriminator. */
  discriminator: { name: 'variational JSD with a discriminator (GAN)', rank: 8 },
  /** 5a. A continuous pair whose information only MIGE estimates (joint entropies, a hidden layer and its output). */
  pairedScores: { name: 'continuous joint by its score (MIGE)', rank: 9 },
  /** 5b. I(Z;W) of two continuous encoders on paired samples → InfoNCE. */
  pairedContinuous: { name: 'continuous pair on paired samples (InfoNCE)', rank: 10 },
  /** 5c. I(Z;W) of a discrete and a continuous encoder on paired samples → InfoNCE. */
  pairedMixed: { name: 'discrete and continuous pair on paired samples (InfoNCE)', rank: 11 },
  /** 5d. I(Z;Y) of an encoder's target and a data variable paired with its input → InfoNCE. */
  dataPaired: { name: 'encoder and paired data variable (InfoNCE)', rank: 12 },
  /** 6. Variational bounds with a critic: chosen only when pinned (a critic network is then declared). */
  critic: { name: 'critic bound (pinned)', rank: 13, pinOnly: true },
  /** 6b. Upper bounds on I(X;Z) with a Gaussian encoder's own conditional: chosen only when pinned. */
  gaussianConditional: {
    name: 'upper bound with the encoder’s Gaussian conditional (pinned)',
    rank: 14,
    pinOnly: true,
  },
} as const satisfies Record<string, Rule>;

export const isStdNormal = (d: Dist): boolean => d.kind === 'prior' && d.family === 'standard-normal';
export const isUniform = (d: Dist): boolean => d.kind === 'prior' && d.family === 'uniform';
/** A conditional p(z|·) of an encoder whose family passes `test`. */
export const conditionalOf = (d: Dist, test: (family: EncoderKind) => boolean): boolean =>
  d.kind === 'conditional' && test(d.enc.family);
export const discrete = (f: EncoderKind): boolean => familyOf(f).discrete;

/** Two conditionals of the same target given the same variable, of the same size (a posterior and a conditional prior). */
export const sameConditionalSpace = (p: Dist, q: Dist): boolean =>
  p.kind === 'conditional' &&
  q.kind === 'conditional' &&
  p.enc.target === q.enc.target &&
  sameVariables(p.enc.given, q.enc.given) &&
  p.enc.size === q.enc.size;

/** Two conditionals of the same target and size given different variables (two views of one sample). */
export const sameTargetOtherViews = (p: Dist, q: Dist): boolean =>
  p.kind === 'conditional' &&
  q.kind === 'conditional' &&
  p.enc.target === q.enc.target &&
  p.enc.size === q.enc.size &&
  !sameVariables(p.enc.given, q.enc.given);

/** Node kinds that are always terms the planner must estimate (information terms, log-densities, scores). */
export const TERM_KINDS: Record<Expr['kind'], boolean> = {
  entropy: true,
  condEntropy: true,
  mutualInfo: true,
  pairedInfo: true,
  dataInfo: true,
  pairedEntropy: true,
  kl: true,
  jsd: true,
  crossEntropy: true,
  regulariser: true,
  logDensity: true,
  score: true,
  output: false,
  expect: false,
  sumStates: false,
  log: false,
  add: false,
  neg: false,
  mul: false,
  div: false,
  const: false,
  hyper: false,
  stopGradient: false,
};

/** Is this node a term the planner must estimate? A kind that always is, or the marginal E_x[L(x)] of Lemma 1. */
export const isTerm = (e: Expr): boolean => TERM_KINDS[e.kind] || isMarginal(e);
