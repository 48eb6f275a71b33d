/**
 * Estimators of I(X;Y) from samples only (`infobj estimate`, src/estimate): in the table so that a pin names them, and
 * the planner refuses such a pin with the reason (src/plan/rules.ts, SAMPLE_ONLY); lowering one is a planner bug.
 */
import type { EstimatorName } from '../plan/types.ts';
import { SAMPLE_ONLY } from '../plan/rules.ts';
import type { Estimator } from './types.ts';

export const sampleOnly = (name: EstimatorName, source: string): Estimator => ({
  name,
  source,
  lower: () => {
    throw new Error(`internal: ${SAMPLE_ONLY[name] ?? `${name} is a sample estimator`}`);
  },
});
