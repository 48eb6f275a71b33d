/** Recognisers of tree positions the rules care about. */
import { match, P } from 'ts-pattern';
import { hasExplicitMarginal, sameDist, sameNetwork, type Dist, type Encoder, type Expr } from '../expr/index.ts';
import { isOneHot, isReparameterisable } from '../families/index.ts';
import { checkArgs, ExprNode, ExprNodes } from '../api/arguments.ts';

/** E_x[L(x)] of a discrete encoder: the marginal p(z) of Neural Bayes Lemma 1. */
export const isMarginal = (e: Expr): e is Expr & { kind: 'expect'; body: { kind: 'output'; enc: Encoder } } => {
  checkArgs('isMarginal', { e: [ExprNode, e] });
  return e.kind === 'expect' && e.body.kind === 'output' && hasExplicitMarginal(e.body.enc);
};

const sameEncoderProbs = (e: Expr, enc: Encoder): boolean =>
  (e.kind === 'output' && sameNetwork(e.enc, enc)) || (isMarginal(e) && sameNetwork(e.body.enc, enc));

/**
 * Theorem 2 position: the marginal sits inside a log (possibly as `+ ε` or as a denominator) and that log is
 * weighted by the same encoder's probabilities and summed over states, Σ_k w_k·log(…/E_x[L_k]) with E[w_k] = E_x[L_k].
 * There the gradient through the marginal is Σ_k ∂E_x[L_k] = 0, so a stop-gradient plug-in is exact (Neural Bayes
 * Theorem 2).
 */
export function inTheorem2Position(marginal: Expr & { kind: 'expect' }, ancestors: readonly Expr[]): boolean {
  checkArgs('inTheorem2Position', { marginal: [ExprNode, marginal], ancestors: [ExprNodes, ancestors] });
  if (!isMarginal(marginal)) return false;
  const enc = marginal.body.enc;
  if (!isOneHot(enc.family)) return false; // a Bernoulli written with L and 1−L is not recognised here
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
  if (weight?.kind !== 'mul') return false;
  const other = weight.left === logNode ? weight.right : weight.left;
  if (!sameEncoderProbs(other, enc)) return false;
  const above = ancestors[i + 2]?.kind === 'neg' ? ancestors[i + 3] : ancestors[i + 2];
  return above?.kind === 'sumStates';
}

/** Node kinds whose value is linear in each child (a mul by a factor; a log or a division is not). */
export const LINEAR_IN_CHILDREN: Record<Expr['kind'], boolean> = {
  add: true,
  neg: true,
  mul: true,
  sumStates: true,
  expect: true,
  stopGradient: true,
  log: false,
  div: false,
  const: false,
  hyper: false,
  output: false,
  logDensity: false,
  score: false,
  entropy: false,
  condEntropy: false,
  mutualInfo: false,
  pairedInfo: false,
  dataInfo: false,
  pairedEntropy: false,
  kl: false,
  jsd: false,
  crossEntropy: false,
  regulariser: false,
};

/** The marginal enters linearly: no log, division or other non-linearity between it and the root. */
export const entersLinearly = (ancestors: readonly Expr[]): boolean =>
  ancestors.every((a) => LINEAR_IN_CHILDREN[a.kind]);

/**
 * Where a marginal E_x[L(x)] of Lemma 1 sits: in a Theorem 2 position, entering the objective linearly, or inside
 * another non-linearity; undefined for any other node.
 */
export function marginalPosition(
  node: Expr,
  ancestors: readonly Expr[],
): 'theorem2' | 'linear' | 'non-linear' | undefined {
  if (!isMarginal(node)) return undefined;
  if (inTheorem2Position(node, ancestors)) return 'theorem2';
  return entersLinearly(ancestors) ? 'linear' : 'non-linear';
}
/** KL(p ‖ p) or JSD_w(p, …, p): a divergence between structurally equal distributions, 0 whatever the family. */
export const isSelfDivergence = (e: Expr): boolean =>
  (e.kind === 'kl' && sameDist(e.p, e.q)) || (e.kind === 'jsd' && e.dists.every((d) => sameDist(d, e.dists[0])));

/** A distribution whose ratio to the data density is explicit (Bayes posterior of a discrete encoder, or the data itself). */
export const hasBayesRatio = (d: Dist): boolean =>
  d.kind === 'posterior' || d.kind === 'data' || (d.kind === 'mixture' && d.dists.every(hasBayesRatio));

/** A continuous encoder: z has a reparameterised sample path, and its marginal p(z) is known only by samples. */
export const isContinuous = (enc: Encoder): boolean => isReparameterisable(enc.family);

type Sign = 1 | -1 | undefined;

/** The information terms (leaves estimated as a whole): their sign in the objective says rewarded or penalised. */
export const INFORMATION_TERMS = [
  'entropy',
  'condEntropy',
  'mutualInfo',
  'pairedInfo',
  'dataInfo',
  'pairedEntropy',
  'kl',
  'jsd',
  'crossEntropy',
  'regulariser',
] as const;

/** Every node kind the planner estimates as a whole: the information terms, log-densities and scores. */
export const ESTIMATED_TERMS = [...INFORMATION_TERMS, 'logDensity', 'score'] as const;

/** Sign of a constant factor: constants by value, hyper-parameters as the positive weights they are written as. */
const factorSign = (e: Expr): Sign =>
  match(e)
    .with({ kind: 'const' }, (n) => (n.value > 0 ? 1 : n.value < 0 ? -1 : undefined))
    .with({ kind: 'hyper' }, () => 1 as const)
    .with({ kind: 'neg' }, (n) => flip(factorSign(n.arg)))
    .with({ kind: P.union('add', 'mul', 'div', 'log', 'expect', 'sumStates', 'stopGradient') }, () => undefined)
    .with({ kind: P.union('output', 'logDensity', 'score') }, () => undefined)
    .with({ kind: P.union(...INFORMATION_TERMS) }, () => undefined)
    .exhaustive();
const flip = (s: Sign): Sign => (s === undefined ? undefined : s === 1 ? -1 : 1);
const times = (s: Sign, f: Sign): Sign => (f === undefined ? undefined : f === 1 ? s : flip(s));

/** How the sign of `child` in the body changes through its parent `a`: sums, means, logs and stop-gradients keep it. */
const signThrough = (a: Expr, child: Expr, sign: Sign): Sign =>
  match(a)
    .with({ kind: 'neg' }, () => flip(sign))
    .with({ kind: 'mul' }, (n) => times(sign, factorSign(n.left === child ? n.right : n.left)))
    .with({ kind: 'div' }, (n) => (n.left === child ? times(sign, factorSign(n.right)) : undefined))
    .with({ kind: P.union('add', 'expect', 'sumStates', 'log', 'stopGradient') }, () => sign)
    // nodes without children are never ancestors
    .with({ kind: P.union('const', 'hyper', 'output', 'logDensity', 'score') }, () => undefined)
    .with({ kind: P.union(...INFORMATION_TERMS) }, () => undefined)
    .exhaustive();

/**
 * +1 if the objective's body grows with `node`, −1 if it shrinks, undefined if the sign is not fixed by the tree
 * (a product with a term of unknown sign, a division by it, …). Sums, means, logs and stop-gradients keep the sign.
 */
export function direction(node: Expr, ancestors: readonly Expr[]): Sign {
  let sign: Sign = 1;
  let child = node;
  for (const a of ancestors) {
    sign = signThrough(a, child, sign);
    if (sign === undefined) return undefined;
    child = a;
  }
  return sign;
}
