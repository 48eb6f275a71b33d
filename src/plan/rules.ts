/**
 * The estimator-selection rules, in DESIGN.md's order. Each rule looks only at properties of the node
 * (its kind, its encoder's family, its position), never at names. The first rule with a candidate wins
 * unless the user pins another applicable estimator.
 */
import { match } from 'ts-pattern';
import {
  encodersOf,
  givenLabel,
  hasExplicitMarginal,
  networkName,
  sameVariables,
  type Dist,
  type EncoderKind,
  type Expr,
} from '../expr/index.ts';
import { familyOf, hasDensity } from '../families/index.ts';
import { dataPaired, pairedContinuous, pairedCritic, pairedJoint, pairedMixed, pairedScores } from './pairedRules.ts';
import { entersLinearly, hasBayesRatio, inTheorem2Position, isContinuous, isMarginal } from './sites.ts';
import type { EstimatorName, GradientQuality, NetworkNeed, Site } from './types.ts';

export interface Choice {
  readonly estimator: EstimatorName;
  readonly reason: string;
  readonly gradient: GradientQuality;
  /** The network the estimator needs; the planner gives it an id from the term's path. */
  readonly network?: Omit<NetworkNeed, 'id'>;
}

export interface Rule {
  readonly name: string;
  readonly candidates: (site: Site) => Choice[];
}

const none: Choice[] = [];
const isStdNormal = (d: Dist) => d.kind === 'prior' && d.family === 'standard-normal';
const isUniform = (d: Dist) => d.kind === 'prior' && d.family === 'uniform';
const conditionalOf = (d: Dist, test: (family: EncoderKind) => boolean) =>
  d.kind === 'conditional' && test(d.enc.family);
const discrete = (f: EncoderKind) => familyOf(f).discrete;
const gaussian = (f: EncoderKind) => f === 'gaussian';
/** Two conditionals of the same target given the same variable, of the same size (a posterior and a conditional prior). */
const sameConditionalSpace = (p: Dist, q: Dist) =>
  p.kind === 'conditional' &&
  q.kind === 'conditional' &&
  p.enc.target === q.enc.target &&
  sameVariables(p.enc.given, q.enc.given) &&
  p.enc.size === q.enc.size;

/** 0. Regularisers carry their own estimator. */
const regulariser: Rule = {
  name: 'regulariser',
  candidates: ({ node }) =>
    node.kind !== 'regulariser'
      ? none
      : node.name === 'smoothness'
        ? [
            {
              estimator: 'finite-difference-jacobian',
              reason: 'R_c: ‖L(x)−L(x+ζ·δ/‖δ‖)‖²/ζ² with δ in the span of the minibatch (Neural Bayes Eq. 4)',
              gradient: 'unbiased',
            },
            {
              estimator: 'finite-difference-jacobian-logits',
              reason:
                "R_c on the network's output before its sigmoid/softmax, δ in the span of the minibatch (Eq. 4 as the authors' DMS code computes it)",
              gradient: 'unbiased',
            },
          ]
        : [
            {
              estimator: 'plugin-minibatch',
              reason:
                'R_p: cross-entropy of the uniform prior and the minibatch marginal E_x[L_k] (Neural Bayes Eq. 9)',
              gradient: 'biased',
            },
          ],
};

