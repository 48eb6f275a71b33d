/**
 * The variational lower bounds on I with a critic T (Poole et al. 2019 give the unified view), one module each, all
 * lowered by bounds.ts over the batch formulas of scores.ts. Each is pinnable for I(X;Z), I(Z;W) on paired samples and
 * I(Z;Y) with paired data (`objective.pins: { "I(X;Z)": infonce }`); InfoNCE (van den Oord et al. 2018) is besides the
 * default wherever the joint is known only by paired samples: I ≥ E_i[T(z_i, w_i) − log (1/K) Σ_j e^{T(z_i, w_j)}],
 * the contrastive bound of SimCLR-like objectives on two views.
 */
import { givenLabel, hasExplicitMarginal, type Encoder } from '../expr/index.ts';
import { bothContinuous, layerAndOutput, lowerTarget, pairKinds, type DataInfo, type Paired } from '../plan/pairs.ts';
import { RULE } from '../plan/rules.ts';
import { isContinuous } from '../plan/sites.ts';
import type { Site } from '../plan/types.ts';
import { boundLowering, INFONCE_CANDIDATES } from './bounds.ts';
import { SCORE_BOUNDS } from './scores.ts';
import type { Offer, SampleEstimatorModule, ScoreBoundModule, TermCandidate } from './types.ts';
import { criticBoundLowering, type CriticBound } from '../targets/pytorch/critics.ts';

/** What a critic bound of I(Z;Y) with data Y trains: the encoder and the critic, never the data. */
const dataSide = (n: DataInfo) =>
  `; ${n.v} is data (no encoder produces it, its batch rows are paired with ${givenLabel(n.enc)}'s), so it has no gradient: ` +
  `the bound trains ${n.enc.model} through ${lowerTarget(n.enc)} and the critic`;

/**
 * A critic bound of I(Z;W) between two encoders' values on paired samples, or of I(Z;Y) with data Y: T(z, w) reads both
 * (the sample of a continuous encoder, the state probabilities of a discrete one, the data row).
 */
const pairedCritic = (node: Paired | DataInfo, estimator: string, reason?: string): TermCandidate => {
  // the data side's width is the batch's (buildCritics reads it from the data), an encoder's is its size
  const inputs =
    node.kind === 'dataInfo'
      ? [{ variable: node.enc.target, size: node.enc.size }, { variable: node.v }]
      : [
          { variable: node.a.target, size: node.a.size },
          { variable: node.b.target, size: node.b.size },
        ];
  const [z, w] = inputs.map((i) => i.variable.toLowerCase());
  return {
    reason:
      reason ??
      `variational lower bound ${estimator} with a critic T(${z},${w})${node.kind === 'dataInfo' ? dataSide(node) : ''}`,
    gradient: 'biased',
    network: { role: 'critic', inputs },
  };
};

/** What the critic reads of an encoder's value: its reparameterised sample, or its state probabilities if discrete. */
const valueRead = (e: Encoder) =>
  isContinuous(e)
    ? `the sample ${lowerTarget(e)}`
    : `the state probabilities p(${lowerTarget(e)}|${givenLabel(e).toLowerCase()})`;

const OTHER_BOUNDS = 'pin mine, mine-f, nwj, smile, tuba, flo or jsd-critic for another bound';

/** Critic bounds whose critic returns a second value per pair: TUBA's baseline log a(x), FLO's u(x, z). */
const outputsOf = (name: CriticBound) => (SCORE_BOUNDS[name].aux === undefined ? {} : { outputs: 2 });

/** The pinned bound `name` of I(X;Z), I(Z;W) or I(Z;Y), with its critic. */
const pinnedCritic =
  (name: CriticBound) =>
  ({ node }: Site): TermCandidate | undefined => {
    if (node.kind === 'pairedInfo' || node.kind === 'dataInfo') {
      const c = pairedCritic(node, name);
      return { ...c, network: { ...c.network!, ...outputsOf(name) } };
    }
    if (node.kind !== 'mutualInfo') return undefined;
    return {
      reason: `variational lower bound ${name} with a critic T(x,z)`,
      readsObserved: true,
      gradient: 'biased',
      // T reads x (the given variables) and z (the encoder's sample, or its state probabilities if discrete)
      network: {
        role: 'critic',
        inputs: [
          ...node.enc.given.map((variable) => ({ variable })),
          { variable: node.enc.target, size: node.enc.size },
        ],
        ...outputsOf(name),
      },
    };
  };

/** A critic bound's module: pinnable under the critic rule, offered besides under `offers`. */
const criticBound = <N extends CriticBound>(name: N, offers: readonly Offer[] = []): ScoreBoundModule<N> => ({
  name,
  source: SCORE_BOUNDS[name].source,
  scoreMatrix: 'critic',
  maximisesBound: true,
  // each row meets up to INFONCE_CANDIDATES of the batch's candidates in the multi-sample bounds, one other otherwise
  pytorch: criticBoundLowering(name, SCORE_BOUNDS[name].multiSample ? INFONCE_CANDIDATES : 2),
  offers: [...offers, { rule: RULE.critic, candidate: pinnedCritic(name) }],
  lower: boundLowering(name, 'critic'),
});

