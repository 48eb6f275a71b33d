/** What the planner produces: for every term, the estimator, the rule that chose it, and the quality of its gradient. */
import type { Expr, Objective } from '../expr/index.ts';

/** Every estimator the compiler knows (DESIGN: estimator selection). */
export type EstimatorName =
  | 'plugin-theorem2' // Neural Bayes Theorem 2: minibatch plug-in of E_x[L], stop-gradient inside the log
  | 'plugin-minibatch' // minibatch plug-in of E_x[L] inside a non-linearity (biased gradient)
  | 'minibatch-mean' // a plain expectation averaged over the minibatch (unbiased)
  | 'bayes-ratio' // divergences between Bayes posteriors p(x|z=k) via f_k = L_k/E_x[L_k] (Neural Bayes Prop. 1)
  | 'analytic-gaussian' // closed form for Gaussian encoders (KL to N(0,I) or between two of them, entropy)
  | 'analytic-categorical' // closed form for categorical encoders (KL to the uniform prior)
  | 'reparam-mc' // Monte-Carlo through reparameterised samples
  | 'enumerate-states' // log p(x|z=k) at every state of a discrete latent z (exact expectation over z)
  | 'finite-difference-jacobian' // R_c smoothness, Neural Bayes Eq. 4
  | 'mige' // MIGE score path with SSGE
  | 'mine'
  | 'mine-f'
  | 'nwj'
  | 'infonce'
  | 'jsd-critic'
  | 'jsd-discriminator'; // the GAN discriminator: variational JSD between two sampled distributions (lecture notes §2.2)

/** How good the gradient of the lowered term is. */
export type GradientQuality = 'exact' | 'unbiased' | 'biased' | 'surrogate';

export interface TermPlan {
  /** Position in the tree: child indices joined by '.', '' for the root. */
  readonly path: string;
  /** The term as printed. */
  readonly term: string;
  readonly estimator: EstimatorName;
  /** The rule that chose the estimator (or 'pinned by the user'). */
  readonly rule: string;
  /** Why the rule applies to this term. */
  readonly reason: string;
  readonly gradient: GradientQuality;
  /**
   * Critic bounds only: the objective is optimised against the bound (a GAN minimises the JSD its discriminator
   * maximises), so the critic's gradient is reversed relative to the rest (lecture notes §2.1, min_G max_D).
   */
  readonly adversarial?: boolean;
}

export interface Plan {
  readonly objective: Objective;
  readonly terms: readonly TermPlan[];
}

/** A term that no rule can estimate, or a pin that does not apply. */
export class PlanError extends Error {
  constructor(
    readonly term: string,
    readonly reason: string,
    readonly remedy: string,
  ) {
    super(`cannot estimate ${term}: ${reason}. ${remedy}`);
  }
}

/** Options of `plan`: estimators pinned by the user, keyed by the printed term (e.g. { 'H(Z)': 'mige' }). */
export interface PlanOptions {
  readonly pins?: Readonly<Record<string, EstimatorName>>;
}

/** A node with its ancestors (nearest first), as the rules see it. */
export interface Site {
  readonly node: Expr;
  readonly ancestors: readonly Expr[];
  readonly path: string;
}