/** 1. Log of a marginal of an explicit categorical/Bernoulli encoder → plug-in with stop-gradient (Theorem 2). */
const theorem2: Rule = {
  name: 'explicit discrete marginal (Neural Bayes Lemma 1, Theorem 2)',
  candidates: ({ node, ancestors }) =>
    match(node)
      .with({ kind: 'entropy' }, { kind: 'mutualInfo' }, (n) =>
        hasExplicitMarginal(n.enc)
          ? [
              {
                estimator: 'plugin-theorem2' as const,
                reason: `p(${n.enc.target.toLowerCase()}=k) = E_x[${networkName(n.enc)}_k(x)] is explicit: minibatch plug-in, stop-gradient inside the log`,
                gradient: 'unbiased' as const,
              },
            ]
          : none,
      )
      .with({ kind: 'condEntropy' }, (n) =>
        hasExplicitMarginal(n.enc)
          ? [
              {
                estimator: 'minibatch-mean' as const,
                reason: `p(${n.enc.target.toLowerCase()}|${givenLabel(n.enc).toLowerCase()}) = ${networkName(n.enc)}(x) is explicit: −Σ_k L_k log L_k averaged over the minibatch`,
                gradient: 'unbiased' as const,
              },
            ]
          : none,
      )
      .with({ kind: 'expect' }, (n) => {
        if (!isMarginal(n)) return none;
        if (inTheorem2Position(n, ancestors))
          return [
            {
              estimator: 'plugin-theorem2' as const,
              reason:
                'marginal inside a log weighted by the same L and summed over k: the gradient through it vanishes (Theorem 2), so it is plugged in with stop-gradient',
              gradient: 'unbiased' as const,
            },
          ];
        if (entersLinearly(ancestors))
          return [
            {
              estimator: 'minibatch-mean' as const,
              reason: 'marginal enters linearly: its minibatch mean is unbiased',
              gradient: 'unbiased' as const,
            },
          ];
        return [
          {
            estimator: 'plugin-minibatch' as const,
            reason:
              'marginal inside a non-linearity outside a Theorem 2 position: minibatch plug-in, gradient biased, bias falls with the batch size',
            gradient: 'biased' as const,
          },
        ];
      })
      .with({ kind: 'jsd' }, (n) =>
        n.dists.every(hasBayesRatio) && n.dists.some((d) => d.kind === 'posterior')
          ? [
              {
                estimator: 'bayes-ratio' as const,
                reason:
                  'components are Bayes posteriors p(x|z=k) with density ratio f_k = L_k(x)/E_x[L_k(x)] (Neural Bayes Prop. 1)',
                gradient: 'biased' as const,
              },
            ]
          : none,
      )
      .with({ kind: 'kl' }, (n) =>
        hasBayesRatio(n.p) && hasBayesRatio(n.q) && n.p.kind !== 'data'
          ? [
              {
                estimator: 'bayes-ratio' as const,
                reason: 'both sides have explicit density ratios to p(x) via Bayes',
                gradient: 'biased' as const,
              },
            ]
          : none,
      )
      .with({ kind: 'crossEntropy' }, (n) =>
        isUniform(n.p) && n.q.kind === 'marginal' && hasExplicitMarginal(n.q.enc)
          ? [
              {
                estimator: 'plugin-minibatch' as const,
                reason: 'the marginal E_x[L_k] is plugged in from the minibatch inside the log',
                gradient: 'biased' as const,
              },
            ]
          : none,
      )
      .otherwise(() => none),
};

/** 1b. CE/KL between two explicit discrete conditionals of one variable given paired views → a minibatch mean. */
const pairedConditionals: Rule = {
  name: 'explicit discrete conditionals on paired samples',
  candidates: ({ node }) =>
    (node.kind === 'crossEntropy' || node.kind === 'kl') &&
    conditionalOf(node.p, discrete) &&
    conditionalOf(node.q, discrete) &&
    sameTarget(node.p, node.q)
      ? [
          {
            estimator: 'minibatch-mean',
            reason:
              'both conditionals are explicit and read the two views of one sample: −Σ_k p(k|·)·log p(k|·) averaged over the minibatch (lecture notes §4)',
            gradient: 'unbiased',
          },
        ]
      : none,
};
const sameTarget = (p: Dist, q: Dist) =>
  p.kind === 'conditional' &&
  q.kind === 'conditional' &&
  p.enc.target === q.enc.target &&
  p.enc.size === q.enc.size &&
  !sameVariables(p.enc.given, q.enc.given);

