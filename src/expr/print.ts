/**
 * Pretty printer: writes objectives the way the papers do, e.g. `max I(X;Z) − β·R_c(L)`.
 * The output is also the text syntax of spec files: `parse(print(o), envOf(o))` gives `o` back.
 */
import { match } from 'ts-pattern';
import { encodersOf, networkKey, type Dist, type Expr, type Objective } from './nodes.ts';
import { givenLabel, networkName, sameVariables } from './vars.ts';
import { checkArgs, DistNode, ExprNode, ObjectiveArg, optional, StringSet } from '../api/arguments.ts';

const lower = (v: string) => v.toLowerCase();

/** Models whose conditional is written with the model's name, `q(z|x)`: another encoder in `e` also defines p(z|x). */
function namedModelsOf(e: Expr): ReadonlySet<string> {
  const encs = [...encodersOf(e).values()];
  return new Set(
    encs
      .filter((a) =>
        encs.some((b) => networkKey(b) !== networkKey(a) && b.target === a.target && sameVariables(b.given, a.given)),
      )
      .map(networkKey),
  );
}

/** Models whose marginal entropy is written `H[model](Z)`: another encoder in `e` also produces Z (co-training's H_Ψ(Z)). */
function sharedTargetsOf(e: Expr): ReadonlySet<string> {
  const encs = [...encodersOf(e).values()];
  return new Set(
    encs.filter((a) => encs.some((b) => networkKey(b) !== networkKey(a) && b.target === a.target)).map(networkKey),
  );
}

/**
 * Once per tree (trees are never changed): the plan prints every term of an objective in the objective's context, so
 * computing these per term made planning quadratic in the number of terms (issue 28: 2,000 terms took 66 s).
 */
const memo = <T>(f: (e: Expr) => T): ((e: Expr) => T) => {
  const seen = new WeakMap<Expr, T>();
  return (e) => {
    if (!seen.has(e)) seen.set(e, f(e));
    return seen.get(e) as T;
  };
};
const namedModels = memo(namedModelsOf);
const sharedTargets = memo(sharedTargetsOf);

const distIn = (d: Dist, named: ReadonlySet<string>): string =>
  match(d)
    .with({ kind: 'data' }, (n) => `p(${lower(n.v)})`)
    .with(
      { kind: 'conditional' },
      (n) =>
        `${named.has(networkKey(n.enc)) ? networkName(n.enc) : 'p'}(${lower(n.enc.target)}|${lower(givenLabel(n.enc))})`,
    )
    .with({ kind: 'marginal' }, (n) => `p(${lower(n.enc.target)})`)
    .with({ kind: 'prior' }, (n) => `${n.family === 'uniform' ? 'U' : 'N'}(${lower(n.v)})`)
    .with(
      { kind: 'posterior' },
      (n) => `p(${lower(givenLabel(n.enc))}|${lower(n.enc.target)}${n.complement ? '≠' : '='}${n.k})`,
    )
    .with(
      { kind: 'mixture' },
      (n) => `mix[${n.weights.map(String).join(', ')}](${n.dists.map((c) => distIn(c, named)).join(', ')})`,
    )
    .exhaustive();

/** A distribution as written in the papers: p(x), p(z|x), p(x|z=1), U(z), N(z); q(z|x) when `named` holds q. */
export const printDist = (d: Dist, named: ReadonlySet<string> = new Set()): string => {
  checkArgs('printDist', { d: [DistNode, d], named: [optional(StringSet), named] });
  return distIn(d, named);
};

/** Binding strength of each node kind when printed: 1 sum, 2 product, 3 unary minus, 4 atom. */
export const PRECEDENCE: Record<Expr['kind'], number> = {
  add: 1,
  mul: 2,
  div: 2,
  neg: 3,
  entropy: 4,
  condEntropy: 4,
  mutualInfo: 4,
  pairedInfo: 4,
  dataInfo: 4,
  pairedEntropy: 4,
  kl: 4,
  jsd: 4,
  crossEntropy: 4,
  regulariser: 4,
  output: 4,
  logDensity: 4,
  score: 4,
  expect: 4,
  sumStates: 4,
  log: 4,
  const: 4,
  hyper: 4,
  stopGradient: 4,
};
const precedence = (e: Expr): number => PRECEDENCE[e.kind];

/** An expression in the text syntax; conditionals of the models in `named` are written with their names. */
const exprIn = (e: Expr, named: ReadonlySet<string>, shared: ReadonlySet<string> = new Set()): string => {
  const dist = (d: Dist) => distIn(d, named);
  const sub = (c: Expr) => exprIn(c, named, shared);
  const at = (c: Expr, min: number): string => (precedence(c) < min ? `(${sub(c)})` : sub(c));
  return match(e)
    .with({ kind: 'entropy' }, (n) =>
      shared.has(networkKey(n.enc)) ? `H[${networkName(n.enc)}](${n.enc.target})` : `H(${n.enc.target})`,
    )
    .with({ kind: 'condEntropy' }, (n) => `H(${n.enc.target}|${givenLabel(n.enc)})`)
    .with({ kind: 'mutualInfo' }, (n) => `I(${givenLabel(n.enc)};${n.enc.target})`)
    .with({ kind: 'pairedInfo' }, (n) => `I(${n.a.target};${n.b.target})`)
    .with({ kind: 'dataInfo' }, (n) => `I(${n.enc.target};${n.v})`)
    .with({ kind: 'pairedEntropy' }, (n) => `H(${n.a.target}${n.conditional ? '|' : ','}${n.b.target})`)
    .with({ kind: 'kl' }, (n) => `KL(${dist(n.p)} ‖ ${dist(n.q)})`)
    .with({ kind: 'crossEntropy' }, (n) => `CE(${dist(n.p)}, ${dist(n.q)})`)
    .with({ kind: 'jsd' }, (n) => `JSD[${n.weights.map(String).join(', ')}](${n.dists.map(dist).join(', ')})`)
    .with({ kind: 'regulariser' }, (n) => `${n.name === 'smoothness' ? 'R_c' : 'R_p'}(${networkName(n.enc)})`)
    .with({ kind: 'output' }, (n) => `${networkName(n.enc)}(${lower(givenLabel(n.enc))})`)
    .with({ kind: 'logDensity' }, (n) => `log[${dist(n.dist)}]`)
    .with({ kind: 'score' }, (n) => `∇log[${dist(n.dist)}]`)
    .with({ kind: 'expect' }, (n) => `E_${lower(n.v)}[${sub(n.body)}]`)
    .with({ kind: 'sumStates' }, (n) => `Σ_k[${sub(n.body)}]`)
    .with({ kind: 'log' }, (n) => `log(${sub(n.arg)})`)
    .with({ kind: 'stopGradient' }, (n) => `sg(${sub(n.arg)})`)
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
};

/** An expression in the text syntax. */
export const printExpr = (e: Expr): string => {
  checkArgs('printExpr', { e: [ExprNode, e] });
  return exprIn(e, namedModels(e), sharedTargets(e));
};

/**
 * A sub-expression as written inside `context` (its objective's body): models are named where the whole objective needs
 * them, so a lone `H[Psi](Z)` of an objective with two encoders of Z keeps its qualifier.
 */
export const printExprIn = (e: Expr, context: Expr): string => {
  checkArgs('printExprIn', { e: [ExprNode, e], context: [ExprNode, context] });
  return exprIn(e, namedModels(context), sharedTargets(context));
};

/** An objective: `max …` or `min …`. */
export const print = (o: Objective): string => {
  checkArgs('print', { objective: [ObjectiveArg, o] });
  return `${o.sense} ${printExpr(o.body)}`;
};
