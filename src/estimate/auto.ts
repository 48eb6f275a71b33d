/**
 * `--estimator auto`: CCA when Mardia's kurtosis test finds the sample Gaussian; otherwise the largest of the
 * estimators that read at or below I on the non-Gaussian tasks of the benchmark of Czyż et al. 2023 ("Beyond
 * Normal"; docs/mi-benchmark.md): GCMI, KSG in low dimension, InfoNCE given enough samples to train a critic, and CCA
 * when the sample's tails are lighter than a Gaussian's. The thresholds are named here so that the benchmark of the 40
 * bmi tasks can move them.
 */
import type { SampleEstimator } from './methods.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

/**
 * KSG is a candidate up to this joint dimension dim(X) + dim(Y). On the 40 bmi tasks (docs/mi-benchmark.md, n =
 * 10,000) it is the closest estimator at joint dimension 2–3, closest on the spiral 3 × 3 tasks and below InfoNCE on
 * the Student-t ones at 4–6; above 6 it is below InfoNCE on every task.
 */
export const KSG_MAX_DIM = 6;
/** Below this many samples a critic (trained on half of them) is not tried: KSG is then a candidate at any dimension. */
export const CRITIC_MIN_SAMPLES = 1000;
/**
 * CCA when Mardia's kurtosis of the joint sample lies within this many standard errors of a Gaussian's (and n ≥
 * CRITIC_MIN_SAMPLES, for the test's power). On the 40 bmi tasks at n = 10,000 (docs/mi-benchmark.md) |z| ≤ 1.3 on
 * the ten multinormal tasks and ≤ 1.9 on the 25 × 25 spiral, and ≥ 4.6 on every other task (≥ 22 but on the wiggly one).
 */
export const GAUSSIAN_MAX_KURTOSIS_Z = 3;

export interface AutoCase {
  readonly dims: number;
  readonly n: number;
  readonly batch: number;
  /** Mardia's kurtosis of the joint sample as a z-score (`mardiaKurtosisZ`). */
  readonly kurtosisZ: number;
}

/** What `auto` runs: one estimator, or several of which the largest estimate is reported. */
export interface AutoChoice {
  /** One estimator, or the candidates in the order they run (the report names the largest). */
  readonly estimators: readonly [SampleEstimator, ...SampleEstimator[]];
  readonly reason: string;
}

const looksGaussian = ({ n, kurtosisZ }: AutoCase) =>
  n >= CRITIC_MIN_SAMPLES && Math.abs(kurtosisZ) <= GAUSSIAN_MAX_KURTOSIS_Z;

/**
 * Tails lighter than a Gaussian's (Mardia's z below −GAUSSIAN_MAX_KURTOSIS_Z): the sample covariance is then stable,
 * and on the 11 such bmi tasks (z ≤ −22: the normal-CDF, additive-noise, bimodal and Swiss-roll ones) CCA read below I
 * on every one, so it can join the maximum. With heavy tails it cannot: on the Student-t 2 × 2 (ν = 1) it reads 1.04
 * for an I of 0.43.
 */
const lightTailed = ({ n, kurtosisZ }: AutoCase) => n >= CRITIC_MIN_SAMPLES && kurtosisZ < -GAUSSIAN_MAX_KURTOSIS_Z;

/**
 * The candidates of a non-Gaussian sample: GCMI always, KSG in low dimension or with few samples, InfoNCE with many,
 * CCA with light tails.
 */
function candidates(c: AutoCase): [SampleEstimator, ...SampleEstimator[]] {
  const ksg = c.dims <= KSG_MAX_DIM || c.n < CRITIC_MIN_SAMPLES;
  const critic = c.n >= CRITIC_MIN_SAMPLES;
  return [
    'gcmi',
    ...(ksg ? (['ksg'] as const) : []),
    ...(critic ? (['infonce'] as const) : []),
    ...(lightTailed(c) ? (['cca'] as const) : []),
  ];
}

/** Why each candidate is in (or out of) the race, for the printed reason. */
function candidateReasons(c: AutoCase): string {
  const { dims, n, batch } = c;
  const ksg =
    dims <= KSG_MAX_DIM
      ? `KSG as dim(X)+dim(Y) = ${dims} ≤ ${KSG_MAX_DIM}`
      : n < CRITIC_MIN_SAMPLES
        ? `KSG as n = ${n} < ${CRITIC_MIN_SAMPLES} is too few to train a critic`
        : `not KSG as dim(X)+dim(Y) = ${dims} > ${KSG_MAX_DIM}`;
  const critic =
    n >= CRITIC_MIN_SAMPLES
      ? `InfoNCE as n = ${n} ≥ ${CRITIC_MIN_SAMPLES} (a lower bound that reads at most log ${batch} = ${Math.log(batch).toFixed(2)} nats, Poole et al. 2019)`
      : 'not InfoNCE';
  const cca = lightTailed(c) ? ', CCA as the tails are lighter than a Gaussian’s' : '';
  return `GCMI (Ince et al. 2017), ${ksg}, ${critic}${cca}`;
}

/** The estimators `auto` runs on a sample, and why. */
export function autoEstimator(c: AutoCase): AutoChoice {
  checkArgs('autoEstimator', { case: [Obj('an AutoCase { n, dimX, dimY, … }'), c] });
  if (looksGaussian(c))
    return {
      estimators: ['cca'],
      reason: `the sample looks Gaussian: Mardia's kurtosis is ${c.kurtosisZ.toFixed(1)} standard errors from a Gaussian's (|z| ≤ ${GAUSSIAN_MAX_KURTOSIS_Z}), and for a Gaussian the MI of the sample covariance is the closest estimator (docs/mi-benchmark.md)`,
    };
  const gaussianTest =
    c.n >= CRITIC_MIN_SAMPLES
      ? `Mardia's kurtosis is ${c.kurtosisZ.toFixed(1)} standard errors from a Gaussian's`
      : `n = ${c.n} < ${CRITIC_MIN_SAMPLES} is too few to test for a Gaussian`;
  return {
    estimators: candidates(c),
    reason: `the sample is not taken as Gaussian (${gaussianTest}): the largest of ${candidateReasons(c)}, as none of them reads above I on the non-Gaussian bmi tasks beyond a finite-sample bias (a maximum of lower bounds; docs/mi-benchmark.md)`,
  };
}
