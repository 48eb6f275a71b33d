/**
 * Proof recovery: a chain of law applications from one objective to the other. The e-graph records every law instance
 * it used (a leaf and its right-hand side); a search from both sides rewrites leaf occurrences with those instances
 * until the two sides meet up to the arithmetic (sums, scalars, constants), which an arithmetic-only e-graph decides.
 */
import { children, withChildren, type Expr } from '../../expr/index.ts';
import { EGraph, leafKey, type Linear } from './egraph.ts';
import { saturate } from './saturate.ts';
import { INFORMATION_TERMS } from '../../plan/sites.ts';

export interface Instance {
  readonly law: string;
  readonly lhs: Expr;
  readonly rhs: Expr;
}

/** One rewrite of a subterm: `before` at `path` (child indexes from the root, 0-based) became `after`. */
export interface Rewrite {
  readonly law: string;
  /** → the law read left to right (its left-hand side was rewritten); ← right to left. */
  readonly direction: '→' | '←';
  readonly path: readonly number[];
  readonly before: Expr;
  readonly after: Expr;
  /** The whole expression after the step. */
  readonly result: Expr;
}

interface State {
  readonly e: Expr;
  readonly steps: readonly Rewrite[];
}

/** The information terms, leaves of a law's left-hand side (src/plan/sites.ts). */
const LEAF_KINDS: ReadonlySet<Expr['kind']> = new Set(INFORMATION_TERMS);

/**
 * Every rewrite of one subterm of `e` by an instance: a leaf occurrence by its right-hand side (→), or a subterm
 * written as an instance's right-hand side by its leaf (←).
 */
function successors(
  s: State,
  instances: ReadonlyMap<string, readonly Instance[]>,
  byRhs: ReadonlyMap<string, readonly Instance[]>,
): State[] {
  const out: State[] = [];
  const visit = (e: Expr, path: readonly number[], rebuild: (r: Expr) => Expr): void => {
    for (const inst of byRhs.get(leafKey(e)) ?? []) {
      const result = rebuild(inst.lhs);
      out.push({
        e: result,
        steps: [...s.steps, { law: inst.law, direction: '←', path, before: e, after: inst.lhs, result }],
      });
    }
    if (LEAF_KINDS.has(e.kind)) {
      for (const inst of instances.get(leafKey(e)) ?? []) {
        const result = rebuild(inst.rhs);
        out.push({
          e: result,
          steps: [...s.steps, { law: inst.law, direction: '→', path, before: e, after: inst.rhs, result }],
        });
      }
      return;
    }
    const cs = children(e);
    cs.forEach((c, i) =>
      visit(c, [...path, i], (r) =>
        rebuild(
          withChildren(
            e,
            cs.map((x, j) => (j === i ? r : x)),
          ),
        ),
      ),
    );
  };
  visit(s.e, [], (r) => r);
  return out;
}

/**
 * A chain from `a` to `b` with the instances, or undefined when none is found within `maxStates` and `maxMs`.
 * `upToConstant`: the sides may meet up to an additive constant.
 */
export function findChain(
  a: Expr,
  b: Expr,
  instances: readonly Instance[],
  opts: { upToConstant: boolean; maxStates?: number; maxMs?: number },
): { steps: Rewrite[]; meet: [Expr, Expr] } | undefined {
  const byLeaf = new Map<string, Instance[]>();
  const byRhs = new Map<string, Instance[]>();
  for (const i of instances) byLeaf.set(leafKey(i.lhs), [...(byLeaf.get(leafKey(i.lhs)) ?? []), i]);
  for (const i of instances) byRhs.set(leafKey(i.rhs), [...(byRhs.get(leafKey(i.rhs)) ?? []), i]);
  const maxStates = opts.maxStates ?? 400;
  const deadline = Date.now() + (opts.maxMs ?? 300);
  const arith = new EGraph();
  /** A state's class in the arithmetic e-graph; without its constant term when constants do not count. */
  const classOf = (e: Expr): number => {
    const l = arith.linear(e);
    const kept: Linear = opts.upToConstant
      ? new Map([...l].filter(([c]) => arith.find(c) !== arith.find(arith.one)))
      : l;
    return arith.addLinear(kept);
  };
  const sides: [{ s: State; c: number }[], { s: State; c: number }[]] = [
    [{ s: { e: a, steps: [] }, c: classOf(a) }],
    [{ s: { e: b, steps: [] }, c: classOf(b) }],
  ];
  const seen = [new Set([leafKey(a)]), new Set([leafKey(b)])];
  const frontiers: State[][] = [[sides[0][0].s], [sides[1][0].s]];
  const meeting = (): { steps: Rewrite[]; meet: [Expr, Expr] } | undefined => {
    const byClass = new Map<number, State>();
    for (const x of sides[1]) byClass.set(arith.find(x.c), x.s);
    for (const x of sides[0]) {
      const other = byClass.get(arith.find(x.c));
      if (!other) continue;
      const bridge: Rewrite[] =
        leafKey(x.s.e) === leafKey(other.e)
          ? []
          : [
              {
                law: opts.upToConstant ? 'arithmetic, up to a constant' : 'arithmetic',
                direction: '→',
                path: [],
                before: x.s.e,
                after: other.e,
                result: other.e,
              },
            ];
      return { steps: [...x.s.steps, ...bridge, ...reversed(other, b)], meet: [x.s.e, other.e] };
    }
    return undefined;
  };
  for (;;) {
    const goal = () => meeting() !== undefined;
    saturate(arith, [], goal, { maxNodes: 3000, maxMs: Math.max(0, deadline - Date.now()) });
    const found = meeting();
    if (found) return found;
    if (Date.now() > deadline || sides[0].length + sides[1].length > maxStates) return undefined;
    let grew = false;
    for (const side of [0, 1] as const) {
      const next: State[] = [];
      for (const s of frontiers[side])
        for (const t of successors(s, byLeaf, byRhs)) {
          const k = leafKey(t.e);
          if (seen[side].has(k)) continue;
          seen[side].add(k);
          next.push(t);
          sides[side].push({ s: t, c: classOf(t.e) });
        }
      frontiers[side] = next;
      grew ||= next.length > 0;
    }
    if (!grew) {
      saturate(arith, [], goal, { maxNodes: 6000, maxMs: Math.max(0, deadline - Date.now()) });
      return meeting();
    }
  }
}

/** The steps from `s.e` back to the start `b` of its side: each of its forward steps read right to left. */
function reversed(s: State, b: Expr): Rewrite[] {
  return s.steps
    .map((step, i) => ({
      ...step,
      direction: step.direction === '→' ? ('←' as const) : ('→' as const),
      before: step.after,
      after: step.before,
      result: i === 0 ? b : s.steps[i - 1].result,
    }))
    .reverse();
}
