/** Estimator selection: `plan(objective)` chooses an estimator per term; `explain` prints the choices. */
export { plan, sites } from './plan.ts';
export { explain, explainDocument, explainJson } from './explain.ts';
export { termKeys } from './termKeys.ts';
export { lintObjective, type ObjectiveWarning } from './lint.ts';
export { RULE, isTerm } from './rules.ts';
export { CRITIC_BOUNDS, withEstimators, type Estimators } from '../estimators/registry.ts';
export { inTheorem2Position, isMarginal } from './sites.ts';
export * from './types.ts';
