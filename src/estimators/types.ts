/**
 * One interface for every estimator (as Pyro's ELBOs share one): an estimator is one module that says which terms it
 * offers to estimate and why (its offers, each under a selection rule of DESIGN's order), what the rest of the
 * compiler asks of it (does it train a critic, does it estimate the value, …), and how it lowers a planned node to
 * tfjs. The registry (registry.ts) lists the modules; every list of estimator names is derived from it.
 */
import type { Encoder, Expr } from '../expr/index.ts';
import type { TermContext } from '../term/context.ts';
import type { Lowered } from '../term/value.ts';
import type { GradientQuality, NetworkNeed, Site, TermPlan } from '../plan/types.ts';
import type { PytorchSupport } from '../targets/pytorch/lowering.ts';
import { checkArgs, ExprNode, Str } from '../api/arguments.ts';

/** A selection rule as `explain` shows it, and its place in DESIGN's order (the lowest rank with a candidate wins). */
export interface Rule {
  readonly name: string;
  readonly rank: number;
  /** Its candidates are taken only when the user pins one of them. */
  readonly pinOnly?: boolean;
}

/** What an estimator offers for one term: why it applies, the quality of its gradient, the network it needs. */
export interface TermCandidate {
  readonly reason: string;
  readonly gradient: GradientQuality;
  /** The network the estimator needs; the planner gives it an id from the term's path. */
  readonly network?: Omit<NetworkNeed, 'id'>;
  /** The estimate reads the observed values of the variables the term names (labels, data), not only a model of them. */
  readonly readsObserved?: true;
  /** An exchangeable twin (one network on another view) whose batch marginal is pooled into this encoder's. */
  readonly pooledWith?: Encoder;
}

/** An estimator's offer under one rule: its candidate for a site, if the rule applies to the site. */
export interface Offer {
  readonly rule: Rule;
  /**
   * Order among the estimators offering under the same rule (lowest first, ties in registry order): the first is the
   * rule's choice, the others are pinnable. Default 0.
   */
  readonly preference?: number;
  candidate(site: Site): TermCandidate | undefined;
}

/** What a score-matrix bound scores: a critic T(x, y) trained to maximise it, or log q(y|x) of a Gaussian conditional. */
export type ScoreMatrix = 'critic' | 'log-conditional';

/** A module whose batch formula is a bound over a score matrix: its name is a `ScoreBound`. */
export type ScoreBoundModule<N extends string> = EstimatorModule<N> & { readonly scoreMatrix: ScoreMatrix };

/** A module that is also a sample estimator of `infobj estimate`: its name is a `SampleEstimator`. */
export type SampleEstimatorModule<N extends string> = EstimatorModule<N> & {
  readonly sampleEstimate: 'critic' | 'decoder';
};

/** What an estimator's lowering allocates for one batch beyond the networks' own activations (in floats). */
export interface BatchFootprint {
  readonly floats: number;
  /** The largest single tensor it makes. */
  readonly largestTensor: number;
  /** What it is, for an error (`R_c's span noise: a 50000 × 50000 matrix`). */
  readonly what: string;
}

/** The sizes a footprint depends on: the batch, and the values per sample an encoder reads. */
export interface FootprintSizes {
  readonly batch: number;
  readonly inputWidth: (enc: Encoder) => number;
}

export interface EstimatorModule<N extends string = string> {
  readonly name: N;
  /** Where the estimator comes from (paper, equation). */
  readonly source: string;
  readonly offers: readonly Offer[];
  /**
   * Its lowering trains a network (a critic, a discriminator) to maximise the bound: the plan decides whether that
   * network plays with or against the objective (`adversarial`).
   */
  readonly maximisesBound?: boolean;
  /**
   * Node kinds this estimator lowers to a placeholder value that only carries the gradient (the value is not
   * estimated): the planner records it per term (`TermPlan.valueEstimated`), reports leave the value out and
   * `checkEquivalent` compares gradients only. Absent: every value it lowers is an estimate.
   */
  readonly gradientOnly?: readonly Expr['kind'][];
  /**
   * Its lowering of `node` reads an encoder's batch marginal E_x[L(x)] (`TermContext.batchMarginal`): under
   * `train.marginal: batch` the micro-batches read the whole batch's (src/train/wholeBatch.ts). Absent: never.
   */
  readsBatchMarginal?(node: Expr): boolean;
  /** It reads the SSGE settings of the objective (`objective.ssge`). */
  readonly readsSsge?: boolean;
  /** Its batch formula is a bound over a score matrix (scores.ts): a critic's T(x, y), or log q(y|x) of a Gaussian. */
  readonly scoreMatrix?: ScoreMatrix;
  /** It is also an estimator of I(X;Y) from samples (`infobj estimate`): with a trained critic or a fitted decoder. */
  readonly sampleEstimate?: 'critic' | 'decoder';
  /**
   * Its PyTorch lowering (`gen --target pytorch`, `train --engine pytorch`; src/targets/pytorch/lowering.ts has the
   * helpers the lowerings share), or what it would need. Absent: none, and `--engine pytorch` refuses a spec that plans it.
   */
  readonly pytorch?: PytorchSupport;
  /**
   * What its lowering of `node` allocates per batch (`check` adds it to the spec's memory estimate, src/spec/limits.ts).
   * Absent: nothing beyond the networks' activations.
   */
  footprint?(node: Expr, sizes: FootprintSizes): BatchFootprint | undefined;
  /** Why a pin of it does not apply to `node`, when there is more to say than the list of those that do. */
  whyNotPinnable?(node: Expr): string | undefined;
  /**
   * Lower one planned node. Information terms give batch-free scalars; marginals [S]; log-densities per sample. `term`
   * is the node's plan: its side in a min–max (`adversarial`) and the network it declared (`network`), if any.
   */
  lower(node: Expr, ctx: TermContext, term: TermPlan<string>): Lowered;
}

/** Thrown when an estimator is asked to lower a node it does not handle (a planner/estimator mismatch). */
export const unsupported = (name: string, node: Expr): never => {
  checkArgs('unsupported', { name: [Str, name], node: [ExprNode, node] });
  throw new Error(`estimator ${name} cannot lower a ${node.kind} node`);
};