/** 2. Closed forms. */
const closedForm: Rule = {
  name: 'closed form',
  candidates: ({ node }) =>
    match(node)
      .with({ kind: 'kl' }, (n) => {
        if (conditionalOf(n.p, gaussian) && isStdNormal(n.q))
          return [
            {
              estimator: 'analytic-gaussian' as const,
              reason: 'KL(N(μ,σ²) ‖ N(0,I)) = ½Σ(μ²+σ²−1−log σ²)',
              gradient: 'exact' as const,
            },
          ];
        if (conditionalOf(n.p, gaussian) && conditionalOf(n.q, gaussian) && sameConditionalSpace(n.p, n.q))
          return [
            {
              estimator: 'analytic-gaussian' as const,
              reason:
                'KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) = ½Σ(σ₁²/σ₂² + (μ₁−μ₂)²/σ₂² − 1 + log σ₂²/σ₁²) at each x (a conditional prior, lecture notes §1.4.1)',
              gradient: 'exact' as const,
            },
          ];
        if (conditionalOf(n.p, discrete) && isUniform(n.q))
          return [
            {
              estimator: 'analytic-categorical' as const,
              reason: 'KL(L(x) ‖ U) = Σ_k L_k log(K·L_k)',
              gradient: 'exact' as const,
            },
          ];
        return none;
      })
      .with({ kind: 'crossEntropy' }, (n) => {
        if (conditionalOf(n.p, discrete) && isUniform(n.q))
          return [
            { estimator: 'analytic-categorical' as const, reason: 'CE(L(x), U) = log K', gradient: 'exact' as const },
          ];
        if (conditionalOf(n.p, gaussian) && isStdNormal(n.q))
          return [
            {
              estimator: 'analytic-gaussian' as const,
              reason: 'CE(N(μ,σ²), N(0,I)) = ½Σ(μ²+σ²+log 2π)',
              gradient: 'exact' as const,
            },
          ];
        return none;
      })
      .with({ kind: 'condEntropy' }, (n) =>
        n.enc.family === 'gaussian'
          ? [
              {
                estimator: 'analytic-gaussian' as const,
                reason: 'H(N(μ,σ²)) = ½Σ log(2πe σ²)',
                gradient: 'exact' as const,
              },
            ]
          : none,
      )
      .otherwise(() => none),
};

/** 2b. A conditional given a discrete latent: its log-density at every state, summed exactly (EM's E_{z~q}[log p(x|z)]). */
const discreteLatent: Rule = {
  name: 'discrete latent',
  candidates: ({ node, ancestors }) => {
    if (node.kind !== 'logDensity' || node.dist.kind !== 'conditional') return none;
    const decoder = node.dist.enc;
    const root = ancestors[ancestors.length - 1] ?? node;
    const latent = [...encodersOf(root).values()].find(
      (e) => sameVariables([e.target], decoder.given) && e.model !== decoder.model,
    );
    if (latent?.family !== 'categorical' || !hasDensity(decoder.family)) return none;
    const [x, z] = [decoder.target.toLowerCase(), givenLabel(decoder).toLowerCase()];
    return [
      {
        estimator: 'enumerate-states',
        reason: `${z} is a state of the categorical ${latent.model}: log p(${x}|${z}=k) for each of its ${latent.size} states, an exact expectation under Σ_k (no sampling)`,
        gradient: 'exact',
      },
    ];
  },
};

