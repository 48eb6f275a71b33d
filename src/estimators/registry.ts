/**
 * Estimators by name: the planner chooses names, the lowering looks them up in this table. A new estimator is one
 * module exporting an `Estimator` and one line here (plus its name in `EstimatorName`); the table's type makes a
 * missing one a compile error.
 */
import type { EstimatorName } from '../plan/types.ts';
import { bayesRatio } from './bayesRatio.ts';
import { analyticCategorical, minibatchMean, pluginMinibatch, pluginTheorem2 } from './discrete.ts';
import { analyticGaussian, reparamMC } from './gaussian.ts';
import { enumerateStates } from './enumeration.ts';
import { finiteDifferenceJacobian, finiteDifferenceJacobianLogits } from './smoothness.ts';
import { mige } from './mige.ts';
import { club, discriminator, flo, infonce, jsdCritic, l1out, mine, mineF, nwj, smile, tuba } from './bounds.ts';
import { sampleOnly } from './sampleOnly.ts';
import { pairedPlugin } from './paired.ts';
import { barberAgakov, decoderLikelihood, labelCounts } from './observed.ts';
import { identicallyZero } from './identicallyZero.ts';
import type { Estimator } from './types.ts';

export const ESTIMATOR_TABLE: Readonly<Record<EstimatorName, Estimator>> = {
  'identically-zero': identicallyZero,
  'plugin-theorem2': pluginTheorem2,
  'plugin-minibatch': pluginMinibatch,
  'minibatch-mean': minibatchMean,
  'bayes-ratio': bayesRatio,
  'analytic-gaussian': analyticGaussian,
  'analytic-categorical': analyticCategorical,
  'reparam-mc': reparamMC,
  'enumerate-states': enumerateStates,
  'finite-difference-jacobian': finiteDifferenceJacobian,
  'finite-difference-jacobian-logits': finiteDifferenceJacobianLogits,
  mige,
  mine,
  'mine-f': mineF,
  nwj,
  infonce,
  'jsd-critic': jsdCritic,
  'jsd-discriminator': discriminator,
  'paired-plugin': pairedPlugin,
  smile,
  tuba,
  flo,
  club,
  l1out,
  ba: barberAgakov,
  'label-counts': labelCounts,
  'decoder-likelihood': decoderLikelihood,
  doe: sampleOnly('doe', 'DoE, McAllester & Stratos 2020: H_q(Y) − H_q(Y|X) with Gaussian models (src/estimate)'),
};

/** The estimator for a planned name. */
export const estimatorFor = (name: EstimatorName): Estimator => ESTIMATOR_TABLE[name];