/** A critic bound that `infobj estimate` also trains on samples. */
type SampleCriticBound<N extends string> = ScoreBoundModule<N> & SampleEstimatorModule<N>;
const sampleCriticBound = <N extends CriticBound>(name: N, offers?: readonly Offer[]): SampleCriticBound<N> => ({
  ...criticBound(name, offers),
  sampleEstimate: 'critic',
});

export const mine: SampleCriticBound<'mine'> = sampleCriticBound('mine');
export const mineF: ScoreBoundModule<'mine-f'> = criticBound('mine-f');
export const nwj: SampleCriticBound<'nwj'> = sampleCriticBound('nwj');
export const jsdCritic: ScoreBoundModule<'jsd-critic'> = criticBound('jsd-critic');
export const smile: SampleCriticBound<'smile'> = sampleCriticBound('smile');
export const tuba: SampleCriticBound<'tuba'> = sampleCriticBound('tuba');
export const flo: SampleCriticBound<'flo'> = sampleCriticBound('flo');

export const infonce: SampleCriticBound<'infonce'> = sampleCriticBound('infonce', [
  {
    // I(H;Z) of a hidden layer and its network's output: MIGE is the rule's default, InfoNCE pinnable
    rule: RULE.pairedScores,
    preference: 1,
    candidate: ({ node }) =>
      node.kind === 'pairedInfo' && bothContinuous(node) && layerAndOutput(node) !== undefined
        ? pairedCritic(node, 'infonce')
        : undefined,
  },
  {
    // two continuous encoders: their joint is known only by samples (MIGE's joint-score gradient pinnable)
    rule: RULE.pairedContinuous,
    candidate: ({ node }) => {
      if (node.kind !== 'pairedInfo' || !bothContinuous(node)) return undefined;
      const [z, w] = [lowerTarget(node.a), lowerTarget(node.b)];
      const reason =
        `${z} and ${w} are continuous, so p(${z},${w}) is known only by paired samples: InfoNCE with a critic ` +
        `T(${z},${w}), I ≥ E_i[T(${z}_i,${w}_i) − log (1/K) Σ_j e^{T(${z}_i,${w}_j)}] (van den Oord et al. 2018), ` +
        `at most log K for K candidates; pin mige for the gradient by joint and marginal scores, or ${OTHER_BOUNDS.replace('pin ', '')}`;
      return pairedCritic(node, 'infonce', reason);
    },
  },
  {
    // a discrete and a continuous encoder share no density (no plug-in joint, no joint score); H(Z,W), H(Z|W) of such
    // a pair stay refused
    rule: RULE.pairedMixed,
    candidate: ({ node }) => {
      if (node.kind !== 'pairedInfo') return undefined;
      const { a, b } = node;
      const mixed = (hasExplicitMarginal(a) && isContinuous(b)) || (isContinuous(a) && hasExplicitMarginal(b));
      if (!mixed) return undefined;
      const [z, w] = [lowerTarget(a), lowerTarget(b)];
      const reason =
        `${pairKinds(a, b)}, so they share no density (no plug-in joint, no joint score): InfoNCE with a critic ` +
        `T(${z},${w}) reading ${valueRead(a)} and ${valueRead(b)}, I ≥ E_i[T(${z}_i,${w}_i) − log (1/K) Σ_j e^{T(${z}_i,${w}_j)}] ` +
        `(van den Oord et al. 2018; Poole et al. 2019), at most log K for K candidates; ${OTHER_BOUNDS}`;
      return pairedCritic(node, 'infonce', reason);
    },
  },
  {
    // I(Z;Y) of an encoder's target and a data variable paired with its input row by row (two views of one sample)
    rule: RULE.dataPaired,
    candidate: ({ node }) => {
      if (node.kind !== 'dataInfo') return undefined;
      const [z, y] = [lowerTarget(node.enc), node.v.toLowerCase()];
      const reason =
        `${node.v} is paired with ${givenLabel(node.enc)} row by row, so p(${z},${y}) is known only by paired samples: InfoNCE with a critic ` +
        `T(${z},${y}) reading ${valueRead(node.enc)} and the data row ${y} (flattened), I ≥ E_i[T(${z}_i,${y}_i) − log (1/K) Σ_j e^{T(${z}_i,${y}_j)}] ` +
        `(van den Oord et al. 2018; Poole et al. 2019), at most log K for K candidates${dataSide(node)}; ${OTHER_BOUNDS}`;
      return pairedCritic(node, 'infonce', reason);
    },
  },
]);
