/**
 * Upper bounds on I(X;Z) of a Gaussian encoder with its own conditional p(z|x) as the variational q (Cheng et al. 2020
 * train q separately; here it is exact): CLUB and L1Out read log p(z_i|x_j) for the batch's pairs, no network. Chosen
 * only when pinned (a minimised I(X;Z), as in an information bottleneck); lowered by bounds.ts.
 */
import { givenLabel, type Expr } from '../expr/index.ts';
import { isGaussianConditional } from '../families/index.ts';
import { RULE } from '../plan/rules.ts';
import type { Site } from '../plan/types.ts';
import { boundLowering, INFONCE_CANDIDATES } from './bounds.ts';
import { encoderName, encoderRef, returns, torchUnsupported } from '../targets/pytorch/lowering.ts';
import { SCORE_BOUNDS } from './scores.ts';
import type { SampleEstimatorModule, ScoreBoundModule, TermCandidate } from './types.ts';

/** CLUB and L1Out: bounds over log q(z|x) scores, and sample estimators with a fitted Gaussian decoder. */
type ConditionalBound<N extends string> = ScoreBoundModule<N> & SampleEstimatorModule<N>;

/** x and z of I(X;Z) of a Gaussian encoder, as the reasons write them; undefined for any other node. */
const gaussianInformation = ({ node }: Site): [string, string] | undefined =>
  node.kind === 'mutualInfo' && isGaussianConditional(node.enc.family)
    ? [givenLabel(node.enc).toLowerCase(), node.enc.target.toLowerCase()]
    : undefined;

const whyNotPinnable = (name: 'club' | 'l1out') => (node: Expr) =>
  node.kind === 'mutualInfo'
    ? `${name} scores log q(z_i|x_j) with the encoder's own Gaussian conditional, and ${node.enc.model} is ${node.enc.family}, not gaussian`
    : `${name} needs the Gaussian conditional p(z|x) of an encoder, which I(X;Z) of a gaussian encoder has and this ${node.kind} term does not`;

/** A bound over log p(z_i|x_j) of a Gaussian encoder, offered under the pin-only rule with its reason. */
const conditionalBound = <N extends 'club' | 'l1out'>(
  name: N,
  reason: (x: string, z: string) => string,
  gradient: TermCandidate['gradient'],
  equation: string,
): ConditionalBound<N> => ({
  name,
  source: SCORE_BOUNDS[name].source,
  scoreMatrix: 'log-conditional',
  sampleEstimate: 'decoder',
  pytorch: {
    equation: `${equation}, q the encoder's own Gaussian at its sample z_i, each row against the whole minibatch's x_j`,
    lower: (node) => {
      if (node.kind !== 'mutualInfo' || !isGaussianConditional(node.enc.family)) return torchUnsupported(name, node);
      const scores = `conditional_scores(b, ${encoderRef(node.enc)}, candidates=${INFONCE_CANDIDATES})`;
      return returns(`${name}_${encoderName(node.enc)}`, `${name}_bound(${scores})`, [
        'critics',
        'conditionalScores',
        name === 'club' ? 'boundClub' : 'boundL1out',
      ]);
    },
  },
  offers: [
    {
      rule: RULE.gaussianConditional,
      candidate: (site): TermCandidate | undefined => {
        const xz = gaussianInformation(site);
        return xz && { reason: reason(...xz), gradient };
      },
    },
  ],
  whyNotPinnable: whyNotPinnable(name),
  lower: boundLowering(name, 'log-conditional'),
});

export const club = conditionalBound(
  'club',
  (x, z) =>
    `CLUB upper bound E_p[log p(${z}|${x})] − E_{p(${x})p(${z})}[log p(${z}|${x})] with the encoder's own Gaussian p(${z}|${x}) (Cheng et al. 2020)`,
  'unbiased',
  'CLUB (Cheng et al. 2020): I ≤ E_p[log q(z|x)] − E_{p(x)p(z)}[log q(z|x)]',
);

export const l1out = conditionalBound(
  'l1out',
  (x, z) =>
    `leave-one-out upper bound E_i[log p(${z}_i|${x}_i) − log mean_{j≠i} p(${z}_i|${x}_j)] with the encoder's own Gaussian p(${z}|${x}) (Poole et al. 2019)`,
  'biased',
  'L1Out (Poole et al. 2019): I ≤ E_i[log q(z_i|x_i) − log mean_{j≠i} q(z_i|x_j)]',
);
