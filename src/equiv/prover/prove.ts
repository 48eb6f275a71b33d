/**
 * The prover: are two objectives equal by the named laws and the arithmetic? Both are put in one e-graph, saturated
 * within bounds, and when their classes meet (or differ by a constant, with `upToConstant`) the chain of law
 * applications is recovered. A proof is sound by construction: every merge is a law whose side conditions held, or
 * arithmetic; no proof within the bounds says nothing either way.
 */
import {
  encoderUsesOf,
  hasExplicitMarginal,
  neg,
  printExprIn,
  statesOf,
  type Encoder,
  type Expr,
  type Objective,
} from '../../expr/index.ts';
import { hasBitProbabilities, isOneHot } from '../../families/index.ts';
import * as t from 'io-ts';
import {
  Bool,
  checkArgs,
  Int,
  Laws,
  NonNegativeNum,
  Obj,
  ObjectiveArg,
  optional,
  options,
  PositiveInt,
} from '../../api/arguments.ts';
import { LAWS, type Law } from '../../rewrite/index.ts';
import { coefExpr, isZeroCoef, numberCoef, type Coef } from './coef.ts';
import { EGraph } from './egraph.ts';
import { findChain, type Rewrite } from './chain.ts';
import { saturate, type Bounds } from './saturate.ts';

export type { Rewrite } from './chain.ts';

export interface ProveOptions extends Bounds {
  /** Equal up to an additive constant (numbers and hyper-parameters), as minimisers are. */
  readonly upToConstant?: boolean;
  /** Milliseconds for recovering the chain once proved (default 2000; the search is bounded in states too). */
  readonly maxChainMs?: number;
  /** The laws to rewrite with (default: every law). */
  readonly laws?: readonly Law[];
}

export interface Proof {
  /** The chain from `a`'s body to `b`'s (b's negated when the senses differ). */
  readonly from: Expr;
  readonly to: Expr;
  readonly steps: readonly Rewrite[];
  /** The constant a − b when proved up to a constant (an expression in numbers and hyper-parameters); absent when 0. */
  readonly constant?: Expr;
  /** The senses differ: max A ≡ min B because A = −B. */
  readonly negated: boolean;
  /** Every law the e-graph used (also those the chain needs), by name. */
  readonly laws: readonly string[];
  /** False when the e-graph proved it but no chain was recovered within the bounds; `laws` then lists the laws used. */
  readonly chained: boolean;
  readonly nodes: number;
  readonly ms: number;
}

/** The additive constant of a class: the coefficient of 1 in one of its sums whose other terms are gone. */
function constantOf(g: EGraph, c: number): Coef | undefined {
  const zero = g.find(g.addLinear(new Map()));
  if (g.find(c) === zero) return new Map();
  for (const n of g.nodesOf(c)) {
    if (n.op === 'sum' && n.terms.every(([d]) => g.find(d) === g.find(g.one)))
      return n.terms.length === 0 ? new Map() : n.terms[0][1];
    if (n.op === 'leaf' && g.find(c) === g.find(g.one)) return new Map([['', 1]]);
  }
  return undefined;
}

/**
 * The information terms of the encoders the objectives use, added to the e-graph so that laws fire on them: a side
 * written only as a right-hand side (Neural Bayes Eq. 6 spelled out) then meets its left-hand side I(X;Z), and through
 * it every other form. Adding terms never merges classes, so it cannot make a proof unsound.
 */
function seeds(encoders: readonly Encoder[]): Expr[] {
  const discrete = encoders.filter((e) => isOneHot(e.family));
  const own = encoders.flatMap((enc): Expr[] => [
    { kind: 'entropy', enc },
    { kind: 'condEntropy', enc },
    { kind: 'mutualInfo', enc },
    ...(isOneHot(enc.family) ? [{ kind: 'regulariser', name: 'uniformPrior', enc } as const] : []),
    ...(hasBitProbabilities(enc.family) && hasExplicitMarginal(enc) && statesOf(enc) === 2
      ? [
          {
            kind: 'jsd',
            weights: [0.5, 0.5],
            dists: [
              { kind: 'posterior', enc, k: 1, complement: false },
              { kind: 'posterior', enc, k: 0, complement: false },
            ],
          } as const,
        ]
      : []),
  ]);
  const pairs = discrete.flatMap((a) =>
    discrete
      .filter((b) => b !== a && b.target !== a.target)
      .flatMap((b): Expr[] => [
        { kind: 'pairedInfo', a, b },
        { kind: 'pairedEntropy', a, b, conditional: false },
        { kind: 'pairedEntropy', a, b, conditional: true },
      ]),
  );
  return [...own, ...pairs];
}

