/**
 * Random variables and the encoders that define conditionals p(z|x).
 * A variable is a typed name; an encoder ties a target variable to the variable it is conditioned on.
 */
import * as t from 'io-ts';
import { checkArgs, EncoderArg, Family, Name, Num, PositiveInt, Str, VarArg, VariableName } from '../api/arguments.ts';
import * as families from '../families/index.ts';
import type { EncoderKind } from '../families/index.ts';

/** A random variable, typed by its name (X data, Z representation, Y second view or label, C code). */
export interface Var<N extends string = string> {
  readonly kind: 'var';
  readonly name: N;
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
}

/** Make a random variable. */
export const variable = <N extends string>(name: N): Var<N> => {
  checkArgs('variable', { name: [VariableName, name] });
  return { kind: 'var', name };
};

/** Declare the encoder p(z|x) computed by network `model`; a list of givens is read as their concatenation. */
export function encoder<Z extends string, X extends string, K extends EncoderKind>(
  target: Var<Z>,
  given: Var<X> | readonly [Var<X>, ...Var<X>[]],
  spec: { family: K; model: string; size: number; layer?: number },
): Encoder<Z, X, K> {
  checkArgs('encoder', { target: [VarArg, target], given: [Givens, given], spec: [EncoderSpec, spec] });
  const givens = 'kind' in given ? [given.name] : given.map((v) => v.name);
  const fail = (why: string) => {
    throw new Error(`encoder ${spec.model}: ${why}`);
  };
  if (givens.some((v) => (v as string) === target.name)) fail(`target and given must differ, both are ${target.name}`);
  if (givens.length === 0) fail('it needs a variable to be conditioned on');
  if (new Set(givens).size !== givens.length) fail(`a variable is given twice (${givens.join(', ')})`);
  if (spec.family === 'categorical' && spec.size < 2)
    throw new Error(`encoder ${spec.model}: a categorical encoder needs at least 2 states`);
  if (spec.layer !== undefined && (!Number.isInteger(spec.layer) || spec.layer < 1 || spec.family !== 'deterministic'))
    fail(
      `a hidden layer is a deterministic variable h = C(x) of layer 1, 2, …; got layer ${spec.layer} (${spec.family})`,
    );
  return {
    kind: 'encoder',
    target: target.name,
    given: givens,
    family: spec.family,
    model: spec.model,
    size: spec.size,
    ...(spec.layer !== undefined && { layer: spec.layer }),
  };
}

const Givens = t.union([VarArg, t.readonlyArray(VarArg)], 'a variable or a list of variables');
const EncoderSpec = t.intersection(
  [t.type({ family: Family, model: Name, size: PositiveInt }), t.partial({ layer: Num })],
  'an encoder spec { family, model, size, layer? }',
);

/** The same variables in the same order (two encoders conditioned alike). */
export const sameVariables = (a: readonly string[], b: readonly string[]): boolean => {
  checkArgs('sameVariables', { a: [Names, a], b: [Names, b] });
  return a.length === b.length && a.every((v, i) => v === b[i]);
};
const Names = t.readonlyArray(Str, 'a list of variable names');

/**
 * Whether the joint of two encoders read on paired samples is symmetrised: one network and one state space, so their
 * outputs on two views are exchangeable (IIC Eq. 3's (P + Pᵀ)/2).
 */
export const symmetrises = (a: Encoder, b: Encoder): boolean => {
  checkArgs('symmetrises', { a: [EncoderArg, a], b: [EncoderArg, b] });
  return a.model === b.model && a.layer === b.layer && a.size === b.size && a.family === b.family;
};

/** The givens as the text syntax writes them, `X` or `Z,C`: for display and E_x labels only, never as a key. */
export const givenLabel = (enc: Encoder): string => {
  checkArgs('givenLabel', { enc: [EncoderArg, enc] });
  return enc.given.join(',');
};

/** Discrete encoders whose marginal p(z=k) = E_x[L_k(x)] is explicit (Neural Bayes Lemma 1); asked of the family. */
export const hasExplicitMarginal = (enc: Sized): boolean => {
  checkArgs('hasExplicitMarginal', { enc: [SizedArg, enc] });
  return families.hasExplicitMarginal(enc);
};
/** Number of states of a discrete encoder with an explicit marginal (a one-unit Bernoulli has two). */
export const statesOf = (enc: Sized): number => {
  checkArgs('statesOf', { enc: [SizedArg, enc] });
  return families.statesOf(enc);
};
type Sized = Parameters<typeof families.statesOf>[0];
const SizedArg = t.type({ family: Family, size: PositiveInt }, 'an encoder (from encoder(…)) or an encoder spec');
