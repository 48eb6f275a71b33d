/** From a decoded spec to a planned objective: encoders, objective, hyper-parameter check, plan. */
import { hypersOf, print, type Encoder, type Objective } from '../expr/index.ts';
import { em } from '../objectives/index.ts';
import { plan as makePlan, PlanError, type Plan } from '../plan/index.ts';
import { SpecError } from './errors.ts';
import type { Spec } from './schema.ts';
import { suggest } from './types.ts';
import { encodersOfSpec, objectiveFromSpec } from './objective.ts';
import { dataDimension } from './data.ts';
import { checkLimits } from './limits.ts';

export interface Prepared {
  readonly encoders: Encoder[];
  readonly objective: Objective;
  readonly plan: Plan;
  readonly hypers: Record<string, number>;
}

/** Every hyper-parameter the objective uses has a value, and every value is used (a typo must not pass silently). */
function checkHypers(objective: Objective, hypers: Record<string, number>): void {
  const used = [...hypersOf(objective.body)];
  const given = Object.keys(hypers);
  const missing = used.filter((h) => !(h in hypers));
  if (missing.length) throw new SpecError([{ path: 'objective.hypers', message: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} used by the objective but has no value` }]);
  const unused = given.filter((h) => !used.includes(h));
  if (unused.length) {
    const guess = suggest(unused[0], used);
    throw new SpecError([{ path: `objective.hypers.${unused[0]}`, message: `not used by the objective${guess ? ` (did you mean '${guess}'?)` : ''}; it uses ${used.join(', ') || 'no hyper-parameters'}` }]);
  }
}

/** EM's closed-form steps maximise one objective, the mixture's ELBO; a mixture spec must say that one. */
function checkMixtureObjective(objective: Objective, elbo: Objective): void {
  if (print(objective) !== print(elbo)) throw new SpecError([{ path: 'objective', message: `EM's E and M steps maximise the mixture's ELBO ${print(elbo)} (preset em-gmm), not ${print(objective)}` }]);
}

/** The elbo metric is the value of an objective that is maximised (an evidence lower bound). */
function checkElboMetric(spec: Spec, objective: Objective): void {
  if (spec.eval.metrics.includes('elbo') && objective.sense !== 'max')
    throw new SpecError([{ path: 'eval.metrics', message: 'elbo is the value of a max objective (the evidence lower bound); this objective is minimised' }]);
}

/** Build and plan the spec's objective; planning failures are reported under `objective`. */
export function prepareObjective(spec: Spec): Prepared {
  checkLimits(spec);
  // a mixture implies its encoders: q(z|x) and the components p(x|z) over the data's dimension
  const mixture = spec.model.mixture && em.mixtureEncoders(spec.model.mixture.components, dataDimension(spec.data, spec.seed));
  const encoders = mixture ? [mixture.q, mixture.p] : encodersOfSpec(spec.model.encoders);
  const objective = objectiveFromSpec(spec.objective, encoders);
  if (mixture) checkMixtureObjective(objective, em.elbo(mixture.q, mixture.p));
  const hypers = spec.objective.hypers ?? {};
  checkHypers(objective, hypers);
  checkElboMetric(spec, objective);
  try {
    return { encoders, objective, hypers, plan: makePlan(objective, { pins: spec.objective.pins }) };
  } catch (e) {
    if (e instanceof PlanError) throw new SpecError([{ path: 'objective', message: e.message }]);
    throw e;
  }
}