/** A proof that `a` and `b` optimise the same function, or undefined when none is found within the bounds. */
export function prove(a: Objective, b: Objective, opts: ProveOptions = {}): Proof | undefined {
  checkArgs('prove', { a: [ObjectiveArg, a], b: [ObjectiveArg, b], options: [optional(ProveOptionsArg), opts] });
  const started = Date.now();
  const negated = a.sense !== b.sense;
  const from = a.body;
  const to = negated ? neg(b.body) : b.body;
  const g = new EGraph();
  const [ca, cb] = [g.add(from), g.add(to)];
  const difference = g.addLinear([
    [ca, numberCoef(1)],
    [cb, numberCoef(-1)],
  ]);
  const encoders = new Map([...encoderUsesOf(from), ...encoderUsesOf(to)]);
  for (const e of seeds([...encoders.values()])) g.add(e);
  const offset = () => constantOf(g, difference);
  const goal = () => {
    const k = offset();
    return k !== undefined && (opts.upToConstant === true || isZeroCoef(k));
  };
  const run = saturate(g, opts.laws ?? LAWS, goal, opts);
  if (run.stop !== 'goal') return undefined;
  const constant = offset() ?? new Map();
  const instances = g.unions.flatMap((u) => (u.reason.kind === 'law' ? [u.reason] : []));
  const chain = findChain(from, to, instances, {
    upToConstant: !isZeroCoef(constant),
    maxMs: opts.maxChainMs ?? 2000,
  });
  const used = chain
    ? chain.steps.filter((s) => !s.law.startsWith('arithmetic')).map((s) => s.law)
    : instances.map((i) => i.law);
  return {
    from,
    to,
    steps: chain?.steps ?? [],
    ...(!isZeroCoef(constant) && { constant: coefExpr(constant) }),
    negated,
    laws: [...new Set(used)],
    chained: chain !== undefined,
    nodes: g.size,
    ms: Date.now() - started,
  };
}

/** A path as the proof prints it: child indexes from 1, `1.2` the second child of the first; the root is `root`. */
export const printPath = (path: readonly number[]): string => {
  checkArgs('printPath', { path: [t.readonlyArray(Int, 'a list of child indexes'), path] });
  return path.length === 0 ? 'root' : path.map((i) => String(i + 1)).join('.');
};

export const ProveOptionsArg = options('prover options { upToConstant?, maxNodes?, maxMs?, maxChainMs?, laws? }', {
  upToConstant: Bool,
  maxNodes: PositiveInt,
  maxMs: NonNegativeNum,
  maxChainMs: NonNegativeNum,
  laws: Laws,
});

/** A proof the way the papers write a derivation: each step's subterm = its result, the law and where. */
export function printProof(a: Objective, b: Objective, p: Proof): string {
  checkArgs('printProof', { a: [ObjectiveArg, a], b: [ObjectiveArg, b], proof: [Obj('a Proof (from prove)'), p] });
  const sense = a.sense;
  const whole = (e: Expr) => `${sense} ${printExprIn(e, e)}`;
  const lines = [`proved: ${whole(p.from)}  ≡  ${b.sense} ${printExprIn(b.body, b.body)}`];
  if (p.negated) lines.push(`  (${b.sense} B is ${sense} −B)`);
  if (!p.chained)
    lines.push(`  by the laws ${p.laws.join(', ')} and arithmetic (no chain recovered within the bounds)`);
  p.steps.forEach((s, i) => {
    const law = `${s.law}${s.direction === '←' ? ' ←' : ''} at ${printPath(s.path)}`;
    lines.push(`  ${i + 1}. ${printExprIn(s.before, s.before)} = ${printExprIn(s.after, s.after)}   [${law}]`);
    lines.push(`       ${whole(s.result)}`);
  });
  if (p.steps.length === 0 && p.chained) lines.push('  the two sides are one expression');
  if (p.constant) lines.push(`  up to the additive constant a − b = ${printExprIn(p.constant, p.constant)}`);
  return lines.join('\n');
}
