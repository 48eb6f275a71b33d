/**
 * Equality saturation: the named laws and the arithmetic rewrite the e-graph until nothing new is learnt, the goal
 * holds, or a bound (nodes, time) is reached. A law's left-hand side is an information term (a leaf), so matching it is
 * trying the law on every leaf; its side conditions are checked by the law itself before it gives a right-hand side.
 * A merge is symmetric: a law added at a leaf also proves the right-hand side equal to the leaf (the law read ←).
 */
import type { Law } from '../../rewrite/index.ts';
import { addCoef, isZeroCoef, mulCoef, numericValue, scaleCoef, type Coef } from './coef.ts';
import type { EGraph, ENode, FnKind } from './egraph.ts';

export interface Bounds {
  /** Stop adding once the e-graph holds this many nodes (default 4000). */
  readonly maxNodes?: number;
  /** Stop after this many milliseconds (default 1000: the corpus's pairs end by their goal or by saturating well before it, so the bound only decides on a loaded machine). */
  readonly maxMs?: number;
}

export interface Saturation {
  /** Why saturation stopped. */
  readonly stop: 'goal' | 'saturated' | 'nodes' | 'time';
  readonly iterations: number;
}

/** Operators linear in their argument: E_v[Σ c_i·C_i] = Σ c_i·E_v[C_i], likewise Σ_k and sg. */
const LINEAR_FNS: ReadonlySet<FnKind> = new Set(['expect', 'sumStates', 'stopGradient']);

/**
 * Merge class `c` with the linear form `l` (c = l). When `l` holds c itself, c = k·c + r is solved for c: c = r/(1 − k)
 * for a number k ≠ 1, r = 0 for k = 1; with a k in hyper-parameters nothing is merged. Without this, substitution
 * around such a cycle makes new sums without end (c = k·c + r = k²·c + (k + 1)·r = …).
 */
function solveFor(g: EGraph, c: number, l: ReadonlyMap<number, Coef>): void {
  const self = g.find(c);
  const rest = new Map<number, Coef>();
  let k: Coef = new Map();
  for (const [d, x] of l) {
    if (g.find(d) === self) k = addCoef(k, x);
    else rest.set(g.find(d), addCoef(rest.get(g.find(d)) ?? new Map(), x));
  }
  if (isZeroCoef(k)) {
    g.union(c, g.addLinear(rest, true), { kind: 'arithmetic' });
    return;
  }
  const value = numericValue(k);
  if (value === undefined) return;
  if (value === 1) g.union(g.addLinear(rest, true), g.addLinear([]), { kind: 'arithmetic' });
  else
    g.union(
      c,
      g.addLinear(
        [...rest].map(([d, x]) => [d, scaleCoef(x, 1 / (1 - value))] as const),
        true,
      ),
      {
        kind: 'arithmetic',
      },
    );
}

/** Run `laws` and the arithmetic on `g` until `goal()` holds or a bound is reached. */
export function saturate(g: EGraph, laws: readonly Law[], goal: () => boolean, bounds: Bounds = {}): Saturation {
  const maxNodes = bounds.maxNodes ?? 4000;
  const deadline = Date.now() + (bounds.maxMs ?? 1000);
  const triedLeaves = new Set<string>();
  const triedRewrites = new Set<string>();
  g.rebuild();
  for (let iteration = 1; ; iteration++) {
    if (goal()) return { stop: 'goal', iterations: iteration - 1 };
    const before = { size: g.size, unions: g.unions.length };
    const classes = g.classes();
    // a sum that holds its own class (c = k·c + r with k in hyper-parameters, which solveFor cannot solve) is never
    // substituted nor substituted into: around the cycle it would make new sums without end
    const acyclic = (c: number) => (n: ENode) => n.op === 'sum' && n.terms.every(([d]) => g.find(d) !== g.find(c));
    /** The sums a class is substituted by: acyclic, and written by an expression (not derived by substitution). */
    const sumsOf = (c: number): readonly ENode[] =>
      (classes.get(g.find(c)) ?? []).filter((n) => acyclic(c)(n) && n.op === 'sum' && !n.derived);
    const over = () => g.size > maxNodes || Date.now() > deadline;
    for (const [cls, nodes] of classes) {
      for (const n of nodes) {
        if (over()) break;
        if (n.op === 'leaf') {
          if (triedLeaves.has(n.key)) continue;
          triedLeaves.add(n.key);
          for (const law of laws) {
            const rhs = law.apply(n.expr);
            if (rhs) g.union(cls, g.add(rhs), { kind: 'law', law: law.name, lhs: n.expr, rhs });
          }
        } else if (n.op === 'sum') {
          if (!acyclic(cls)(n)) continue;
          // substitute a summand's class by one of its sums: Σ c_i·C_i with C_j = Σ d_k·D_k
          n.terms.forEach(([c, k], j) => {
            for (const s of sumsOf(c)) {
              if (s.op !== 'sum' || s.terms.some(([d]) => g.find(d) === g.find(cls))) continue;
              const tag = `${cls}|${JSON.stringify(n.terms.map(([x]) => g.find(x)))}|${j}|${JSON.stringify(s.terms.map(([x]) => g.find(x)))}`;
              if (triedRewrites.has(tag)) continue;
              triedRewrites.add(tag);
              const out = new Map<number, Coef>(n.terms.filter((_, i) => i !== j));
              for (const [d, kd] of s.terms) out.set(d, addCoef(out.get(d) ?? new Map(), mulCoef(k, kd)));
              solveFor(g, cls, out);
            }
          });
        } else {
          for (const s of n.args.flatMap((a, i) => sumsOf(a).map((s) => [i, s] as const))) {
            const [i, sum] = s;
            if (sum.op !== 'sum') continue;
            const distributes = LINEAR_FNS.has(n.kind) || n.kind === 'mul' || (n.kind === 'div' && i === 0);
            if (!distributes) continue;
            const tag = `${cls}|${n.kind}|${n.args.map((a) => g.find(a)).join(',')}|${i}|${JSON.stringify(sum.terms.map(([x]) => g.find(x)))}`;
            if (triedRewrites.has(tag)) continue;
            triedRewrites.add(tag);
            const out = new Map<number, Coef>();
            for (const [d, kd] of sum.terms) {
              const args = n.args.map((a, at) => (at === i ? d : a));
              // the operator of the number 1: E_v[1] = sg(1) = 1, 1·B = B; Σ_k[1] and B/1 stay as they are
              const trivial =
                g.find(d) === g.find(g.one) && n.kind !== 'sumStates' && n.kind !== 'div'
                  ? LINEAR_FNS.has(n.kind)
                    ? g.one
                    : args[1 - i]
                  : undefined;
              const term = trivial ?? g.addNode({ op: 'fn', kind: n.kind, ...(n.v !== undefined && { v: n.v }), args });
              out.set(term, addCoef(out.get(term) ?? new Map(), kd));
            }
            g.union(cls, g.addLinear(out), { kind: 'arithmetic' });
          }
        }
      }
    }
    g.rebuild();
    if (goal()) return { stop: 'goal', iterations: iteration };
    if (g.size > maxNodes) return { stop: 'nodes', iterations: iteration };
    if (Date.now() > deadline) return { stop: 'time', iterations: iteration };
    if (g.size === before.size && g.unions.length === before.unions)
      return { stop: 'saturated', iterations: iteration };
  }
}