/** 3. Entropy / MI / score of a continuous implicit distribution → MIGE (SSGE score estimate through a surrogate). */
const mige: Rule = {
  name: 'implicit continuous density (MIGE)',
  candidates: ({ node }) =>
    match(node)
      .with({ kind: 'entropy' }, { kind: 'mutualInfo' }, (n) => {
        if (!isContinuous(n.enc)) return none;
        const z = n.enc.target.toLowerCase();
        const why =
          n.kind === 'entropy'
            ? `p(${z}) of a ${n.enc.family} encoder is implicit: ∇H = −E[ŝ(${z})·∇${z}] with ${z} reparameterised through the data (MIGE Eq. 9–12), ŝ by SSGE`
            : !hasDensity(n.enc.family)
              ? `Circumstance I (deterministic encoder): ∇I = −E[ŝ(${z})·∇${z}] + E[ŝ(x,${z})·∇${z}], scores by SSGE, x randomly projected (MIGE Eq. 12, §3.3)`
              : `Circumstance III (stochastic encoder): ∇I = ∇H(${n.enc.target}) − ∇H(${n.enc.target}|${givenLabel(n.enc)}), ŝ(${z}) by SSGE, the Gaussian conditional score in closed form (MIGE Eq. 16)`;
        return [
          { estimator: 'mige' as const, reason: `${why}; the value is not estimated`, gradient: 'surrogate' as const },
        ];
      })
      .with({ kind: 'score' }, (n) =>
        n.dist.kind === 'data' || (n.dist.kind === 'marginal' && isContinuous(n.dist.enc))
          ? [
              {
                estimator: 'mige' as const,
                reason: 'score of an implicit density estimated from samples by SSGE',
                gradient: 'surrogate' as const,
              },
            ]
          : none,
      )
      .otherwise(() => none),
};

/** 4. Reparameterisable sample paths → Monte-Carlo. */
const reparam: Rule = {
  name: 'reparameterisation',
  candidates: ({ node }) =>
    match(node)
      .with({ kind: 'logDensity' }, (n) =>
        conditionalOf(n.dist, hasDensity) || isStdNormal(n.dist)
          ? [
              {
                estimator: 'reparam-mc' as const,
                reason: 'explicit log-density at the observed data or at reparameterised samples z = μ + σ·ε',
                gradient: 'unbiased' as const,
              },
            ]
          : none,
      )
      .with({ kind: 'kl' }, (n) =>
        conditionalOf(n.p, gaussian) && (isStdNormal(n.q) || conditionalOf(n.q, gaussian))
          ? [
              {
                estimator: 'reparam-mc' as const,
                reason: 'E_{z~q}[log q(z) − log p(z)] with reparameterised z',
                gradient: 'unbiased' as const,
              },
            ]
          : none,
      )
      .otherwise(() => none),
};

/** The variable of a distribution the lowering can draw from: the data, or a continuous encoder's marginal. */
const sampledVariable = (d: Dist): string | undefined =>
  d.kind === 'data' ? d.v : d.kind === 'marginal' && isContinuous(d.enc) ? d.enc.target : undefined;

/** 5. JSD between two distributions known only by samples → its variational bound with a discriminator (a GAN). */
const discriminator: Rule = {
  name: 'variational JSD with a discriminator (GAN)',
  candidates: ({ node }) =>
    node.kind === 'jsd' && node.dists.length === 2 && node.dists.every((d) => sampledVariable(d) !== undefined)
      ? [
          {
            estimator: 'jsd-discriminator',
            reason:
              'both densities are known only by samples: JSD_w(p,q) = H(w) + max_D w₁E_p[log D] + w₂E_q[log(1−D)] with a discriminator network D (lecture notes §2.2)',
            gradient: 'biased',
            network: { role: 'discriminator', inputs: [{ variable: sampledVariable(node.dists[0])! }] },
          },
        ]
      : none,
};

/** 6. Variational bounds with a critic: chosen only when pinned (a critic network is then declared). */
export const CRITIC_BOUNDS: readonly EstimatorName[] = [
  'mine',
  'mine-f',
  'nwj',
  'infonce',
  'jsd-critic',
  'smile',
  'tuba',
  'flo',
  'jsd-discriminator',
];
/** Critic bounds whose critic returns a second value per pair: TUBA's baseline log a(x), FLO's u(x, z). */
const TWO_OUTPUTS: readonly EstimatorName[] = ['tuba', 'flo'];
const outputsOf = (e: EstimatorName) => (TWO_OUTPUTS.includes(e) ? { outputs: 2 } : {});
const critic: Rule = {
  name: 'critic bound (pinned)',
  candidates: ({ node }) =>
    node.kind === 'pairedInfo' || node.kind === 'dataInfo'
      ? CRITIC_BOUNDS.filter((e) => e !== 'jsd-discriminator').map((estimator) => {
          const c = pairedCritic(node, estimator);
          return { ...c, network: { ...c.network!, ...outputsOf(estimator) } };
        })
      : node.kind === 'mutualInfo'
        ? CRITIC_BOUNDS.filter((e) => e !== 'jsd-discriminator').map((estimator) => ({
            estimator,
            reason: `variational lower bound ${estimator} with a critic T(x,z)`,
            gradient: 'biased' as const,
            // T reads x (the given variables) and z (the encoder's sample, or its state probabilities if discrete)
            network: {
              role: 'critic' as const,
              inputs: [
                ...node.enc.given.map((variable) => ({ variable })),
                { variable: node.enc.target, size: node.enc.size },
              ],
              ...outputsOf(estimator),
            },
          }))
        : none,
};

