/**
 * The machinery of the public API's argument checks (src/api/arguments.ts adds the expression types): kept free of the
 * expression codecs and the families so that modules the families import (src/term/ops.ts) can use it.
 *
 * Runtime checks of the public API's arguments, for callers from plain JavaScript (or through `any`), whom the types
 * do not reach. Every exported function starts with one `checkArgs('name', { arg: [Type, arg], … })`; a wrong argument
 * throws one `ArgumentError`, `encoder: spec.family: expected one of categorical, …, got "categoricl"`, instead of a
 * TypeError from deep inside or a value accepted silently. The types are io-ts codecs (the expression codecs of
 * src/expr/codec.ts, the refined numbers of src/spec/types.ts) named by what the message says was expected.
 * Isomorphic: src/core.ts is bundled for browsers, so nothing here may import a Node module.
 */
import * as tf from '../tf.ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Dist, Expr } from '../expr/nodes.ts';

/** A wrong argument of a public function: the function, the argument (with the field inside it) and what was expected. */
export class ArgumentError extends Error {
  constructor(
    readonly fn: string,
    readonly argument: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${fn}: ${argument}: expected ${expected}, got ${shown(got)}`);
  }
}

/** The type each argument must have, with its value: `{ name: [Type, value] }` in the order of the parameters. */
export type ArgumentTypes = Readonly<Record<string, readonly [t.Decoder<unknown, unknown>, unknown]>>;

/** Throws an `ArgumentError` for the first argument that does not have its type. */
export function checkArgs(fn: string, args: ArgumentTypes): void {
  for (const [name, [type, value]] of Object.entries(args)) {
    const result = type.decode(value);
    if (isLeft(result)) {
      const deepest = result.left.map((e) => locate(e.context)).reduce((a, b) => (b.depth > a.depth ? b : a));
      throw new ArgumentError(fn, `${name}${deepest.path}`, deepest.expected, deepest.actual);
    }
  }
}

// ── messages ─────────────────────────────────────────────────────────────────

export const EXPR_KINDS: Readonly<Record<Expr['kind'], null>> = {
  entropy: null,
  condEntropy: null,
  mutualInfo: null,
  pairedInfo: null,
  dataInfo: null,
  pairedEntropy: null,
  kl: null,
  jsd: null,
  crossEntropy: null,
  regulariser: null,
  output: null,
  logDensity: null,
  score: null,
  expect: null,
  sumStates: null,
  log: null,
  add: null,
  neg: null,
  mul: null,
  div: null,
  const: null,
  hyper: null,
  stopGradient: null,
};
export const DIST_KINDS: Readonly<Record<Dist['kind'], null>> = {
  data: null,
  conditional: null,
  marginal: null,
  prior: null,
  posterior: null,
  mixture: null,
};

const kindOf = (u: unknown): unknown =>
  typeof u === 'object' && u !== null ? (u as { readonly kind?: unknown }).kind : undefined;

/** A received value in a few words: a string quoted, a node by its kind, a list by its length. */
export function shown(u: unknown): string {
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u);
  if (typeof u === 'symbol') return 'a symbol';
  if (typeof u === 'function') return 'a function';
  if (typeof u !== 'object' || u === null) return String(u);
  if (Array.isArray(u)) return `a list of ${u.length}`;
  if (ArrayBuffer.isView(u)) return `a ${u.constructor.name}`;
  if (u instanceof tf.Tensor) return `a tensor of shape [${u.shape.join(', ')}]`;
  const kind = kindOf(u);
  const node = u as { readonly name?: unknown; readonly model?: unknown };
  if (kind === 'var') return `the variable ${String(node.name)}`;
  if (kind === 'encoder') return `the encoder ${String(node.model)}`;
  if (typeof kind === 'string' && kind in DIST_KINDS) return `a distribution (${kind})`;
  if (typeof kind === 'string' && kind in EXPR_KINDS) return `an Expr (${kind})`;
  if ('sense' in u && 'body' in u) return 'an Objective';
  return typeof kind === 'string' ? `an object of kind ${kind}` : 'an object';
}

/** Codecs that pass their value on to a member: their own context entry adds nothing to the path. */
const passesOn = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.UnionType ||
  type instanceof t.IntersectionType ||
  type instanceof t.ReadonlyType ||
  type instanceof t.RecursiveType ||
  type instanceof t.RefinementType;

const isList = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.ArrayType || type instanceof t.ReadonlyArrayType || type instanceof t.TupleType;

/** Names for codecs whose own names are their TypeScript types (src/api/arguments.ts names the expression codecs). */
export const TYPE_NAMES = new Map<t.Decoder<unknown, unknown>, string>();

const expectedOf = (type: t.Decoder<unknown, unknown>): string =>
  TYPE_NAMES.get(type) ??
  (type instanceof t.KeyofType
    ? `one of ${Object.keys(type.keys).join(', ')}`
    : type instanceof LazyOneOf
      ? `one of ${type.keys().join(', ')}`
      : type instanceof t.LiteralType
        ? JSON.stringify(type.value)
        : type.name);

/** Where an io-ts error is: the path inside the argument, and the outermost type and value at that path. */
function locate(context: t.Context): { path: string; depth: number; expected: string; actual: unknown } {
  let path = '';
  let depth = 0;
  let at = context[0];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type;
    if (passesOn(parent) || context[i].key === '') continue;
    path += isList(parent) ? `[${context[i].key}]` : `.${context[i].key}`;
    depth++;
    at = context[i];
  }
  return { path, depth, expected: expectedOf(at.type), actual: at.actual };
}

// ── types ────────────────────────────────────────────────────────────────────

/** A type decided by a predicate. */
export const refined = <A>(name: string, is: (u: unknown) => u is A): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);

/** `type`, or nothing (an optional parameter). */
export const optional = <A>(type: t.Type<A, unknown, unknown>): t.Type<A | undefined, unknown, unknown> =>
  new t.Type<A | undefined, unknown, unknown>(
    type.name,
    (u): u is A | undefined => u === undefined || type.is(u),
    (u, c) => (u === undefined ? t.success(u) : type.validate(u, t.appendContext(c, '', type))),
    t.identity,
  );

/**
 * A node whose `kind` is one of `kinds`, checked first (so a node of another kind is refused as a whole, named by
 * `name`), then by `codec` for its fields.
 */
export const tagged = <A>(name: string, kinds: object, codec: t.Type<A, unknown, unknown>, deep = true) => {
  const ofKind = (u: unknown): boolean => {
    const kind = kindOf(u);
    return typeof kind === 'string' && kind in kinds;
  };
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => ofKind(u) && (!deep || codec.is(u)),
    (u, c) => {
      if (!ofKind(u)) return t.failure(u, c);
      return deep ? codec.validate(u, t.appendContext(c, '', codec)) : t.success(u as A);
    },
    t.identity,
  );
};

export const finite = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);

export const Num = refined('a number', finite);
export const Int = refined('an integer', (u): u is number => finite(u) && Number.isInteger(u));
export const PositiveInt = refined('a positive integer', (u): u is number => Int.is(u) && u > 0);
export const NonNegativeInt = refined('a non-negative integer', (u): u is number => Int.is(u) && u >= 0);
export const PositiveNum = refined('a positive number', (u): u is number => finite(u) && u > 0);
export const NonNegativeNum = refined('a non-negative number', (u): u is number => finite(u) && u >= 0);
export const Str = refined('a string', (u): u is string => typeof u === 'string');
export const Name = refined('a non-empty string', (u): u is string => typeof u === 'string' && u.trim() !== '');
export const Bool = refined('true or false', (u): u is boolean => typeof u === 'boolean');
export const Fn = refined('a function', (u): u is (...a: never[]) => unknown => typeof u === 'function');
/** An options object: any fields, those named in `props` of their types. */
export const options = <P extends t.Props>(name: string, props: P) => t.partial(props, name);
/** A record of its own fields (a dataset, a network, a task), not checked further. */
export const Obj = (name: string) =>
  refined(name, (u): u is object => typeof u === 'object' && u !== null && !Array.isArray(u));
/** One of the names `keys()` gives when a value is checked: for lists of modules that import this one. */
export class LazyOneOf extends t.Type<string, string, unknown> {
  constructor(readonly keys: () => readonly string[]) {
    const is = (u: unknown): u is string => typeof u === 'string' && keys().includes(u);
    super('one of a list', is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
  }
}
/** One of a few names. */
export const oneOf = <K extends string>(keys: readonly K[]) =>
  t.keyof(Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>, `one of ${keys.join(', ')}`);

export const Tensor = refined('a tensor', (u): u is tf.Tensor => u instanceof tf.Tensor);
export const Tensor2D = refined('a 2-D tensor', (u): u is tf.Tensor2D => u instanceof tf.Tensor && u.rank === 2);
export const Floats = refined(
  'a Float32Array or Float64Array',
  (u): u is Float32Array | Float64Array => u instanceof Float32Array || u instanceof Float64Array,
);
export const Labels = refined('an Int32Array of labels', (u): u is Int32Array => u instanceof Int32Array);
export const Numbers = refined(
  'a list of numbers',
  (u): u is readonly number[] => Array.isArray(u) && u.every((v) => typeof v === 'number'),
);
/** Samples as `estimateMI` reads them: rows of numbers, or `{ values, n, dim }`. */
export const Samples = refined(
  'samples (rows of numbers, or { values, n, dim })',
  (u): u is unknown =>
    (Array.isArray(u) && u.every(Array.isArray)) ||
    (typeof u === 'object' &&
      u !== null &&
      'values' in u &&
      PositiveInt.is((u as { n?: unknown }).n) &&
      PositiveInt.is((u as { dim?: unknown }).dim)),
);
/** Points of src/estimate/knn.ts: `{ values: Float64Array, n, dim }`. */
export const PointsArg = t.type({
  values: refined('a Float64Array', (u) => u instanceof Float64Array),
  n: Num,
  dim: Num,
});
export const NumberLike = refined(
  'numbers (an array or a typed array)',
  (u): u is ArrayLike<number> => Array.isArray(u) || ArrayBuffer.isView(u),
);
