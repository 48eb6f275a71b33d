/**
 * Coefficients of the prover's linear arithmetic: polynomials in the hyper-parameters with numeric coefficients
 * (β·I(Z;Y) has the coefficient β, (1 + α)·R_p the coefficient 1 + α). A monomial is the sorted list of its
 * hyper-parameters joined by `·`; the constant monomial is ''.
 */
import { add, constant, hyper, mul, neg, type Expr } from '../../expr/index.ts';

export type Coef = ReadonlyMap<string, number>;

/** Numbers equal to 12 significant digits are one coefficient (1/3·3 is 1): float noise never decides equality. */
const tidy = (x: number): number => (Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(12)));

const fromEntries = (entries: Iterable<readonly [string, number]>): Coef => {
  const out = new Map<string, number>();
  for (const [m, c] of entries) out.set(m, (out.get(m) ?? 0) + c);
  for (const [m, c] of out) {
    const t = tidy(c);
    if (t === 0) out.delete(m);
    else out.set(m, t);
  }
  return out;
};

export const numberCoef = (c: number): Coef => fromEntries([['', c]]);
export const hyperCoef = (name: string): Coef => new Map([[name, 1]]);
export const ONE: Coef = numberCoef(1);

export const addCoef = (a: Coef, b: Coef): Coef => fromEntries([...a, ...b]);
export const scaleCoef = (a: Coef, s: number): Coef => fromEntries([...a].map(([m, c]) => [m, c * s] as const));
export const mulCoef = (a: Coef, b: Coef): Coef =>
  fromEntries(
    [...a].flatMap(([ma, ca]) =>
      [...b].map(([mb, cb]) => {
        const names = [...(ma ? ma.split('·') : []), ...(mb ? mb.split('·') : [])].sort();
        return [names.join('·'), ca * cb] as const;
      }),
    ),
  );

export const isZeroCoef = (a: Coef): boolean => a.size === 0;
/** The coefficient's number when it names no hyper-parameter. */
export const numericValue = (a: Coef): number | undefined =>
  a.size === 0 ? 0 : a.size === 1 && a.has('') ? a.get('') : undefined;

/** A key for hash-consing: monomials in order. */
export const coefKey = (a: Coef): string =>
  [...a]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([m, c]) => `${c}${m ? `*${m}` : ''}`)
    .join('+');

/** The coefficient as an expression: 2, β, 1 + α, −β. */
export function coefExpr(a: Coef): Expr {
  const monomials = [...a].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const term = ([m, c]: readonly [string, number]): Expr => {
    if (!m) return c < 0 ? neg(constant(Number((-c).toPrecision(6)))) : constant(Number(c.toPrecision(6)));
    const product = m
      .split('·')
      .map(hyper)
      .reduce((x, y) => mul(x, y));
    if (c === 1) return product;
    if (c === -1) return neg(product);
    return c < 0 ? neg(mul(constant(-c), product)) : mul(constant(c), product);
  };
  if (monomials.length === 0) return constant(0);
  return monomials.length === 1 ? term(monomials[0]) : add(...monomials.map(term));
}
