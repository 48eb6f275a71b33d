/** A law: a named identity between expressions, applied where its left-hand side matches. */
import type { Expr, Objective } from '../expr/index.ts';
import type { EstimatorName } from '../plan/types.ts';

/** A node of kind K. */
export type NodeOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

const isKind = <K extends Expr['kind']>(e: Expr, kind: K): e is NodeOf<K> => e.kind === kind;

/**
 * A law's `apply` from its left-hand side's kind and its rewrite of such a node: a law rewrites one kind, so a node of
 * any other kind (a new one included) is left as it is by construction.
 */
export const rewrites =
  <K extends Expr['kind']>(kind: K, rewrite: (e: NodeOf<K>) => Expr | undefined) =>
  (e: Expr): Expr | undefined =>
    isKind(e, kind) ? rewrite(e) : undefined;

export interface Law {
  /** Stable name used by `rewrite(o, name)` and in docs. */
  readonly name: string;
  /** The identity in the papers' notation, and its source. */
  readonly statement: string;
  /** The right-hand side if the node matches the left-hand side. */
  apply(e: Expr): Expr | undefined;
  /** An objective where the law applies (used by the generic law test: both sides must be equivalent). */
  readonly example: () => Objective;
  /**
   * Estimators to pin in the example's left-hand side, when the two sides are equal in expectation over the same
   * samples only if both are estimated alike (a closed-form KL against its Monte-Carlo log-ratio).
   */
  readonly examplePins?: () => readonly { readonly expr: Expr; readonly estimator: EstimatorName }[];
}
