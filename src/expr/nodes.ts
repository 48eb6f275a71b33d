/**
 * The expression tree. Information terms (H, I, KL, JSD, CE, regularisers) and the arithmetic around them
 * (E_x[·], Σ_k, log, +, ·, /, stop-gradient, constants, hyper-parameters) are one union, so an objective can be
 * written either with information quantities or literally as in the papers (Neural Bayes Eq. 3, 5, 8, 10).
 *
 * Shapes: a term is either per-sample (has a batch axis) or batch-free; E_x[·] removes the batch axis,
 * Σ_k removes the state axis. An objective's body must be a batch-free scalar.
 */
import { match, P } from 'ts-pattern';
import type { Encoder } from './vars.ts';

/** A distribution node (DESIGN: data, conditional, marginal, prior) plus Bayes posteriors p(x|z=k). */
export type Dist =
  /** The empirical distribution of observed data; `labels` when they are the data's class labels (counted, explicit). */
  | { readonly kind: 'data'; readonly v: string; readonly labels?: { readonly states: number } }
  | { readonly kind: 'conditional'; readonly enc: Encoder }
  | { readonly kind: 'marginal'; readonly enc: Encoder }
  | { readonly kind: 'prior'; readonly v: string; readonly family: 'uniform' | 'standard-normal' }
  /** p(x|z=k) (or p(x|z≠k) when complement), whose ratio to p(x) is L_k(x)/E_x[L_k(x)] by Bayes. */
  | { readonly kind: 'posterior'; readonly enc: Encoder; readonly k: number; readonly complement: boolean }
  /** The mixture Σ_i w_i q_i (the midpoint of a JSD). */
  | { readonly kind: 'mixture'; readonly weights: readonly number[]; readonly dists: readonly Dist[] };

/** Regularisers with their own estimator entry: R_c smoothness (Neural Bayes Eq. 4), R_p uniform prior (Eq. 9). */
export type RegulariserName = 'smoothness' | 'uniformPrior';

export type Expr =
  // information terms
  | { readonly kind: 'entropy'; readonly enc: Encoder } // H(Z), Z the target of enc, marginal over the data
  | { readonly kind: 'condEntropy'; readonly enc: Encoder } // H(Z|X)
  | { readonly kind: 'mutualInfo'; readonly enc: Encoder } // I(X;Z)
  /**
   * I(Z;W) between the targets of two encoders read on paired samples (Z = Φ(X), W = Φ(X') of two views of one sample),
   * e.g. IIC's I(Z;Z') (Ji et al. 2019, Eq. 1): the joint is p(z,w) = E_(x,x')[p(z|x) p(w|x')].
   */
  | { readonly kind: 'pairedInfo'; readonly a: Encoder; readonly b: Encoder }
  /**
   * I(Z;Y) between the target of an encoder Z = Φ(X) and a data variable Y that no encoder produces, paired with X row
   * by row (two views of one sample, e.g. the halves of an image): p(z,y) = E_(x,y)[p(z|x) δ(y)] over the paired samples.
   */
  | {
      readonly kind: 'dataInfo';
      readonly enc: Encoder;
      readonly v: string;
      /** Y is the data's class labels (one-hot over `states` classes): its joint with a discrete Z is explicit. */
      readonly labels?: { readonly states: number };
    }
  /**
   * H(Z,W) (`conditional` false) or H(Z|W) = H(Z,W) − H(W) (`conditional` true) of two encoders' targets whose joint
   * the spec defines on paired samples, p(z,w) = E_(x,y)[p(z|x) p(w|y)] (y = x' a second view, or y = x itself).
   */
  | { readonly kind: 'pairedEntropy'; readonly a: Encoder; readonly b: Encoder; readonly conditional: boolean }
  | { readonly kind: 'kl'; readonly p: Dist; readonly q: Dist }
  | { readonly kind: 'jsd'; readonly weights: readonly number[]; readonly dists: readonly Dist[] }
  | { readonly kind: 'crossEntropy'; readonly p: Dist; readonly q: Dist }
  | { readonly kind: 'regulariser'; readonly name: RegulariserName; readonly enc: Encoder }
  // per-sample quantities of an encoder
  | { readonly kind: 'output'; readonly enc: Encoder } // L(x): probabilities (categorical/bernoulli), mean (gaussian), z (deterministic)
  | { readonly kind: 'logDensity'; readonly dist: Dist } // log q(v) at the batch's samples
  | { readonly kind: 'score'; readonly dist: Dist } // ∇_v log q(v) at the batch's samples
  // arithmetic
  | { readonly kind: 'expect'; readonly v: string; readonly body: Expr } // E_v[body]: mean over the batch axis
  | { readonly kind: 'sumStates'; readonly body: Expr } // Σ_k: sum over the state axis
  | { readonly kind: 'log'; readonly arg: Expr }
  | { readonly kind: 'add'; readonly terms: readonly Expr[] }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'mul'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'div'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'hyper'; readonly name: string }
  | { readonly kind: 'stopGradient'; readonly arg: Expr };

/** An objective: a scalar expression and the direction of optimisation. */
export interface Objective {
  readonly sense: 'max' | 'min';
  readonly body: Expr;
}

