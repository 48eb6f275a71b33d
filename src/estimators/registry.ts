/**
 * The estimators: ONE list of modules, in the order a spec's error message lists them and ties between offers under
 * one rule are broken. A new estimator is one module (src/estimators/<name>.ts exporting an `EstimatorModule`) and one
 * line here; every list of estimator names (`EstimatorName`, the names a spec may pin, the critic bounds) is derived
 * from this one (docs/architecture.md, "Adding an estimator").
 */
import { bayesRatio } from './bayesRatio.ts';
import { discriminator } from './bounds.ts';
import { club, l1out } from './conditionalBounds.ts';
import { flo, infonce, jsdCritic, mine, mineF, nwj, smile, tuba } from './criticBounds.ts';
import { analyticCategorical, minibatchMean, pluginMinibatch, pluginTheorem2 } from './discrete.ts';
import { enumerateStates } from './enumeration.ts';
import { analyticGaussian, reparamMC } from './gaussian.ts';
import { mige } from './mige.ts';
import { pairedPlugin } from './paired.ts';
import { identicallyZero } from './identicallyZero.ts';
import { ba, decoderLikelihood, labelCounts } from './observed.ts';
import { doe } from './sampleOnly.ts';
import { finiteDifferenceJacobian, finiteDifferenceJacobianLogits } from './smoothness.ts';
import type { EstimatorModule, SampleEstimatorModule, ScoreBoundModule } from './types.ts';

export const ESTIMATOR_MODULES = [
  identicallyZero,
  pluginTheorem2,
  pluginMinibatch,
  minibatchMean,
  bayesRatio,
  analyticGaussian,
  analyticCategorical,
  reparamMC,
  enumerateStates,
  finiteDifferenceJacobian,
  finiteDifferenceJacobianLogits,
  mige,
  mine,
  mineF,
  nwj,
  infonce,
  jsdCritic,
  discriminator,
  pairedPlugin,
  smile,
  tuba,
  flo,
  club,
  l1out,
  ba,
  doe,
  labelCounts,
  decoderLikelihood,
] as const satisfies readonly EstimatorModule[];

/** Every estimator the compiler ships (DESIGN: estimator selection): the names of the registry's modules. */
export type EstimatorName = (typeof ESTIMATOR_MODULES)[number]['name'];

type Module = (typeof ESTIMATOR_MODULES)[number];

/** The bounds written over score matrices (scores.ts): the modules with a `scoreMatrix`. */
export type ScoreBound = Extract<Module, ScoreBoundModule<string>>['name'];

/** The registry's estimators that `infobj estimate` also runs on samples (with KSG, CCA and GCMI of its own). */
export type SampleModuleName = Extract<Module, SampleEstimatorModule<string>>['name'];

/** The names a spec may pin, in registry order. */
export const ESTIMATORS: readonly EstimatorName[] = ESTIMATOR_MODULES.map((m) => m.name);

/** A registry: the modules the planner offers from and the lowering looks names up in. */
export type Estimators<N extends string = EstimatorName> = readonly EstimatorModule<N>[];

/** The shipped estimators and `extra` after them (a plug-in's or a test's own modules): pass it as `plan`'s `estimators`. */
export const withEstimators = <N extends string>(
  extra: readonly EstimatorModule<N>[],
): Estimators<EstimatorName | N> => [...ESTIMATOR_MODULES, ...extra];

/** Estimators whose network maximises the bound (critic bounds, the GAN discriminator): the plan sets its side. */
export const CRITIC_BOUNDS: readonly EstimatorName[] = ESTIMATOR_MODULES.filter((m) => m.maximisesBound).map(
  (m) => m.name,
);

/** The module of `name` in `estimators`; an error if there is none (a plan lowered with another registry). */
export function moduleOf<N extends string>(estimators: Estimators<N>, name: N): EstimatorModule<N> {
  const found = estimators.find((m) => m.name === name);
  if (!found) throw new Error(`internal: no estimator '${name}' in the registry the plan was lowered with`);
  return found;
}
