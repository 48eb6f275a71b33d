/** Structural equality of expression trees: what pins are matched by, never the printed text. */
import type { Dist, Expr } from './nodes.ts';

/** Equality of plain immutable data (nodes, distributions, encoders, numbers, strings and arrays of them). */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => samePlain(x, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const [left, right] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(left);
  const sameKeys = keys.length === Object.keys(right).length && keys.every((k) => Object.hasOwn(right, k));
  return sameKeys && keys.every((k) => samePlain(left[k], right[k]));
}

/** The same node: same kinds, fields, encoders and children, wherever the two trees were built (builder or parser). */
export const sameExpr = (a: Expr, b: Expr): boolean => samePlain(a, b);

/** The same distribution: same kind, encoder, variable, family, weights and components. */
export const sameDist = (a: Dist, b: Dist): boolean => samePlain(a, b);
