/**
 * Critic bounds as laws that are inequalities, not identities: Donsker–Varadhan and NWJ bound a mutual information from
 * below for every critic T, with equality at the optimal critic. The expression language has no critic term: a term is
 * a bound when the user pins a critic-bound estimator on it (`pins`, `objective.pins`), so these laws relate an
 * objective *as estimated* to the objective itself. The equality prover never uses them; `proveBound` chains them with
 * an equality proof into `a ≤ b` (or `≥`), each bound step marked ≤.
 */
import { match } from 'ts-pattern';
import { neg, printExpr, printExprIn, type Expr, type Objective } from '../../expr/index.ts';
import type { EstimatorName } from '../../plan/types.ts';
import { SCORE_BOUNDS } from '../../estimators/scores.ts';
import { numericValue, type Coef } from './coef.ts';
import { EGraph } from './egraph.ts';
import { printProof, prove, ProveOptionsArg, type Proof, type ProveOptions } from './prove.ts';
import { checkArgs, Obj, ObjectiveArg, optional } from '../../api/arguments.ts';
import { TwoPinLists } from '../../api/planArguments.ts';

/** A law I_bound[T] ≤ I: its name, the estimators that compute the bound, where it is tight. */
export interface BoundLaw {
  readonly name: 'donsker-varadhan' | 'nwj';
  readonly statement: string;
  /** The pinned estimators whose value is this bound (mine-f computes NWJ's formula). */
  readonly estimators: readonly EstimatorName[];
  /** The bound's symbol, as the term it bounds is printed with it: I_DV[T](X;Z). */
  readonly symbol: string;
  /** The critic at which the bound equals I. */
  readonly tight: string;
}

export const BOUND_LAWS: readonly BoundLaw[] = [
  {
    name: 'donsker-varadhan',
    statement:
      'I_DV[T](X;Z) = E_p(x,z)[T] − log E_p(x)p(z)[e^T] ≤ I(X;Z) for every critic T with E_p(x)p(z)[e^T] < ∞ (Donsker–Varadhan; MINE, Belghazi et al. 2018)',
    estimators: ['mine'],
    symbol: 'I_DV[T]',
    tight: 'T = log p(x,z)/(p(x)p(z)) + c',
  },
  {
    name: 'nwj',
    statement:
      'I_NWJ[T](X;Z) = E_p(x,z)[T] − e^{−1}·E_p(x)p(z)[e^T] ≤ I_DV[T](X;Z) ≤ I(X;Z) for every critic T (Nguyen, Wainwright & Jordan 2010)',
    estimators: ['nwj', 'mine-f'],
    symbol: 'I_NWJ[T]',
    tight: 'T = 1 + log p(x,z)/(p(x)p(z))',
  },
];

/** The information terms a critic bound reads paired samples of: I(X;Z), I(Z;W) of two encoders, I(Z;Y) with data Y. */
const boundsAnInformation = (e: Expr): boolean =>
  match(e.kind)
    .with('mutualInfo', 'pairedInfo', 'dataInfo', () => true)
    .otherwise(() => false);

/** One term of an objective estimated by a critic bound: where it is, by which law, with which coefficient. */
export interface BoundStep {
  readonly side: 'a' | 'b';
  readonly law: BoundLaw['name'];
  readonly estimator: EstimatorName;
  /** The information term the bound is of. */
  readonly term: Expr;
  /** The term's coefficient in its side's body (b's negated when the senses differ): its sign orients the bound. */
  readonly coefficient: number;
  /** The step as printed: `I_DV[T](X;Z) ≤ I(X;Z)`. */
  readonly text: string;
  readonly tight: string;
}

export interface BoundProof {
  /** a's value as estimated against b's: ≤ (a lower bound of b) or ≥ (an upper bound), for every critic. */
  readonly relation: '≤' | '≥';
  readonly steps: readonly BoundStep[];
  /** The equality of the two objectives themselves (without the bounds). */
  readonly equality: Proof;
}

export type Pins = readonly { readonly expr: Expr; readonly estimator: string }[];

/** The estimators whose value is not the term's but a bound or proxy of it (no equality holds through them). */
export const isBoundEstimator = (estimator: string): boolean => Object.hasOwn(SCORE_BOUNDS, estimator);

/** The pins of `pins` that make a term of `body` a bound (a score-bound estimator pinned on a term the body has). */
export const boundPins = (body: Expr, pins: Pins = []): Pins =>
  pins.filter((p) => isBoundEstimator(p.estimator) && occursIn(p.expr, body));

const occursIn = (t: Expr, e: Expr): boolean => {
  const g = new EGraph();
  const [ct, ce] = [g.add(t), g.add(e)];
  return ce === ct || [...g.classes().values()].flat().some((n) => argsOf(n).includes(g.find(ct)));
};

const argsOf = (n: ReturnType<EGraph['nodesOf']>[number]): readonly number[] =>
  match(n)
    .with({ op: 'leaf' }, () => [])
    .with({ op: 'fn' }, (f) => f.args)
    .with({ op: 'sum' }, (s) => s.terms.map(([c]) => c))
    .exhaustive();

/**
 * The coefficient of `term` in `body` when the body is linear in it (a sum of scalar multiples, the term in no log,
 * E_v or product), else a reason; a coefficient in hyper-parameters has no known sign and is refused too.
 */
