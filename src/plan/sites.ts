/** Recognisers of tree positions the rules care about. */
import { hasExplicitMarginal, type Dist, type Encoder, type Expr } from '../expr/index.ts';

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

export const isContinuous = (enc: Encoder): boolean => enc.family === 'gaussian' || enc.family === 'deterministic';
