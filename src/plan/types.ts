/** What the planner produces: for every term, the estimator, the rule that chose it, and the quality of its gradient. */
import type { Encoder, Expr, Objective } from '../expr/index.ts';

/** Every estimator the compiler knows (DESIGN: estimator selection). */
export type EstimatorName =
  | 'identically-zero' // a divergence of a distribution to itself: the constant 0
  | 'plugin-theorem2' // Neural Bayes Theorem 2: minibatch plug-in of E_x[L], stop-gradient inside the log
  | 'plugin-minibatch' // minibatch plug-in of E_x[L] inside a non-linearity (biased gradient)
  | 'minibatch-mean' // a plain expectation averaged over the minibatch (unbiased)
  | 'bayes-ratio' // divergences between Bayes posteriors p(x|z=k) via f_k = L_k/E_x[L_k] (Neural Bayes Prop. 1)
  | 'analytic-gaussian' // closed form for Gaussian encoders (KL to N(0,I) or between two of them, entropy)
  | 'analytic-categorical' // closed form for categorical encoders (KL to the uniform prior)
  | 'reparam-mc' // Monte-Carlo through reparameterised samples
  | 'enumerate-states' // log p(x|z=k) at every state of a discrete latent z (exact expectation over z)
  | 'finite-difference-jacobian' // R_c smoothness, Neural Bayes Eq. 4
  | 'finite-difference-jacobian-logits' // R_c on the network's output before its sigmoid/softmax (a pin)
  | 'mige' // MIGE score path with SSGE
  | 'mine'
  | 'mine-f'
  | 'nwj'
  | 'infonce'
  | 'jsd-critic'
  | 'smile' // clipped Donsker–Varadhan with a critic (Song & Ermon 2020)
  | 'tuba' // unnormalised Barber–Agakov with a learned baseline (Poole et al. 2019)
  | 'flo' // Fenchel–Legendre bound (Guo et al. 2022)
  | 'club' // upper bound with a Gaussian encoder's own conditional (Cheng et al. 2020)
  | 'l1out' // leave-one-out upper bound with a Gaussian encoder's own conditional (Poole et al. 2019)
  | 'ba' // Barber & Agakov 2003: I(Z;Y) of labels with a classifier; with a Gaussian decoder in infobj estimate
  | 'label-counts' // the marginal of observed labels counted in the minibatch (H(Y), CE(q(y|z), p(y)))
  | 'decoder-likelihood' // H(Y|Z) ≤ E[−log q(y|z)] of observed Y with a classifier or decoder q
  | 'doe' // difference of entropies (McAllester & Stratos 2020): sample estimation only (infobj estimate)
  | 'paired-plugin' // I(Z;W) of two discrete encoders on paired samples: plug-in of the batch joint (IIC Eq. 3)
  // the GAN discriminator: variational JSD between two sampled distributions (lecture notes §2.2)
  | 'jsd-discriminator';

/** How good the gradient of the lowered term is. */
export type GradientQuality = 'exact' | 'unbiased' | 'biased' | 'surrogate';

/** Position of a node in the objective's body: the child indices from the root (`children` order); [] is the root. */
export type TermPath = readonly number[];

/** A term's identity, the key the stages share data by: its path joined by '.' ('' for the root), never its text. */
export type TermId = string & { readonly __brand: 'TermId' };

/** The id of the node at `path`. */
export const termId = (path: TermPath): TermId => path.join('.') as TermId;

export interface TermPlan {
  /** Position in the tree. */
  readonly path: TermPath;
  /** The key of the term (its path) in every stage's records. */
  readonly id: TermId;
  /** The term as printed in its objective (for display: explain, reports, messages; never a key). */
  readonly term: string;
  readonly estimator: EstimatorName;
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

/** An estimator the user pins for every term of the objective that is structurally equal to `expr` (`sameExpr`). */
export interface Pin {
  readonly expr: Expr;
  readonly estimator: EstimatorName;
}

/** Options of `plan`: estimators pinned by the user (e.g. [{ expr: H(Z, L), estimator: 'mige' }]), SSGE settings. */
export interface PlanOptions {
  readonly pins?: readonly Pin[];
  /** Given to every term planned to MIGE. */
  readonly ssge?: SsgeSettings;
}

/** A node with its ancestors (nearest first), as the rules see it. */
export interface Site {
  readonly node: Expr;
  readonly ancestors: readonly Expr[];
  readonly path: TermPath;
}