/** The direct children of a node, in a fixed order (used for paths, traversal and rewriting). */
export const children = (e: Expr): readonly Expr[] =>
  match(e)
    .with({ kind: P.union('expect', 'sumStates') }, (n) => [n.body])
    .with({ kind: P.union('log', 'neg', 'stopGradient') }, (n) => [n.arg])
    .with({ kind: 'add' }, (n) => n.terms)
    .with({ kind: P.union('mul', 'div') }, (n) => [n.left, n.right])
    .with(
      {
        kind: P.union(
          'entropy',
          'condEntropy',
          'mutualInfo',
          'kl',
          'jsd',
          'crossEntropy',
          'regulariser',
          'output',
          'logDensity',
          'score',
          'const',
          'hyper',
        ),
      },
      () => [],
    )
    .with({ kind: P.union('pairedInfo', 'pairedEntropy', 'dataInfo') }, () => [])
    .exhaustive();

/** Rebuild a node with new children (same order as `children`). */
export const withChildren = (e: Expr, cs: readonly Expr[]): Expr =>
  match(e)
    .with({ kind: P.union('expect', 'sumStates') }, (n) => ({ ...n, body: cs[0] }))
    .with({ kind: P.union('log', 'neg', 'stopGradient') }, (n) => ({ ...n, arg: cs[0] }))
    .with({ kind: 'add' }, (n) => ({ ...n, terms: cs }))
    .with({ kind: P.union('mul', 'div') }, (n) => ({ ...n, left: cs[0], right: cs[1] }))
    .with(
      { kind: P.union('entropy', 'condEntropy', 'mutualInfo', 'kl', 'jsd', 'crossEntropy', 'regulariser') },
      (n) => n,
    )
    .with({ kind: P.union('output', 'logDensity', 'score', 'const', 'hyper', 'pairedInfo', 'pairedEntropy') }, (n) => n)
    .with({ kind: 'dataInfo' }, (n) => n)
    .exhaustive();

/** The encoders a distribution is defined by (a mixture's are its components'). */
const encodersOfDist = (d: Dist): readonly Encoder[] =>
  match(d)
    .with({ kind: P.union('conditional', 'marginal', 'posterior') }, (n) => [n.enc])
    .with({ kind: 'mixture' }, (n) => n.dists.flatMap(encodersOfDist))
    .with({ kind: P.union('data', 'prior') }, () => [])
    .exhaustive();

/** The encoders a node names itself (not those of its children). */
const ownEncoders = (e: Expr): readonly Encoder[] =>
  match(e)
    .with({ kind: P.union('entropy', 'condEntropy', 'mutualInfo', 'dataInfo', 'regulariser', 'output') }, (n) => [
      n.enc,
    ])
    .with({ kind: P.union('pairedInfo', 'pairedEntropy') }, (n) => [n.a, n.b])
    .with({ kind: P.union('kl', 'crossEntropy') }, (n) => [...encodersOfDist(n.p), ...encodersOfDist(n.q)])
    .with({ kind: 'jsd' }, (n) => n.dists.flatMap(encodersOfDist))
    .with({ kind: P.union('logDensity', 'score') }, (n) => encodersOfDist(n.dist))
    .with({ kind: P.union('expect', 'sumStates', 'log', 'add', 'neg', 'mul', 'div') }, () => [])
    .with({ kind: P.union('const', 'hyper', 'stopGradient') }, () => [])
    .exhaustive();

/**
 * An encoder's identity: its network and the variables it reads and produces. One network applied to two views
 * (Φ on X and on X') gives two encoders with one model and two keys.
 */
export const encoderKey = (enc: Encoder): string =>
  `${networkKey(enc)}${enc.layer === undefined ? '' : `#${enc.layer}`}(${enc.given.join(',')})→${enc.target}`;

/** A network output's identity: the model, and the head when it is one of several heads on the model's trunk. */
export const networkKey = (enc: Encoder): string => (enc.head === undefined ? enc.model : `${enc.model}/${enc.head}`);

/** Every encoder the expression mentions, by identity (`encoderKey`): one network on two views counts twice. */
export function encoderUsesOf(e: Expr): Map<string, Encoder> {
  const out = new Map<string, Encoder>();
  const visit = (n: Expr): void => {
    ownEncoders(n).forEach((enc) => out.set(encoderKey(enc), enc));
    children(n).forEach(visit);
  };
  visit(e);
  return out;
}

/**
 * Every network output the expression mentions, by `networkKey` (the model, or the model and a head), each by one of
 * its uses (a network's output before a variable bound to its layer).
 */
export function encodersOf(e: Expr): Map<string, Encoder> {
  const out = new Map<string, Encoder>();
  const visit = (n: Expr): void => {
    ownEncoders(n).forEach((enc) => {
      if (enc.layer === undefined || !out.has(networkKey(enc))) out.set(networkKey(enc), enc);
    });
    children(n).forEach(visit);
  };
  visit(e);
  return out;
}

/** Names of the hyper-parameters the expression uses. */
export function hypersOf(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (n: Expr): void => {
    if (n.kind === 'hyper') out.add(n.name);
    children(n).forEach(visit);
  };
  visit(e);
  return out;
}
