/**
 * The estimators of I(X;Y) from samples, by name: KSG (k-NN), the MI of the Gaussian with the sample covariance (CCA), the critic bounds (a critic T(x, y) trained on half the
 * samples to maximise the bound, which is then evaluated on the other half), and the estimators with a Gaussian
 * decoder q(y|x) fitted by maximum likelihood (BA, DoE, CLUB, L1Out). Each critic and decoder bound's batch formula is
 * the one of src/estimators/scores.ts, shared with the training objectives.
 */
import type { SampleModuleName } from '../estimators/registry.ts';
import { SCORE_BOUNDS, type ScoreBound } from '../estimators/scores.ts';

/** KSG, CCA and GCMI of its own, and the registry's estimators that also run on samples (`sampleEstimate`). */
export type SampleEstimator = 'ksg' | 'cca' | 'gcmi' | SampleModuleName;

export type Method =
  | { readonly kind: 'ksg'; readonly source: string }
  /** A closed form of the sample's moments: the MI of the Gaussian with the covariance of the sample or of its normal scores. */
  | { readonly kind: 'gaussian'; readonly of: 'sample' | 'normal-scores'; readonly source: string }
  /** A critic trained to maximise `bound`; the estimate is the bound on the test half. */
  | { readonly kind: 'critic'; readonly bound: ScoreBound; readonly source: string }
  /**
   * A Gaussian decoder q(y|x) fitted by maximum likelihood: the estimate is a bound over its score matrix (CLUB, L1Out),
   * or a marginal entropy of Y plus E[log q(y|x)] (BA with the Kozachenko–Leonenko H(Y), DoE with a Gaussian q(y)).
   */
  | { readonly kind: 'decoder'; readonly value: ScoreBound | 'ba' | 'doe'; readonly source: string };

const critic = (bound: ScoreBound): Method => ({ kind: 'critic', bound, source: SCORE_BOUNDS[bound].source });

export const METHODS: Readonly<Record<SampleEstimator, Method>> = {
  ksg: { kind: 'ksg', source: 'KSG, Kraskov, Stögbauer & Grassberger 2004 (estimator 1, max-norm)' },
  cca: {
    kind: 'gaussian',
    of: 'sample',
    source:
      'the MI of the Gaussian with the sample covariance, Σ −½ log(1 − ρᵢ²) over the canonical correlations (the CCA baseline of Czyż et al. 2023)',
  },
  gcmi: {
    kind: 'gaussian',
    of: 'normal-scores',
    source: 'GCMI, Ince et al. 2017: the MI of the Gaussian copula, CCA on every column’s normal scores',
  },
  infonce: critic('infonce'),
  mine: critic('mine'),
  nwj: critic('nwj'),
  smile: critic('smile'),
  tuba: critic('tuba'),
  flo: critic('flo'),
  ba: {
    kind: 'decoder',
    value: 'ba',
    source: 'Barber & Agakov 2003: Ĥ(Y) + E[log q(y|x)], Ĥ(Y) by Kozachenko–Leonenko, q a Gaussian decoder',
  },
  doe: {
    kind: 'decoder',
    value: 'doe',
    source: 'DoE, McAllester & Stratos 2020: H_q(Y) − H_q(Y|X) with a Gaussian q(y) and a Gaussian decoder q(y|x)',
  },
  club: { kind: 'decoder', value: 'club', source: SCORE_BOUNDS.club.source },
  l1out: { kind: 'decoder', value: 'l1out', source: SCORE_BOUNDS.l1out.source },
};

export const SAMPLE_ESTIMATORS = Object.keys(METHODS) as SampleEstimator[];

export const isSampleEstimator = (s: string): s is SampleEstimator => Object.hasOwn(METHODS, s);

/** A method that trains a network on half the samples (and needs a tfjs backend). */
export type TrainedMethod = Extract<Method, { kind: 'critic' | 'decoder' }>;

export const isTrained = (m: Method): m is TrainedMethod => m.kind === 'critic' || m.kind === 'decoder';

/**
 * Fewest samples an estimator takes: KSG needs k + 1 in each of its 5 folds; CCA and GCMI a covariance of full rank,
 * dims + 1 rows, in each fold; a critic 8 rows in each half.
 */
export function minSamples(name: SampleEstimator, k: number, dims: number): number {
  const kind = METHODS[name].kind;
  return kind === 'ksg' ? FOLDS * (k + 1) : kind === 'gaussian' ? FOLDS * (dims + 1) : 16;
}

/** The spread of KSG and CCA: the estimate's standard deviation over this many disjoint folds, scaled to n (docs/estimate.md). */
export const FOLDS = 5;
