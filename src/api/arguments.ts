/**
 * The types of the public API's arguments that involve the expression language (variables, encoders, Exprs, Objectives,
 * plans, pins) and the options of the pipeline's entries; the machinery and the plain types are src/api/check.ts.
 * Isomorphic: src/core.ts is bundled for browsers, so nothing here may import a Node module.
 */
import * as t from 'io-ts';
import { DistCodec, EncoderCodec, ExprCodec, ObjectiveCodec } from '../expr/codec.ts';
import type { Expr } from '../expr/nodes.ts';
import { FAMILIES } from '../families/index.ts';
import {
  Bool,
  DIST_KINDS,
  EXPR_KINDS,
  finite,
  Fn,
  Labels,
  Name,
  NonNegativeInt,
  Num,
  Obj,
  oneOf,
  options,
  PositiveInt,
  refined,
  Str,
  tagged,
  TYPE_NAMES,
} from './check.ts';

export * from './check.ts';

TYPE_NAMES.set(ExprCodec, 'an Expr (from H, I, KL, add, …)');
TYPE_NAMES.set(DistCodec, 'a distribution (data, conditional, marginal, prior, posterior or mixture)');
TYPE_NAMES.set(EncoderCodec, 'an encoder (from encoder(…))');
TYPE_NAMES.set(ObjectiveCodec, 'an Objective (from maximize/minimize)');

/** A name as the objective parser reads it: a letter, then letters, digits or underscores, then primes. */
export const VariableName = refined(
  'a variable name (a letter then letters, digits, primes or underscores)',
  (u): u is string => typeof u === 'string' && /^[\p{L}_][\p{L}\p{N}_]*'*$/u.test(u),
);
export const VarArg = tagged(
  'a variable (from variable(…))',
  { var: null },
  t.intersection([
    t.type({ kind: t.literal('var'), name: VariableName }),
    t.partial({ labels: t.type({ states: PositiveInt }, 'labels { states }') }),
  ]),
);
export const EncoderArg = tagged('an encoder (from encoder(…))', { encoder: null }, EncoderCodec);
export const Family = oneOf(Object.keys(FAMILIES));
/** A node built by the constructors (checked by kind only: its children were checked when they were built). */
export const ExprNode = tagged('an Expr (from H, I, KL, add, …)', EXPR_KINDS, ExprCodec, false);
export const DistNode = tagged(TYPE_NAMES.get(DistCodec) ?? '', DIST_KINDS, DistCodec, false);
/** An expression checked throughout (one from JSON or from elsewhere). */
export const Expression = tagged('an Expr (from H, I, KL, add, …)', EXPR_KINDS, ExprCodec);
export const OperandArg = refined('an Expr or a number', (u): u is Expr | number => finite(u) || ExprNode.is(u));
export const ObjectiveArg = new t.Type<unknown, unknown, unknown>(
  'an Objective (from maximize/minimize)',
  ObjectiveCodec.is,
  (u, c) =>
    typeof u === 'object' && u !== null && 'sense' in u && 'body' in u
      ? ObjectiveCodec.validate(u, t.appendContext(c, '', ObjectiveCodec))
      : t.failure(u, c),
  t.identity,
);
export const PlanArg = t.type(
  { objective: ObjectiveArg, terms: t.readonlyArray(Obj('a term plan')) },
  'a Plan (from plan(…))',
);
export const Hypers = t.record(t.string, Num, 'hyper-parameter values { name: number }');
/** A registry of estimator modules (from withEstimators, or modules of one's own). */
export const EstimatorModules = t.readonlyArray(
  t.type(
    { name: Name, source: Str, offers: t.readonlyArray(Obj('an offer { rule, candidate }'), 'offers'), lower: Fn },
    'an estimator module { name, source, offers, lower, … }',
  ),
  'a list of estimator modules',
);
export const ParseEnvArg = t.intersection(
  [
    t.type({ encoders: t.readonlyArray(EncoderArg, 'a list of encoders') }),
    t.partial({ data: t.readonlyArray(Str, 'variable names'), priors: t.readonlyArray(Str, 'variable names') }),
  ],
  'a parse environment { encoders, data?, priors? }',
);
export const ExprNodes = t.readonlyArray(ExprNode, 'a list of Exprs');
export const Encoders = t.readonlyArray(EncoderArg, 'a list of encoders');
export const Objectives = t.readonlyArray(ObjectiveArg, 'a list of Objectives');
export const Strs = t.readonlyArray(Str, 'strings');
export const Laws = t.readonlyArray(
  t.type({ name: Str, apply: Fn }, 'a rewrite law (from LAWS or lawNamed)'),
  'a list of rewrite laws',
);
export const SetupOptions = options('setup options { inputDim?, batch?, hidden?, hypers? }', {
  inputDim: PositiveInt,
  batch: PositiveInt,
  hidden: PositiveInt,
  hypers: Hypers,
});
export const BackendOptions = options('backend options { native?, stock? }', { native: Bool, stock: Bool });
export const EstimateOptionsArg = options('estimate options { estimator?, seed?, steps?, … }', {
  estimator: Str,
  seed: Num,
  seeds: Num,
  steps: Num,
  batch: Num,
  lr: Num,
  hidden: t.readonlyArray(Num, 'a list of widths'),
  k: Num,
  evalEvery: Num,
  onProgress: Fn,
  onFold: Fn,
});
export const StringSet = refined('a Set of strings', (u): u is ReadonlySet<string> => u instanceof Set);
export const TermPathArg = t.readonlyArray(NonNegativeInt, 'a term path (child indices)');
export const DatasetArg = Obj('a Dataset { x, n, dim, … }');
export const RngArg = Obj('an Rng (from makeRng)');
export const Context = Obj('a TermContext');
export const NetworkArg = Obj('a Network');
export const Seed = refined('a number or a string', (u): u is number | string => finite(u) || typeof u === 'string');
export const ByteArray = refined('a Float32Array', (u): u is Float32Array => u instanceof Float32Array);
export const Float64s = refined('a Float64Array', (u): u is Float64Array => u instanceof Float64Array);
export const List = (name: string) => t.readonlyArray(t.unknown, name);
export const ChannelOptions = t.type({ rho: Num, trainable: Bool }, 'options { rho, trainable }');
export const CorrelatedOptions = t.type({ dim: t.number, rho: t.number, n: t.number }, 'options { dim, rho, n }');
export const Indices = refined('an Int32Array of row indices', (u): u is Int32Array => u instanceof Int32Array);
/** A decoded spec: its sections there, the objective an object (a spec file's value is decoded first). */
export const SpecArg = refined(
  'a Spec (from loadSpec, parseSpecText or decodeSpec)',
  (u): u is object =>
    typeof u === 'object' &&
    u !== null &&
    typeof (u as { name?: unknown }).name === 'string' &&
    typeof (u as { seed?: unknown }).seed === 'number' &&
    ['data', 'model', 'objective', 'train', 'eval'].every((k) => {
      const v = (u as Record<string, unknown>)[k];
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    }),
);
export const PointLabels = t.union([Labels, t.readonlyArray(Str)], 'an Int32Array of labels or a list of names');
export const EncoderSpecArg = Obj('an encoder of a spec (model.encoders[i])');
export const ClassCounts = t.record(t.string, PositiveInt, 'class counts by variable { name: classes }');
