/** Recognisers of tree positions the rules care about. */
import { hasExplicitMarginal, type Dist, type Encoder, type Expr } from '../expr/index.ts';
import { isReparameterisable } from '../families/index.ts';

/** E_x[L(x)] of a discrete encoder: the marginal p(z) of Neural Bayes Lemma 1. */
export const isMarginal = (e: Expr): e is Expr & { kind: 'expect'; body: { kind: 'output'; enc: Encoder } } =>
  e.kind === 'expect' && e.body.kind === 'output' && hasExplicitMarginal(e.body.enc);

const sameEncoderProbs = (e: Expr, enc: Encoder): boolean =>
  (e.kind === 'output' && e.enc.model === enc.model) || (isMarginal(e) && e.body.enc.model === enc.model);

/**
 * Theorem 2 position: the marginal sits inside a log (possibly as `+ ε` or as a denominator) and that log is
 * weighted by the same encoder's probabilities and summed over states, Σ_k w_k·log(…/E_x[L_k]) with E[w_k] = E_x[L_k].
 * There the gradient through the marginal is Σ_k ∂E_x[L_k] = 0, so a stop-gradient plug-in is exact (Neural Bayes Theorem 2).
 */
export function inTheorem2Position(marginal: Expr & { kind: 'expect' }, ancestors: readonly Expr[]): boolean {
  if (!isMarginal(marginal)) return false;
  const enc = marginal.body.enc;
  if (enc.family !== 'categorical') return false; // a Bernoulli written with L and 1−L is not recognised here
  let child: Expr = marginal;
  let i = 0;
  for (; i < ancestors.length && ancestors[i].kind !== 'log'; i++) {
    const a = ancestors[i];
    const epsilonShift = a.kind === 'add' && a.terms.every((t) => t === child || t.kind === 'const');
    const denominator = a.kind === 'div' && a.right === child;
    if (!epsilonShift && !denominator) return false;
    child = a;
  }
  if (i === ancestors.length) return false;
  const logNode = ancestors[i];
  const weight = ancestors[i + 1];
  if (!weight || weight.kind !== 'mul') return false;
  const other = weight.left === logNode ? weight.right : weight.left;
  if (!sameEncoderProbs(other, enc)) return false;
  const above = ancestors[i + 2]?.kind === 'neg' ? ancestors[i + 3] : ancestors[i + 2];
  return above?.kind === 'sumStates';
}

/** The marginal enters linearly: no log, division or other non-linearity between it and the root. */
export const entersLinearly = (ancestors: readonly Expr[]): boolean =>
  ancestors.every((a) => ['add', 'neg', 'mul', 'sumStates', 'expect', 'stopGradient'].includes(a.kind));

/** A distribution whose ratio to the data density is explicit (Bayes posterior of a discrete encoder, or the data itself). */
export const hasBayesRatio = (d: Dist): boolean =>
  d.kind === 'posterior' || d.kind === 'data' || (d.kind === 'mixture' && d.dists.every(hasBayesRatio));

/** A continuous encoder: z has a reparameterised sample path, and its marginal p(z) is known only by samples. */
export const isContinuous = (enc: Encoder): boolean => isReparameterisable(enc.family);

/** Sign of a constant factor: constants by value, hyper-parameters as the positive weights they are written as. */
const factorSign = (e: Expr): 1 | -1 | undefined => (e.kind === 'const' ? (e.value > 0 ? 1 : e.value < 0 ? -1 : undefined) : e.kind === 'hyper' ? 1 : e.kind === 'neg' ? flip(factorSign(e.arg)) : undefined);
const flip = (s: 1 | -1 | undefined) => (s === undefined ? undefined : s === 1 ? -1 : 1);
const times = (s: 1 | -1 | undefined, f: 1 | -1 | undefined) => (f === undefined ? undefined : f === 1 ? s : flip(s));

/**
 * +1 if the objective's body grows with `node`, −1 if it shrinks, undefined if the sign is not fixed by the tree
 * (a product with a term of unknown sign, a division by it, …). Sums, means, logs and stop-gradients keep the sign.
 */
export function direction(node: Expr, ancestors: readonly Expr[]): 1 | -1 | undefined {
  let sign: 1 | -1 | undefined = 1;
  let child = node;
  for (const a of ancestors) {
    if (a.kind === 'neg') sign = flip(sign);
    else if (a.kind === 'mul') sign = times(sign, factorSign(a.left === child ? a.right : a.left));
    else if (a.kind === 'div') sign = a.left === child ? times(sign, factorSign(a.right)) : undefined;
    else if (!['add', 'expect', 'sumStates', 'log', 'stopGradient'].includes(a.kind)) sign = undefined;
    if (sign === undefined) return undefined;
    child = a;
  }
  return sign;
}
