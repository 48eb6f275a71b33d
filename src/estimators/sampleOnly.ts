/**
 * Estimators of I(X;Y) from samples only (`infobj estimate`, src/estimate): modules so that a pin names them, with no
 * offer, and the planner refuses such a pin with the reason below; lowering one is a planner bug.
 */
import type { SampleEstimatorModule } from './types.ts';

const sampleOnly = <N extends string>(name: N, source: string, why: string): SampleEstimatorModule<N> => ({
  name,
  source,
  sampleEstimate: 'decoder',
  pytorch: { missing: 'nothing to lower: it estimates from samples only (infobj estimate)' },
  offers: [],
  whyNotPinnable: () => why,
  lower: () => {
    throw new Error(`internal: ${why}`);
  },
});

export const doe: SampleEstimatorModule<'doe'> = sampleOnly(
  'doe',
  'DoE, McAllester & Stratos 2020: H_q(Y) − H_q(Y|X) with Gaussian models (src/estimate)',
  'doe is a sample estimator (infobj estimate): it fits density models q(y) and q(y|x) of its own, which an ' +
    'objective term does not declare',
);
