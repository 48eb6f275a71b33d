/** Estimators by name. The planner chooses names; the lowering looks them up here. */
import type { EstimatorName } from '../plan/types.ts';
import { bayesRatio } from './bayesRatio.ts';
import { analyticCategorical, minibatchMean, pluginMinibatch, pluginTheorem2 } from './discrete.ts';
import { analyticGaussian, reparamMC } from './gaussian.ts';
import { enumerateStates } from './enumeration.ts';
import { finiteDifferenceJacobian } from './smoothness.ts';
import { mige } from './mige.ts';
import { CRITIC_ESTIMATORS } from './bounds.ts';
import type { Estimator } from './types.ts';

const registry = new Map<EstimatorName, Estimator>();

/** Make an estimator available to the lowering (used for the built-ins and by estimator modules such as MIGE and the critic bounds). */
export function registerEstimator(e: Estimator): void {
  registry.set(e.name, e);
}

/** The estimator for a planned name; a clear error if none is registered. */
export function estimatorFor(name: EstimatorName): Estimator {
  const e = registry.get(name);
  if (!e) throw new Error(`estimator '${name}' was planned but no implementation is registered (import its module, e.g. src/estimators/index.ts)`);
  return e;
}

[pluginTheorem2, minibatchMean, pluginMinibatch, analyticCategorical, bayesRatio, analyticGaussian, reparamMC, enumerateStates, finiteDifferenceJacobian, mige, ...CRITIC_ESTIMATORS].forEach(registerEstimator);
