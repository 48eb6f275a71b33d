/**
 * The argument types that name the estimators (pins, plan options, equivalence options): apart from
 * src/api/arguments.ts because they read the registry, whose estimator modules import src/api/arguments.ts.
 */
import * as t from 'io-ts';
import { ESTIMATOR_MODULES, ESTIMATORS } from '../estimators/registry.ts';
import {
  Bool,
  EstimatorModules,
  ExprNode,
  Fn,
  Hypers,
  LazyOneOf,
  NonNegativeNum,
  optional,
  options,
  PositiveInt,
  PositiveNum,
} from './arguments.ts';

/** The names of ESTIMATORS, read when a value is checked (read late, as the lists of the registry are). */
const ESTIMATOR_NAMES = new LazyOneOf(() => ESTIMATORS);
/** A pin of one of `names` (a registry's estimators). */
const pinOf = (names: t.Mixed) => t.type({ expr: ExprNode, estimator: names }, 'a pin { expr, estimator }');
const PinArg = pinOf(ESTIMATOR_NAMES);
/** Plan options whose pins name estimators of `estimators` (the registry the plan offers from). */
const planOptionsOf = (estimators: readonly { readonly name: string }[]) =>
  options('plan options { pins?, ssge?, estimators? }', {
    pins: t.readonlyArray(pinOf(new LazyOneOf(() => estimators.map((m) => m.name))), 'a list of pins'),
    ssge: t.type({ eigenRatio: PositiveNum }, 'SSGE settings { eigenRatio }'),
    estimators: EstimatorModules,
  });
/** The registry that plan options name: their own `estimators` when those are modules, else the shipped ones. */
const registryOf = (u: unknown): readonly { readonly name: string }[] => {
  const own = typeof u === 'object' && u !== null ? (u as { readonly estimators?: unknown }).estimators : undefined;
  return EstimatorModules.is(own) ? own : ESTIMATOR_MODULES;
};
export const PlanOptionsArg = new t.Type<unknown, unknown, unknown>(
  'plan options { pins?, ssge?, estimators? }',
  (u): u is unknown => planOptionsOf(registryOf(u)).is(u),
  (u, c) => {
    const codec = planOptionsOf(registryOf(u));
    return codec.validate(u, t.appendContext(c, '', codec));
  },
  t.identity,
);
/** The pins of two objectives, a's and b's. */
export const TwoPinLists = t.tuple(
  [optional(t.readonlyArray(PinArg)), optional(t.readonlyArray(PinArg))],
  'two lists of pins',
);
export const EquivalenceOptionsArg = options(
  'equivalence options { draws?, setup?, atol?, rtol?, gradientsOnly?, … }',
  {
    draws: PositiveInt,
    setup: Fn,
    atol: NonNegativeNum,
    rtol: NonNegativeNum,
    upToConstant: Bool,
    gradientsOnly: Bool,
    prove: Bool,
    shrink: Bool,
    maxNodes: PositiveInt,
    maxMs: NonNegativeNum,
    hypers: Hypers,
    pins: TwoPinLists,
  },
);
