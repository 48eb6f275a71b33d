/**
 * `--estimator auto`: the estimator from two Gaussianity tests (Mardia's kurtosis of the sample and of its normal
 * scores), the dimension and the number of samples, as a table read top to bottom. The starting point is the benchmark
 * of Czyż et al. 2023 ("Beyond Normal"): k-NN estimators (KSG) are the most accurate in low dimension when there are
 * enough samples; neural critics degrade less as the dimension grows; CCA is right on multinormal data. The thresholds
 * are named here so that the benchmark of the 40 bmi tasks (docs/mi-benchmark.md) can move them.
 */
import type { SampleEstimator } from './methods.ts';

/**
 * KSG up to this joint dimension dim(X) + dim(Y), once the Gaussian and Gaussian-copula samples went to CCA and GCMI.
 * From the 40 bmi tasks (docs/mi-benchmark.md, n = 10,000, 3–5 seeds): at joint dimension 2–3 KSG is the closest on
 * every such task; at 4–6 InfoNCE is closer on the Student-t family (2 × 2 ν = 2, 3 × 3 ν = 2 and 3, asinh 3 × 3; a
 * tie at 2 × 2 ν = 1 and asinh 2 × 2) and KSG on the spiral 3 × 3 tasks; above 6, InfoNCE on all but one.
 */
export const KSG_MAX_DIM = 3;
/** Below this many samples a critic (trained on half of them) is not tried: KSG is used at any dimension. */
export const CRITIC_MIN_SAMPLES = 1000;
/**
 * CCA when Mardia's kurtosis of the joint sample lies within this many standard errors of a Gaussian's (and n ≥
 * CRITIC_MIN_SAMPLES, for the test's power). On the 40 bmi tasks at n = 10,000 (docs/mi-benchmark.md) |z| ≤ 1.3 on
 * the ten multinormal tasks and ≤ 1.9 on the 25 × 25 spiral, and ≥ 4.6 on every other task (≥ 22 but on the wiggly one).
 */
export const GAUSSIAN_MAX_KURTOSIS_Z = 3;

interface Case {
  readonly dims: number;
  readonly n: number;
  readonly batch: number;
  /** Mardia's kurtosis of the joint sample as a z-score (`mardiaKurtosisZ`). */
  readonly kurtosisZ: number;
  /** The same of the sample's normal scores (`normalScores`): is its copula Gaussian? */
  readonly scoresKurtosisZ: number;
}

interface AutoRule {
  readonly when: (c: Case) => boolean;
  readonly estimator: SampleEstimator;
  readonly reason: (c: Case) => string;
}

export const AUTO_RULES: readonly AutoRule[] = [
  {
    when: ({ n, kurtosisZ }) => n >= CRITIC_MIN_SAMPLES && Math.abs(kurtosisZ) <= GAUSSIAN_MAX_KURTOSIS_Z,
    estimator: 'cca',
    reason: ({ kurtosisZ }) =>
      `the sample looks Gaussian: Mardia's kurtosis is ${kurtosisZ.toFixed(1)} standard errors from a Gaussian's (|z| ≤ ${GAUSSIAN_MAX_KURTOSIS_Z}), and for a Gaussian the MI of the sample covariance is the closest estimator (docs/mi-benchmark.md)`,
  },
  {
    when: ({ n, scoresKurtosisZ }) => n >= CRITIC_MIN_SAMPLES && Math.abs(scoresKurtosisZ) <= GAUSSIAN_MAX_KURTOSIS_Z,
    estimator: 'gcmi',
    reason: ({ kurtosisZ, scoresKurtosisZ }) =>
      `the sample is not Gaussian (Mardia's kurtosis ${kurtosisZ.toFixed(1)} standard errors from a Gaussian's) but its normal scores look so (${scoresKurtosisZ.toFixed(1)}, |z| ≤ ${GAUSSIAN_MAX_KURTOSIS_Z}): the MI of the Gaussian copula (Ince et al. 2017) is exact for any increasing transform of a Gaussian's columns (docs/mi-benchmark.md)`,
  },
  {
    when: ({ dims }) => dims <= KSG_MAX_DIM,
    estimator: 'ksg',
    reason: ({ dims, n }) =>
      `dim(X)+dim(Y) = ${dims} ≤ ${KSG_MAX_DIM} and n = ${n} (Czyż et al. 2023 and docs/mi-benchmark.md: k-NN estimators are the most accurate in low dimension)`,
  },
  {
    when: ({ n }) => n < CRITIC_MIN_SAMPLES,
    estimator: 'ksg',
    reason: ({ dims, n }) =>
      `dim(X)+dim(Y) = ${dims} > ${KSG_MAX_DIM} but n = ${n} < ${CRITIC_MIN_SAMPLES}, too few to train a critic on half of them (Czyż et al. 2023: neural estimators need many samples)`,
  },
  {
    when: () => true,
    estimator: 'infonce',
    reason: ({ dims, n, batch }) =>
      `dim(X)+dim(Y) = ${dims} > ${KSG_MAX_DIM} and n = ${n} ≥ ${CRITIC_MIN_SAMPLES} (Czyż et al. 2023: neural critics degrade less than k-NN estimators as the dimension grows; InfoNCE has low variance (Poole et al. 2019) and reads at most log ${batch} = ${Math.log(batch).toFixed(2)} nats)`,
  },
];

/** The estimator `auto` picks, and why. */
export function autoEstimator(c: Case): { estimator: SampleEstimator; reason: string } {
  const rule = AUTO_RULES.find((r) => r.when(c))!;
  return { estimator: rule.estimator, reason: rule.reason(c) };
}
