/** What the planner produces: for every term, the estimator, the rule that chose it, and the quality of its gradient. */
import type { Encoder, Expr, Objective } from '../expr/index.ts';

import type { EstimatorName, Estimators } from '../estimators/registry.ts';

/** Every estimator the compiler ships: the names of the registry's modules (src/estimators/registry.ts). */
export type { EstimatorName } from '../estimators/registry.ts';

/** How good the gradient of the lowered term is. */
export type GradientQuality = 'exact' | 'unbiased' | 'biased' | 'surrogate';

/** Position of a node in the objective's body: the child indices from the root (`children` order); [] is the root. */
export type TermPath = readonly number[];

/** A term's identity, the key the stages share data by: its path joined by '.' ('' for the root), never its text. */
export type TermId = string & { readonly __brand: 'TermId' };

/** The id of the node at `path`. */
export const termId = (path: TermPath): TermId => path.join('.') as TermId;

/** A term's plan; `N` the estimator names of the registry it was planned with (the shipped ones by default). */
export interface TermPlan<N extends string = EstimatorName> {
  /** Position in the tree. */
  readonly path: TermPath;
  /** The key of the term (its path) in every stage's records. */
  readonly id: TermId;
  /** The term as printed in its objective (for display: explain, reports, messages; never a key). */
  readonly term: string;
  readonly estimator: N;
  /** The rule that chose the estimator (or 'pinned by the user'). */
  readonly rule: string;
  /** Why the rule applies to this term. */
  readonly reason: string;
  readonly gradient: GradientQuality;
  /** The network its estimator needs (a critic bound's critic, a GAN's discriminator), which the run builds. */
  readonly network?: NetworkNeed;
  /**
   * Critic bounds only: the objective is optimised against the bound (a GAN minimises the JSD its discriminator
   * maximises), so the critic's gradient is reversed relative to the rest (lecture notes §2.1, min_G max_D).
   */
  readonly adversarial?: boolean;
  /** SSGE settings of a term estimated through score estimates (MIGE), when the user set any (`objective.ssge`). */
  readonly ssge?: SsgeSettings;
  /**
   * Whether the lowered term's value is an estimate; false where the estimator gives only a gradient (MIGE's
   * surrogates: the forward is a placeholder 0), so reports leave the value out and equivalence compares gradients.
   */
  readonly valueEstimated: boolean;
  /** H(Z) of one network on two exchangeable views: the twin encoder whose batch marginal is pooled with Z's. */
  readonly pooledWith?: Encoder;
}

/** The SSGE settings a spec may set: the eigenfunctions kept, the fewest whose eigenvalues reach `eigenRatio` of the total. */
export interface SsgeSettings {
  readonly eigenRatio: number;
}

/** The id a term's network is built and looked up under: its role and the term's path, e.g. `critic@[0,1]`. */
export type NetworkId = string & { readonly __brand: 'NetworkId' };

/** One input of a declared network: a variable's values, of `size` values per sample when the plan knows it. */
export interface NetworkInput {
  readonly variable: string;
  readonly size?: number;
}

/** A network a term's estimator needs: a critic T(x, z) → [B, 1] of a bound, or a discriminator D(x) of a JSD. */
export interface NetworkNeed {
  readonly id: NetworkId;
  readonly role: 'critic' | 'discriminator';
  /** What it reads, each flattened per sample and concatenated in this order. */
  readonly inputs: readonly NetworkInput[];
  /** Values it returns per sample (default 1): TUBA's and FLO's critics return a second, their baseline. */
  readonly outputs?: number;
}

/** The id of the `role` network of the term at `path`. */
export const networkId = (role: NetworkNeed['role'], path: TermPath): NetworkId =>
  `${role}@[${path.join(',')}]` as NetworkId;

export interface Plan<N extends string = EstimatorName> {
  readonly objective: Objective;
  readonly terms: readonly TermPlan<N>[];
  /** The registry it was planned with, when not the shipped one (`PlanOptions.estimators`): the lowering reads it. */
  readonly estimators?: Estimators<N>;
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

/** An estimator the user pins for every term of the objective that is structurally equal to `expr` (`sameExpr`). */
export interface Pin<N extends string = EstimatorName> {
  readonly expr: Expr;
  readonly estimator: N;
}

/** Options of `plan`: estimators pinned by the user (e.g. [{ expr: H(Z, L), estimator: 'mige' }]), SSGE settings. */
export interface PlanOptions<N extends string = EstimatorName> {
  readonly pins?: readonly Pin<N>[];
  /** Given to every term planned to an estimator that reads them (MIGE). */
  readonly ssge?: SsgeSettings;
  /** The estimators to offer from (default the shipped ones; `withEstimators([...])` adds modules of one's own). */
  readonly estimators?: Estimators<N>;
}

/** A node with its ancestors (nearest first), as the rules see it. */
export interface Site {
  readonly node: Expr;
  readonly ancestors: readonly Expr[];
  readonly path: TermPath;
}
