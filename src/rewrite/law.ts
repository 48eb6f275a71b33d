/** A law: a named identity between expressions, applied where its left-hand side matches. */
import type { Expr, Objective } from '../expr/index.ts';

export interface Law {
  /** Stable name used by `rewrite(o, name)` and in docs. */
  readonly name: string;
  /** The identity in the papers' notation, and its source. */
  readonly statement: string;
  /** The right-hand side if the node matches the left-hand side. */
  apply(e: Expr): Expr | undefined;
  /** An objective where the law applies (used by the generic law test: both sides must be equivalent). */
  readonly example: () => Objective;
}