function coefficientIn(term: Expr, body: Expr): number | string {
  const g = new EGraph();
  const top = g.linear(body);
  const t = g.find(g.add(term));
  // every class under a log, E_v[·], Σ_k, sg or a product: a bound is not carried through those
  const under = new Set<number>();
  const visit = (c: number): void => {
    if (under.has(g.find(c))) return;
    under.add(g.find(c));
    g.nodesOf(c).forEach((n) => argsOf(n).forEach(visit));
  };
  [...g.classes().values()].flat().forEach((n) => n.op === 'fn' && n.args.forEach(visit));
  const nested = under.has(t);
  if (nested) return `${printExpr(term)} is inside a log, an expectation or a product, where a bound is not carried`;
  let k: Coef | undefined;
  for (const [c, x] of top) if (g.find(c) === t) k = x;
  const value = k === undefined ? 0 : numericValue(k);
  if (value === undefined)
    return `the coefficient of ${printExpr(term)} depends on hyper-parameters, whose sign the prover does not know`;
  return value;
}

/** The side conditions of `law` on the pinned term, or the reason they fail. */
function sideConditions(term: Expr): string | undefined {
  if (!boundsAnInformation(term))
    return `${printExpr(term)} is not a mutual information of paired samples (I(X;Z), I(Z;W), I(Z;Y))`;
  return undefined;
}

const lawOf = (estimator: string): BoundLaw | undefined =>
  BOUND_LAWS.find((l) => (l.estimators as readonly string[]).includes(estimator));

const boundText = (law: BoundLaw, term: Expr): string => {
  const printed = printExpr(term);
  return `${law.symbol}${printed.replace(/^I/, '')} ≤ ${printed}`;
};

/**
 * The bound steps of one side, with the relation of its estimated body to its exact body (≤ when every bounded term has
 * a positive coefficient, ≥ when every one has a negative one), or the reason there is none.
 */
function sideBounds(
  side: 'a' | 'b',
  body: Expr,
  pins: Pins | undefined,
): { steps: BoundStep[]; relation: '≤' | '≥' | '=' } | { refused: string } {
  const steps: BoundStep[] = [];
  for (const p of boundPins(body, pins)) {
    const law = lawOf(p.estimator);
    if (!law)
      return {
        refused: `${p.estimator} on ${printExpr(p.expr)} is a bound with no law here (only ${BOUND_LAWS.map((l) => l.estimators.join('/')).join(' and ')})`,
      };
    const refused = sideConditions(p.expr);
    if (refused) return { refused };
    const coefficient = coefficientIn(p.expr, body);
    if (typeof coefficient === 'string') return { refused: coefficient };
    if (coefficient === 0) continue;
    steps.push({
      side,
      law: law.name,
      estimator: p.estimator as EstimatorName,
      term: p.expr,
      coefficient,
      text: boundText(law, p.expr),
      tight: law.tight,
    });
  }
  if (steps.length === 0) return { steps, relation: '=' };
  if (steps.every((s) => s.coefficient > 0)) return { steps, relation: '≤' };
  if (steps.every((s) => s.coefficient < 0)) return { steps, relation: '≥' };
  return { refused: 'bounded terms with coefficients of both signs: the estimate is neither below nor above' };
}

const flip = (r: '≤' | '≥' | '='): '≤' | '≥' | '=' => (r === '≤' ? '≥' : r === '≥' ? '≤' : '=');

/**
 * a as estimated (its `pins[0]`) against b as estimated (`pins[1]`): a chain of bound steps (≤) and an equality proof
 * of the objectives themselves, or the reason there is none (no bound pinned, a side condition, no equality proof).
 */
export function proveBound(
  a: Objective,
  b: Objective,
  pins: readonly [Pins | undefined, Pins | undefined],
  opts: ProveOptions = {},
): BoundProof | { refused: string } {
  checkArgs('proveBound', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    pins: [TwoPinLists, pins],
    options: [optional(ProveOptionsArg), opts],
  });
  const negated = a.sense !== b.sense;
  const sa = sideBounds('a', a.body, pins[0]);
  if ('refused' in sa) return sa;
  const sb = sideBounds('b', negated ? neg(b.body) : b.body, pins[1]);
  if ('refused' in sb) return sb;
  // a_est R_a a = b R_b⁻¹ b_est: b's bound read from b's exact body to its estimate
  const rb = flip(sb.relation);
  const relations = new Set([sa.relation, rb].filter((r) => r !== '='));
  if (relations.size === 0) return { refused: 'no term of either side is estimated by a critic bound' };
  if (relations.size > 1) return { refused: 'a is bounded below and b above (or the reverse): no relation follows' };
  const equality = prove(a, b, opts);
  if (!equality) return { refused: 'the objectives themselves were not proved equal within the bounds' };
  return { relation: [...relations][0] as '≤' | '≥', steps: [...sa.steps, ...sb.steps], equality };
}

/** A bound proof the way the papers write one: each bound step ≤ with its law and where it is tight, then the equality. */
export function printBound(a: Objective, b: Objective, p: BoundProof): string {
  checkArgs('printBound', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    proof: [Obj('a BoundProof (from proveBound)'), p],
  });
  const whole = (o: Objective) => `${o.sense} ${printExprIn(o.body, o.body)}`;
  const estimated = p.steps.map((s) => `${s.side}'s ${printExpr(s.term)} by ${s.estimator}`).join(', ');
  const lines = [
    `bounded: ${whole(a)}  ${p.relation}  ${whole(b)}   (as estimated: ${estimated}; for every critic T)`,
    ...p.steps.map(
      (s, i) => `  ${i + 1}. ${s.text}   [${s.law} on ${s.side}, coefficient ${s.coefficient}; equal at ${s.tight}]`,
    ),
    `  and the objectives themselves are equal:`,
    ...printProof(a, b, p.equality)
      .split('\n')
      .slice(1)
      .map((l) => `  ${l}`),
  ];
  return lines.join('\n');
}
