/**
 * Distribution families of encoders, one module each behind the `Family` interface (family.ts). Adding a family is one
 * module and one line of `FAMILIES`: the encoder kinds of the DSL and of spec files are its keys (docs/families.md).
 */
import type * as tf from '../tf.ts';
import { bernoulli } from './bernoulli.ts';
import { categorical } from './categorical.ts';
import { deterministic } from './deterministic.ts';
import type { ExplicitStates, Family } from './family.ts';
import { gaussian } from './gaussian.ts';

export type { Activation, ExplicitStates, Family, Reparameterised } from './family.ts';
export { gaussianParams, gaussianSample, standardNormalLogDensity, type GaussianParams } from './gaussian.ts';

/** Every encoder kind's family: the one table a new family is added to. */
export const FAMILIES = { categorical, bernoulli, gaussian, deterministic } satisfies Record<string, Family>;

/** How p(z|x) is given by a network (DESIGN: distribution nodes): a name of `FAMILIES`. */
export type EncoderKind = keyof typeof FAMILIES;

/** The encoder kinds, in the table's order. */
export const ENCODER_KINDS = Object.keys(FAMILIES) as EncoderKind[];

export const familyOf = (kind: EncoderKind): Family => FAMILIES[kind];

/** What the family helpers read of an encoder (an `Encoder` of the DSL or an encoder of a spec). */
interface Sized {
  readonly family: EncoderKind;
  readonly size: number;
}

/** Discrete encoders whose marginal p(z=k) = E_x[L_k(x)] is explicit (Neural Bayes Lemma 1). */
export const hasExplicitMarginal = (e: Sized): boolean => familyOf(e.family).explicit(e.size) !== undefined;

/** The explicit states of an encoder; an error if its marginal is not explicit. */
export function explicitStates(e: Sized): ExplicitStates {
  const states = familyOf(e.family).explicit(e.size);
  if (!states) throw new Error(`a ${e.family} encoder of size ${e.size} has no explicit states (Neural Bayes Lemma 1)`);
  return states;
}

/** Number of states of a discrete encoder with an explicit marginal (a one-unit Bernoulli has two). */
export const statesOf = (e: Sized): number => explicitStates(e).states;

/** z is drawn by a reparameterised path through the network, and its marginal p(z) is known only by those samples. */
export const isReparameterisable = (kind: EncoderKind): boolean => familyOf(kind).sample !== undefined;

/** p(z|x) is a diagonal Gaussian N(μ(x), σ²(x)) (Family.gaussianConditional). */
export const isGaussianConditional = (kind: EncoderKind): boolean => familyOf(kind).gaussianConditional;

/** z is one of K one-hot states and L(x) their probabilities (Family.oneHot). */
export const isOneHot = (kind: EncoderKind): boolean => familyOf(kind).oneHot;

/** L(x) is the probability of each bit being 1 (Family.bitProbabilities). */
export const hasBitProbabilities = (kind: EncoderKind): boolean => familyOf(kind).bitProbabilities;

/** p(z|x) has a density (a deterministic z = f(x) is a point mass). */
export const hasDensity = (kind: EncoderKind): boolean => familyOf(kind).logDensity !== undefined;

/** What evaluation and R_c read of an encoder's raw output: its state probabilities if explicit, else its output. */
export function features(e: Sized, raw: tf.Tensor2D): tf.Tensor {
  const { output, probs } = familyOf(e.family).activate(raw, e.size);
  return probs ?? output;
}

/** Columns of `features` (a one-unit Bernoulli has two: [1 − L, L]). */
export const featureWidth = (e: Sized): number => familyOf(e.family).explicit(e.size)?.states ?? e.size;

type ClosedFormName =
  | 'logDensity'
  | 'entropy'
  | 'klToPrior'
  | 'crossEntropyToPrior'
  | 'klBetween'
  | 'crossEntropyBetween';

/** The family's closed form `name`, or an error naming the encoder when the family has none. */
export function closedForm<N extends ClosedFormName>(
  e: Sized & { readonly model: string },
  name: N,
): NonNullable<Family[N]> {
  const form = familyOf(e.family)[name];
  if (!form) throw new Error(`a ${e.family} encoder has no closed-form ${name} (${e.model})`);
  return form as NonNullable<Family[N]>;
}