/**
 * 6b. Upper bounds on I(X;Z) of a Gaussian encoder with its own conditional p(z|x) as the variational q (Cheng et al.
 * 2020 train q separately; here it is exact): CLUB and L1Out read log p(z_i|x_j) for the batch's pairs, no network.
 * Chosen only when pinned (a minimised I(X;Z), as in an information bottleneck).
 */
const gaussianConditional: Rule = {
  name: 'upper bound with the encoder’s Gaussian conditional (pinned)',
  candidates: ({ node }) => {
    if (node.kind !== 'mutualInfo' || node.enc.family !== 'gaussian') return none;
    const [x, z] = [givenLabel(node.enc).toLowerCase(), node.enc.target.toLowerCase()];
    return [
      {
        estimator: 'club',
        reason: `CLUB upper bound E_p[log p(${z}|${x})] − E_{p(${x})p(${z})}[log p(${z}|${x})] with the encoder's own Gaussian p(${z}|${x}) (Cheng et al. 2020)`,
        gradient: 'unbiased',
      },
      {
        estimator: 'l1out',
        reason: `leave-one-out upper bound E_i[log p(${z}_i|${x}_i) − log mean_{j≠i} p(${z}_i|${x}_j)] with the encoder's own Gaussian p(${z}|${x}) (Poole et al. 2019)`,
        gradient: 'biased',
      },
    ];
  },
};

/** Estimators of samples only (`infobj estimate`), with why an objective's term cannot use them. */
export const SAMPLE_ONLY: Readonly<Partial<Record<EstimatorName, string>>> = {
  ba:
    'ba is a sample estimator (infobj estimate): it needs H(Y) of the data, which an objective term does not give; ' +
    'within an objective write its Barber–Agakov form H(X) + E[log q(x|z)] with a decoder',
  doe:
    'doe is a sample estimator (infobj estimate): it fits density models q(y) and q(y|x) of its own, which an ' +
    'objective term does not declare',
};

/** Why a pinned estimator does not apply to a node, when there is more to say than the list of those that do. */
export function whyNotPinnable(estimator: EstimatorName, node: Expr): string | undefined {
  const sampleOnly = SAMPLE_ONLY[estimator];
  if (sampleOnly) return sampleOnly;
  if (estimator !== 'club' && estimator !== 'l1out') return undefined;
  if (node.kind === 'mutualInfo')
    return `${estimator} scores log q(z_i|x_j) with the encoder's own Gaussian conditional, and ${node.enc.model} is ${node.enc.family}, not gaussian`;
  return `${estimator} needs the Gaussian conditional p(z|x) of an encoder, which I(X;Z) of a gaussian encoder has and this ${node.kind} term does not`;
}

/** Rules that choose on their own, in order. */
export const RULES: readonly Rule[] = [
  regulariser,
  theorem2,
  pairedConditionals,
  pairedJoint,
  closedForm,
  discreteLatent,
  mige,
  reparam,
  discriminator,
  pairedScores,
  pairedContinuous,
  pairedMixed,
  dataPaired,
];
/** Rules whose candidates are only taken when pinned. */
export const PIN_ONLY_RULES: readonly Rule[] = [critic, gaussianConditional];

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
