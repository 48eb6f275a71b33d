/**
 * A distribution family of encoders p(z|x): how a network's raw output [B, width] parameterises it, and everything the
 * compiler computes from those parameters. Modelled in spirit on Pyro's distributions, which say how to differentiate
 * through themselves: a family with `sample` has a reparameterised draw (Pyro's `has_rsample`), a discrete one
 * enumerates its values (`has_enumerate_support`). A method that is absent has no closed form in the family.
 *
 * Closed forms take the raw output of a batch and return E_x[·], the mean over its rows (the x of the batch), the form
 * the estimators read them in. "The standard prior" is the uniform distribution over the values of a discrete family
 * and N(0, I) for a continuous one.
 */
import type * as tf from '../tf.ts';

/** The encoder's output L(x) as a point estimate, and its state probabilities when they are explicit. */
export interface Activation {
  /** categorical: probabilities [B, K]; Bernoulli: L(x) [B] (one unit) or bits [B, n]; Gaussian: μ; deterministic z. */
  readonly output: tf.Tensor;
  /** p(z=k|x) [B, S] when the states are explicit (Neural Bayes Lemma 1), e.g. a one-unit Bernoulli as [1 − L, L]. */
  readonly probs?: tf.Tensor2D;
}

/** The S explicit states of an encoder, and its marginal E_x[L(x)] in the two shapes the code reads it. */
export interface ExplicitStates {
  readonly states: number;
  /** A marginal shaped like L(x) without the batch axis ↦ its state probabilities [S]. */
  toStates(marginal: tf.Tensor): tf.Tensor1D;
  /** State probabilities [S] ↦ the shape of L(x) without the batch axis. */
  fromStates(p: tf.Tensor1D): tf.Tensor;
}

/** A reparameterised draw z = draw(raw, ε): differentiable in the network's output (Pyro's `rsample`). */
export interface Reparameterised {
  /** Whether the draw reads noise ε ~ N(0, I) of `size` columns (z = f(x) of a deterministic encoder reads none). */
  readonly noisy: boolean;
  draw(raw: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor2D;
}

export interface Family {
  /** z takes finitely many values per unit (Pyro's `has_enumerate_support`). */
  readonly discrete: boolean;
  /** z is one of `size` one-hot states and L(x) their probabilities, Σ_k L_k = 1 (categorical). */
  readonly oneHot: boolean;
  /** L(x) is the probability that each of `size` independent bits is 1 (Bernoulli). */
  readonly bitProbabilities: boolean;
  /**
   * p(z|x) = N(μ(x), diag σ²(x)) with μ and log σ² read from the raw output (`gaussianParams`): its density at any z is
   * explicit, so closed forms against N(0, I) and between members hold, and CLUB/L1Out score log p(z_i|x_j).
   */
  readonly gaussianConditional: boolean;
  /** Columns of the network's raw output for an encoder of `size`. */
  rawWidth(size: number): number;
  /** Interpret a raw output [B, rawWidth(size)]. */
  activate(raw: tf.Tensor2D, size: number): Activation;
  /** The states when the marginal p(z=k) = E_x[L_k(x)] is explicit (Neural Bayes Lemma 1), else undefined. */
  explicit(size: number): ExplicitStates | undefined;
  /** Present when z has a reparameterised sample path; its marginal p(z) is then known by samples only. */
  readonly sample?: Reparameterised;
  /** log p(value | raw), broadcasting the leading axes of both and summing the last (absent: a point mass). */
  logDensity?(value: tf.Tensor, raw: tf.Tensor): tf.Tensor;
  /** E_x H(p(z|x)). */
  entropy?(raw: tf.Tensor2D, size: number): tf.Scalar;
  /** E_x KL(p(z|x) ‖ the standard prior). */
  klToPrior?(raw: tf.Tensor2D, size: number): tf.Scalar;
  /** E_x CE(p(z|x), the standard prior) = E_x −E_{z~p(z|x)}[log prior(z)]. */
  crossEntropyToPrior?(raw: tf.Tensor2D, size: number): tf.Scalar;
  /** E_x KL(p(z|·) ‖ q(z|·)) between two members read at the same rows. */
  klBetween?(rawP: tf.Tensor2D, rawQ: tf.Tensor2D, size: number): tf.Scalar;
  /** E_x CE(p(z|·), q(z|·)) between two members read at the same rows. */
  crossEntropyBetween?(rawP: tf.Tensor2D, rawQ: tf.Tensor2D, size: number): tf.Scalar;
}
