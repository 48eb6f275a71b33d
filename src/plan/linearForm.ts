/**
 * An objective's body as a linear combination Σ_i c_i·t_i of terms t_i (information terms and any other sub-expression
 * that is not a sum or a scalar product), each coefficient c_i a polynomial in the hyper-parameters. Equal terms are
 * compared by structure (`sameExpr`), so `I(X;Z) − I(X;Z)` collects to 0·I(X;Z) however it was written.
 */
import { match, P } from 'ts-pattern';
import { sameExpr, type Expr } from '../expr/index.ts';
import type { TermPath } from './types.ts';
import { INFORMATION_TERMS } from './sites.ts';

/** A polynomial in the hyper-parameters: coefficient by monomial (hyper names sorted and joined by '·'; '' is 1). */
export type Coefficient = ReadonlyMap<string, number>;

const ONE: Coefficient = new Map([['', 1]]);
const EPSILON = 1e-9;

const scale = (c: Coefficient, k: number): Coefficient => new Map([...c].map(([m, v]) => [m, v * k]));

function plus(a: Coefficient, b: Coefficient): Coefficient {
  const out = new Map(a);
  b.forEach((v, m) => out.set(m, (out.get(m) ?? 0) + v));
  return out;
}

function times(a: Coefficient, b: Coefficient): Coefficient {
  const out = new Map<string, number>();
  a.forEach((va, ma) =>
    b.forEach((vb, mb) => {
      const m = [...ma.split('·'), ...mb.split('·')].filter(Boolean).sort().join('·');
      out.set(m, (out.get(m) ?? 0) + va * vb);
    }),
  );
  return out;
}

/** Zero for every value of the hyper-parameters. */
export const isZero = (c: Coefficient): boolean => [...c.values()].every((v) => Math.abs(v) < EPSILON);

/** A coefficient as the papers write it: `2`, `−β`, `1 + α`. */
export function printCoefficient(c: Coefficient): string {
  const number = (v: number) => String(Number(Math.abs(v).toPrecision(6)));
  const parts = [...c]
    .filter(([, v]) => Math.abs(v) >= EPSILON)
    .map(([m, v]) => ({ negative: v < 0, text: m === '' ? number(v) : Math.abs(v) === 1 ? m : `${number(v)}·${m}` }));
  if (parts.length === 0) return '0';
  return parts
    .map((p, i) => (i === 0 ? `${p.negative ? '−' : '+'}${p.text}` : `${p.negative ? ' − ' : ' + '}${p.text}`))
    .join('');
}

/** The value of a scalar factor made of constants and hyper-parameters, or undefined if it contains anything else. */
const factor = (e: Expr): Coefficient | undefined =>
  match(e)
    .with({ kind: 'const' }, (n): Coefficient => new Map([['', n.value]]))
    .with({ kind: 'hyper' }, (n): Coefficient => new Map([[n.name, 1]]))
    .with({ kind: 'neg' }, (n) => {
      const f = factor(n.arg);
      return f && scale(f, -1);
    })
    .with({ kind: 'add' }, (n) => {
      const fs = n.terms.map(factor);
      return fs.every((f) => f !== undefined) ? fs.reduce(plus, new Map()) : undefined;
    })
    .with({ kind: 'mul' }, (n) => {
      const [l, r] = [factor(n.left), factor(n.right)];
      return l && r && times(l, r);
    })
    .with({ kind: 'div' }, (n) => {
      const [l, r] = [factor(n.left), n.right.kind === 'const' && n.right.value !== 0 ? n.right.value : undefined];
      return l && r !== undefined ? scale(l, 1 / r) : undefined;
    })
    .with(
      { kind: P.union('expect', 'sumStates', 'log', 'stopGradient', 'output', 'logDensity', 'score') },
      () => undefined,
    )
    .with({ kind: P.union(...INFORMATION_TERMS) }, () => undefined)
    .exhaustive();

/** One occurrence of a term in the sum, with its coefficient and its position in the body. */
export interface Occurrence {
  readonly term: Expr;
  readonly coefficient: Coefficient;
  readonly path: TermPath;
}

/**
 * The occurrences of terms in `body`, through sums, negations, products with a factor of constants and
 * hyper-parameters, and divisions by a constant. Constant summands (a `log 2`, a lone β) are left out: they carry no
 * gradient. A stop-gradient is a term of its own: its value may cancel another's, its gradient does not.
 */
export function occurrences(body: Expr, c: Coefficient = ONE, path: TermPath = []): Occurrence[] {
  if (factor(body)) return [];
  const at = (i: number) => [...path, i];
  if (body.kind === 'add') return body.terms.flatMap((t, i) => occurrences(t, c, at(i)));
  if (body.kind === 'neg') return occurrences(body.arg, scale(c, -1), at(0));
  if (body.kind === 'mul') {
    const [l, r] = [factor(body.left), factor(body.right)];
    if (l) return occurrences(body.right, times(c, l), at(1));
    if (r) return occurrences(body.left, times(c, r), at(0));
  }
  if (body.kind === 'div' && body.right.kind === 'const' && body.right.value !== 0)
    return occurrences(body.left, scale(c, 1 / body.right.value), at(0));
  return [{ term: body, coefficient: c, path }];
}

/** A term of the sum with every occurrence of it, and its total coefficient. */
export interface CollectedTerm {
  readonly term: Expr;
  readonly occurrences: readonly Occurrence[];
  readonly total: Coefficient;
}

/** Occurrences grouped by structurally equal terms, in the order each term first occurs. */
export function collect(all: readonly Occurrence[]): CollectedTerm[] {
  const groups: { term: Expr; occurrences: Occurrence[] }[] = [];
  for (const o of all) {
    const group = groups.find((g) => sameExpr(g.term, o.term));
    if (group) group.occurrences.push(o);
    else groups.push({ term: o.term, occurrences: [o] });
  }
  return groups.map((g) => ({ ...g, total: g.occurrences.map((o) => o.coefficient).reduce(plus, new Map()) }));
}
