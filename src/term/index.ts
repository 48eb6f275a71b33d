/**
 * What an estimator reads and returns, apart from the lowering that calls it: the term context (encoder outputs,
 * samples, latents of one call), the lowered value, and gradient-shaping ops. A leaf: it imports no compiler stage.
 */
export {
  TermContext,
  type LatentPrior,
  type LowerInputs,
  type ModelLike,
  type GaussianParams,
  type TrunkPass,
} from './context.ts';
export { stopGradient, safeLog, withGradientOf, reverseGradient, EPS } from './ops.ts';
export { free, perSample, type Lowered } from './value.ts';
