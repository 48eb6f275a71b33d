/**
 * Refined io-ts types for spec fields, each with the words an error message uses
 * (`train.batch: expected a positive integer, got -3`).
 */
import * as t from 'io-ts';
import { suggest } from '../expr/suggest.ts';

export { suggest };

const refined = <A>(name: string, is: (u: unknown) => u is A) =>
  new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);

const isNum = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);

/** Integers are exact up to 2^53 − 1 only (`seed: 1e23` is not the seed it says): larger ones are refused. */
export const isSafe = (u: number) => Number.isSafeInteger(u);

export const PositiveInt = refined('a positive integer', (u): u is number => isNum(u) && isSafe(u) && u > 0);
export const NonNegativeInt = refined('a non-negative integer', (u): u is number => isNum(u) && isSafe(u) && u >= 0);
export const PositiveNumber = refined('a positive number', (u): u is number => isNum(u) && u > 0);
export const NonNegativeNumber = refined('a non-negative number', (u): u is number => isNum(u) && u >= 0);
export const FiniteNumber = refined('a number', isNum);
export const Dimension = refined('an integer ≥ 2', (u): u is number => isNum(u) && isSafe(u) && u >= 2);
export const Correlation = refined('a number in (−1, 1)', (u): u is number => isNum(u) && u > -1 && u < 1);
export const UnitFraction = refined('a number in (0, 1]', (u): u is number => isNum(u) && u > 0 && u <= 1);
export const Probability = refined('a number in [0, 1)', (u): u is number => isNum(u) && u >= 0 && u < 1);
export const Identifier = refined(
  'a name (letters, digits, _)',
  (u): u is string => typeof u === 'string' && /^[\p{L}_][\p{L}\p{N}_]*$/u.test(u),
);
export const VariableName = refined(
  'an upper-case variable name such as Z',
  (u): u is string => typeof u === 'string' && /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)?'*$/.test(u),
); // Z, Z_1, X'
export const NonEmptyString = refined(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.trim().length > 0,
);

/**
 * An object codec that refuses fields it does not know (a typo must not be silently ignored).
 * `required` and `optional` are io-ts props.
 */
export function strictObject<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O = {} as O) {
  const inner = t.intersection([t.type(required), t.partial(optional)]);
  const known = [...Object.keys(required), ...Object.keys(optional)];
  return new t.Type<t.TypeOf<typeof inner>, unknown, unknown>(
    name,
    inner.is,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u))
        return t.failure(u, c, `expected ${name}, got ${describe(u)}`);
      for (const key of Object.keys(u)) {
        if (!known.includes(key)) {
          const guess = suggest(key, known);
          return t.failure(
            u,
            [...c, { key, type: t.unknown, actual: (u as Record<string, unknown>)[key] }],
            `unknown field '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; known fields: ${known.join(', ')}`,
          );
        }
      }
      return inner.validate(u, t.appendContext(c, '', inner as t.Decoder<unknown, unknown>));
    },
    t.identity,
  );
}

/** A short description of a received value for error messages. */
export function describe(u: unknown): string {
  if (u === undefined) return 'nothing (the field is missing)';
  if (typeof u === 'string')
    return u.length > 60 ? `${JSON.stringify(u.slice(0, 40))}… (${u.length} characters)` : JSON.stringify(u);
  if (typeof u === 'number' || typeof u === 'boolean' || u === null) return String(u);
  if (Array.isArray(u)) return `a list of ${u.length}`;
  return 'an object';
}
