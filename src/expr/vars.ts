/**
 * Random variables and the encoders that define conditionals p(z|x).
 * A variable is a typed name; an encoder ties a target variable to the variable it is conditioned on.
 */
import type { EncoderKind } from '../families/index.ts';

/** A random variable, typed by its name (X data, Z representation, Y second view or label, C code). */
export interface Var<N extends string = string> {
  readonly kind: 'var';
  readonly name: N;
  /**
   * Present when the variable is observed categorical data: the data's class labels, one-hot over `states` classes.
   * An encoder of it is then a model q(y|·) of observed values (a classifier), not a latent it produces.
   */
  readonly labels?: { readonly states: number };
}

/** How p(z|x) is given by a network (DESIGN: distribution nodes): the names of src/families' table. */
export type { EncoderKind };

/**
 * A conditional p(target | given) computed by the network `model`. `given` lists the variables it is conditioned on;
 * the network reads them concatenated per sample, in this order (one for an encoder of the data, two for G(z, c)).
 * categorical: softmax over `size` states (Neural Bayes Lemma 1, L(x) in the simplex);
 * bernoulli: sigmoid units — one unit is Neural Bayes' binary L(x) = p(z=1|x), several are independent bits (a pixel
 * decoder); gaussian: mean and log-variance of `size` dims (reparameterisable);
 * deterministic: z = f(x) in R^size (its marginal is implicit).
 */
export interface Encoder<Z extends string = string, X extends string = string, K extends EncoderKind = EncoderKind> {
  readonly kind: 'encoder';
  readonly target: Z;
  readonly given: readonly X[];
  readonly family: K;
  readonly model: string;
  readonly size: number;
  /**
   * A hidden layer of the network `model` rather than its output: h = C(x), the activations after hidden layer `layer`
   * (1-based) of z = f(C(x)), a deterministic variable of `size` values (MIGE Circumstance II).
   */
  readonly layer?: number;
  /**
   * The target is observed (the data's labels, or the data itself): the network is a model q(target|given) of observed
   * values — a classifier or a decoder — not a latent variable it produces. Terms over the target then read the
   * observed values (the label marginal counted from data, the classifier's likelihood at the labels).
   */
  readonly observedTarget?: true;
  /**
   * One of several heads on the network `model`'s shared trunk rather than its main output: the head's own output layer
   * on the trunk's last hidden layer (IIC over-clustering: a K-way and an over-clustering head on one trunk).
   */
  readonly head?: string;
}

/** Make a random variable. */
export const variable = <N extends string>(name: N): Var<N> => ({ kind: 'var', name });

/** The data's class labels as a variable: observed, one-hot over `classes` classes (the Y of an information bottleneck). */
export const labels = <N extends string>(name: N, classes: number): Var<N> => {
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(`labels ${name}: classes must be an integer of at least 2, got ${String(classes)}`);
  return { kind: 'var', name, labels: { states: classes } };
};

/** Declare the encoder p(z|x) computed by network `model`; a list of givens is read as their concatenation. */
export function encoder<Z extends string, X extends string, K extends EncoderKind>(
  target: Var<Z>,
  given: Var<X> | readonly [Var<X>, ...Var<X>[]],
  spec: { family: K; model: string; size: number; layer?: number; head?: string; observedTarget?: boolean },
): Encoder<Z, X, K> {
  const givens = 'kind' in given ? [given.name] : given.map((v) => v.name);
  const fail = (why: string) => {
    throw new Error(`encoder ${spec.model}: ${why}`);
  };
  if (givens.some((v) => (v as string) === target.name)) fail(`target and given must differ, both are ${target.name}`);
  if (givens.length === 0) fail('it needs a variable to be conditioned on');
  if (new Set(givens).size !== givens.length) fail(`a variable is given twice (${givens.join(', ')})`);
  if (!Number.isInteger(spec.size) || spec.size < 1)
    throw new Error(`encoder ${spec.model}: size must be a positive integer, got ${spec.size}`);
  if (spec.family === 'categorical' && spec.size < 2)
    throw new Error(`encoder ${spec.model}: a categorical encoder needs at least 2 states`);
  if (spec.layer !== undefined && (!Number.isInteger(spec.layer) || spec.layer < 1 || spec.family !== 'deterministic'))
    fail(
      `a hidden layer is a deterministic variable h = C(x) of layer 1, 2, …; got layer ${spec.layer} (${spec.family})`,
    );
  if (target.labels && (spec.family !== 'categorical' || spec.size !== target.labels.states))
    fail(
      `${target.name} is the data's labels over ${target.labels.states} classes: a classifier of it is categorical of size ${target.labels.states}, got ${spec.family} of size ${spec.size}`,
    );
  if (spec.head !== undefined && (typeof spec.head !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.head)))
    fail(`head must be a name of letters, digits and _, got ${JSON.stringify(spec.head)}`);
  if (spec.head !== undefined && spec.layer !== undefined)
    fail(`a variable is either hidden layer ${spec.layer} of the trunk or the output of head ${spec.head}, not both`);
  return {
    kind: 'encoder',
    target: target.name,
    given: givens,
    family: spec.family,
    model: spec.model,
    size: spec.size,
    ...(spec.layer !== undefined && { layer: spec.layer }),
    ...((spec.observedTarget || target.labels) && { observedTarget: true as const }),
    ...(spec.head !== undefined && { head: spec.head }),
  };
}

/** The same variables in the same order (two encoders conditioned alike). */
export const sameVariables = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Whether the joint of two encoders read on paired samples is symmetrised: one network and one state space, so their
 * outputs on two views are exchangeable (IIC Eq. 3's (P + Pᵀ)/2).
 */
export const symmetrises = (a: Encoder, b: Encoder): boolean =>
  sameNetwork(a, b) && a.layer === b.layer && a.size === b.size && a.family === b.family;

/** The same function of the input: one network and one of its outputs (its main output or the same head). */
export const sameNetwork = (a: Encoder, b: Encoder): boolean => a.model === b.model && a.head === b.head;

/**
 * The name the text syntax and the printer give the function computing `enc`: a head by its own name (`over(w|x)`,
 * `H[over](W)`), the main output by its network's. For display and for resolving written names only, never as a key.
 */
export const networkName = (enc: Encoder): string => enc.head ?? enc.model;

/** The givens as the text syntax writes them, `X` or `Z,C`: for display and E_x labels only, never as a key. */
export const givenLabel = (enc: Encoder): string => enc.given.join(',');

/** Explicit marginals and their states are the families' (src/families). */
export { hasExplicitMarginal, statesOf } from '../families/index.ts';
