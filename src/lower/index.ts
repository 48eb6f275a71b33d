/** Lowering to tfjs: `lower(plan)` gives value/loss functions of (batch, networks). */
export { lower, type Compiled, type PlannedObjective, type TermValue, type MeasuredTerm } from './lower.ts';
export {
  TermContext,
  type LatentPrior,
  type LowerInputs,
  type ModelLike,
  type GaussianParams,
  type TrunkPass,
} from '../term/index.ts';
export { stopGradient, safeLog, withGradientOf, reverseGradient, EPS } from '../term/index.ts';
export type { Lowered } from '../term/index.ts';
