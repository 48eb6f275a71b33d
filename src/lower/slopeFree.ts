/**
 * The planned terms the slopes of a whole batch's marginals can leave out (src/train/wholeBatch.ts, its second pass):
 * those whose estimator reads no batch marginal and that enter the objective linearly — under sums, negations, means,
 * sums over states, stop-gradients, and products or quotients by factors holding no planned term. Their derivative with
 * respect to the marginals is 0, so that pass lowers them as 0 (R_c's second forward pass is not run for it).
 */
import { match } from 'ts-pattern';
import { children, type Expr } from '../expr/index.ts';
import { moduleOf, type Estimators } from '../estimators/registry.ts';
import { termId, type Plan, type TermId, type TermPath } from '../plan/types.ts';

export function slopeFreeTerms<N extends string>(p: Plan<N>, estimators: Estimators<string>): ReadonlySet<TermId> {
  const planned = new Map(p.terms.map((t) => [t.id, t]));
  const holdsTerm = (e: Expr, path: TermPath): boolean =>
    planned.has(termId(path)) || children(e).some((c, i) => holdsTerm(c, [...path, i]));
  const free = new Set<TermId>();
  const visit = (e: Expr, path: TermPath, linear: boolean): void => {
    const term = planned.get(termId(path));
    if (term) {
      if (linear && !moduleOf(estimators, term.estimator).readsBatchMarginal?.(e)) free.add(term.id);
      return;
    }
    const kids = children(e);
    const otherHoldsTerm = (i: number) => kids.some((c, j) => j !== i && holdsTerm(c, [...path, j]));
    const linearIn = (i: number): boolean =>
      match(e.kind)
        .with('add', 'neg', 'expect', 'sumStates', 'stopGradient', () => linear)
        .with('mul', 'div', () => linear && !otherHoldsTerm(i))
        .otherwise(() => false);
    kids.forEach((c, i) => visit(c, [...path, i], linearIn(i)));
  };
  visit(p.objective.body, [], true);
  return free;
}
