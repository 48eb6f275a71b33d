/**
 * One interface for every estimator (as Pyro's ELBOs share one): the planner picks an estimator by name from the
 * node's properties, and the estimator lowers that node to tfjs. Swapping estimators never touches the model.
 */
import type { Expr } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';
import type { Lowered } from '../term/value.ts';
import type { EstimatorName, TermPlan } from '../plan/types.ts';
import { checkArgs, ExprNode, Str } from '../api/arguments.ts';

export interface Estimator {
  readonly name: EstimatorName;
  /** Where the estimator comes from (paper, equation). */
  readonly source: string;
  /**
   * Lower one planned node. Information terms give batch-free scalars; marginals [S]; log-densities per sample. `term`
   * is the node's plan: its side in a min–max (`adversarial`) and the network it declared (`network`), if any.
   */
  lower(node: Expr, ctx: TermContext, term: TermPlan): Lowered;
}

/** Thrown when an estimator is asked to lower a node it does not handle (a planner/estimator mismatch). */
export const unsupported = (name: string, node: Expr): never => {
  checkArgs('unsupported', { name: [Str, name], node: [ExprNode, node] });
  throw new Error(`estimator ${name} cannot lower a ${node.kind} node`);
};
