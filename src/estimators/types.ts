/**
 * One interface for every estimator (as Pyro's ELBOs share one): the planner picks an estimator by name from the
 * node's properties, and the estimator lowers that node to tfjs. Swapping estimators never touches the model.
 */
import type { Expr } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';
import type { Lowered } from '../term/value.ts';
import type { EstimatorName, TermPlan } from '../plan/types.ts';

export interface Estimator {
  readonly name: EstimatorName;
  /** Where the estimator comes from (paper, equation). */
  readonly source: string;
  /**
   * Lower one planned node. Information terms give batch-free scalars; marginals [S]; log-densities per sample. `term`
   * is the node's plan: its side in a min–max (`adversarial`) and the network it declared (`network`), if any.
   */
  lower(node: Expr, ctx: TermContext, term: TermPlan): Lowered;
  /**
   * Node kinds this estimator lowers to a placeholder value that only carries the gradient (the value is not
   * estimated): the planner records it per term (`TermPlan.valueEstimated`), reports leave the value out and
   * `checkEquivalent` compares gradients only. Absent: every value it lowers is an estimate.
   */
  readonly gradientOnly?: readonly Expr['kind'][];
}

/** Thrown when an estimator is asked to lower a node it does not handle (a planner/estimator mismatch). */
export const unsupported = (name: string, node: Expr): never => {
  throw new Error(`estimator ${name} cannot lower a ${node.kind} node`);
};
