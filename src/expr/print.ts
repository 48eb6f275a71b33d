/**
 * Pretty printer: writes objectives the way the papers do, e.g. `max I(X;Z) − β·R_c(L)`.
 * The output is also the text syntax of spec files: `parse(print(o), envOf(o))` gives `o` back.
 */
import { match } from 'ts-pattern';
import type { Dist, Expr, Objective } from './nodes.ts';

const lower = (v: string) => v.toLowerCase();

/** A distribution as written in the papers: p(x), p(z|x), p(x|z=1), U(z), N(z). */
export const printDist = (d: Dist): string =>
  match(d)
    .with({ kind: 'data' }, (n) => `p(${lower(n.v)})`)
    .with({ kind: 'conditional' }, (n) => `p(${lower(n.enc.target)}|${lower(n.enc.given)})`)
    .with({ kind: 'marginal' }, (n) => `p(${lower(n.enc.target)})`)
    .with({ kind: 'prior' }, (n) => `${n.family === 'uniform' ? 'U' : 'N'}(${lower(n.v)})`)
    .with({ kind: 'posterior' }, (n) => `p(${lower(n.enc.given)}|${lower(n.enc.target)}${n.complement ? '≠' : '='}${n.k})`)
    .with({ kind: 'mixture' }, (n) => `mix[${n.weights.map(String).join(', ')}](${n.dists.map(printDist).join(', ')})`)
    .exhaustive();

// precedence: 1 sum, 2 product, 3 unary minus, 4 atom
const precedence = (e: Expr): number =>
  match(e.kind)
    .with('add', () => 1)
    .with('mul', 'div', () => 2)
    .with('neg', () => 3)
    .otherwise(() => 4);

const at = (e: Expr, min: number): string => (precedence(e) < min ? `(${printExpr(e)})` : printExpr(e));

/** An expression in the text syntax. */
export const printExpr = (e: Expr): string =>
  match(e)
    .with({ kind: 'entropy' }, (n) => `H(${n.enc.target})`)
    .with({ kind: 'condEntropy' }, (n) => `H(${n.enc.target}|${n.enc.given})`)
    .with({ kind: 'mutualInfo' }, (n) => `I(${n.enc.given};${n.enc.target})`)
    .with({ kind: 'kl' }, (n) => `KL(${printDist(n.p)} ‖ ${printDist(n.q)})`)
    .with({ kind: 'crossEntropy' }, (n) => `CE(${printDist(n.p)}, ${printDist(n.q)})`)
    .with({ kind: 'jsd' }, (n) => `JSD[${n.weights.map(String).join(', ')}](${n.dists.map(printDist).join(', ')})`)
    .with({ kind: 'regulariser' }, (n) => `${n.name === 'smoothness' ? 'R_c' : 'R_p'}(${n.enc.model})`)
    .with({ kind: 'output' }, (n) => `${n.enc.model}(${lower(n.enc.given)})`)
    .with({ kind: 'logDensity' }, (n) => `log[${printDist(n.dist)}]`)
    .with({ kind: 'score' }, (n) => `∇log[${printDist(n.dist)}]`)
    .with({ kind: 'expect' }, (n) => `E_${lower(n.v)}[${printExpr(n.body)}]`)
    .with({ kind: 'sumStates' }, (n) => `Σ_k[${printExpr(n.body)}]`)
    .with({ kind: 'log' }, (n) => `log(${printExpr(n.arg)})`)
    .with({ kind: 'stopGradient' }, (n) => `sg(${printExpr(n.arg)})`)
    .with({ kind: 'const' }, (n) => String(n.value))
    .with({ kind: 'hyper' }, (n) => n.name)
    .with({ kind: 'neg' }, (n) => `−${at(n.arg, 3)}`)
    .with({ kind: 'mul' }, (n) => `${at(n.left, 2)}·${at(n.right, 3)}`)
    .with({ kind: 'div' }, (n) => `${at(n.left, 2)}/${at(n.right, 3)}`)
    .with({ kind: 'add' }, (n) =>
      n.terms
        .map((t, i) => {
          if (i === 0) return at(t, 2);
          return t.kind === 'neg' ? ` − ${at(t.arg, 2)}` : ` + ${at(t, 2)}`;
        })
        .join(''),
    )
    .exhaustive();

/** An objective: `max …` or `min …`. */
export const print = (o: Objective): string => `${o.sense} ${printExpr(o.body)}`;
