/**
 * Smart constructors. Their types reject nonsense at compile time: an entropy H(Z|X) or an I(X;Z) must name
 * exactly the variables of the encoder it is taken under, and a JSD needs at least two components over one variable.
 */
import * as t from 'io-ts';
import {
  Bool,
  checkArgs,
  DistNode,
  EncoderArg,
  ExprNode,
  Int,
  Name,
  NonNegativeInt,
  Numbers,
  OperandArg,
  Str,
  Num,
  oneOf,
  optional,
  options,
  VarArg,
} from '../api/arguments.ts';
import type { Dist, Expr, Objective } from './nodes.ts';
import {
  givenLabel,
  hasExplicitMarginal,
  sameVariables,
  statesOf,
  type Encoder,
  type EncoderKind,
  type Var,
} from './vars.ts';

type Discrete = 'categorical' | 'bernoulli';

// ── distributions ─────────────────────────────────────────────────────────────
/** The empirical data distribution p(x); of labels (`labels(…)`), their marginal counted from the data. */
export const data = <X extends string>(x: Var<X>): Dist & { kind: 'data' } => {
  checkArgs('data', { x: [VarArg, x] });
  return { kind: 'data', v: x.name, ...(x.labels && { labels: x.labels }) };
};
/** The conditional p(z|x) of an encoder. */
export const conditional = (enc: Encoder): Dist => {
  checkArgs('conditional', { enc: [EncoderArg, enc] });
  return { kind: 'conditional', enc };
};
/** The marginal p(z) = E_x[p(z|x)] (Neural Bayes Lemma 1 for discrete encoders). */
export const marginal = (enc: Encoder): Dist => {
  checkArgs('marginal', { enc: [EncoderArg, enc] });
  return { kind: 'marginal', enc };
};
/** A fixed prior over a variable. */
export const prior = <Z extends string>(z: Var<Z>, family: 'uniform' | 'standard-normal'): Dist => {
  checkArgs('prior', { z: [VarArg, z], family: [PriorFamily, family] });
  return { kind: 'prior', v: z.name, family };
};
const PriorFamily = oneOf(['uniform', 'standard-normal']);
/** The Bayes posterior p(x|z=k), or p(x|z≠k) with `complement`; only for discrete encoders. */
export const posterior = (enc: Encoder<string, string, Discrete>, k: number, complement = false): Dist => {
  checkArgs('posterior', { enc: [EncoderArg, enc], k: [Int, k], complement: [optional(Bool), complement] });
  if (!hasExplicitMarginal(enc))
    throw new Error(`posterior: ${enc.model} has no explicit marginal (a bernoulli encoder needs a single unit)`);
  const states = statesOf(enc);
  if (!Number.isInteger(k) || k < 0 || k >= states)
    throw new Error(`posterior: state ${k} is not one of 0..${states - 1} of ${enc.model}`);
  return { kind: 'posterior', enc, k, complement };
};

/** The mixture Σ_i w_i q_i; weights positive, summing to 1. */
export const mixture = (
  weights: readonly [number, number, ...number[]],
  dists: readonly [Dist, Dist, ...Dist[]],
): Dist => {
  checkArgs('mixture', { weights: [Weights, weights], dists: [Dists, dists] });
  checkWeights('mixture', weights, dists);
  return { kind: 'mixture', weights: [...weights], dists: [...dists] };
};

/** Why `weights` cannot weigh `count` distributions of a JSD or mixture, if they cannot (the parser says the same). */
export function weightsProblem(what: string, weights: readonly number[], count: number): string | undefined {
  checkArgs('weightsProblem', { what: [Str, what], weights: [Numbers, weights], count: [NonNegativeInt, count] });
  if (weights.length !== count) return `${what}: ${weights.length} weights for ${count} distributions`;
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !(w > 0)) || Math.abs(total - 1) > 1e-9)
    return `${what}: weights must be positive and sum to 1, got ${weights.join(', ')}`;
  return undefined;
}

const Weights = t.readonlyArray(Num, 'a list of weights');
const Dists = t.readonlyArray(DistNode, 'a list of distributions');

function checkWeights(what: string, weights: readonly number[], dists: readonly Dist[]): void {
  const problem = weightsProblem(what, weights, dists.length);
  if (problem) throw new Error(problem);
}

// ── information terms ────────────────────────────────────────────────────────
/**
 * The variables a term names must be those of its encoder. The types say so at compile time; this says so at run time
 * to callers from JavaScript (or through `any`), who would otherwise get a different objective without a word.
 */
function checkVariables(term: 'H' | 'I', enc: Encoder, target: Var, given?: Var): void {
  if (target.name === enc.target && (!given || sameVariables(enc.given, [given.name]))) return;
  const written = (z: string, x?: string) =>
    x === undefined ? `H(${z})` : term === 'I' ? `I(${x};${z})` : `H(${z}|${x})`;
  const density = `p(${enc.target.toLowerCase()}|${givenLabel(enc).toLowerCase()})`;
  throw new Error(
    `${written(target.name, given?.name)}: encoder ${enc.model} defines ${density}, so write ${written(enc.target, given && givenLabel(enc))} or use the encoder of these variables`,
  );
}

/** H(Z): entropy of the marginal of Z under the encoder. */
export const H = <Z extends string>(z: Var<Z>, enc: Encoder<NoInfer<Z>, string>): Expr => {
  checkArgs('H', { z: [VarArg, z], enc: [EncoderArg, enc] });
  checkVariables('H', enc, z);
  return { kind: 'entropy', enc };
};
/** H(Z|X): conditional entropy; Z and X must be the encoder's target and given. */
export const Hcond = <Z extends string, X extends string>(
  z: Var<Z>,
  x: Var<X>,
  enc: Encoder<NoInfer<Z>, NoInfer<X>>,
): Expr => {
  checkArgs('Hcond', { z: [VarArg, z], x: [VarArg, x], enc: [EncoderArg, enc] });
  checkVariables('H', enc, z, x);
  return { kind: 'condEntropy', enc };
};
/** I(X;Z) under the encoder p(z|x). */
export const I = <X extends string, Z extends string>(
  x: Var<X>,
  z: Var<Z>,
  enc: Encoder<NoInfer<Z>, NoInfer<X>>,
): Expr => {
  checkArgs('I', { x: [VarArg, x], z: [VarArg, z], enc: [EncoderArg, enc] });
  checkVariables('I', enc, z, x);
  return { kind: 'mutualInfo', enc };
};
/**
 * Two encoders whose targets are paired on one sample: z and w are their targets, and neither reads the other's (else
 * the information is I(X;Z) of one encoder). Checked at run time for JavaScript callers, like `checkVariables`.
 */
function checkPair(term: string, z: Var, w: Var, a: Encoder, b: Encoder): void {
  const written = `${term}(${z.name}${term === 'I' ? ';' : ','}${w.name})`;
  if (z.name !== a.target || w.name !== b.target)
    throw new Error(`${written}: the encoders produce ${a.target} and ${b.target}, so write them in that order`);
  if (z.name === w.name || a.given.includes(w.name) || b.given.includes(z.name))
    throw new Error(
      `${written}: ${z.name} and ${w.name} must be the targets of two encoders neither of which reads the other's (for an encoder of one given the other, use I or Hcond)`,
    );
}

/** I(Z;W) of two encoders' targets on paired samples (IIC's I(Z;Z'), Ji et al. 2019 Eq. 1): a produces Z, b produces W. */
export const Ipair = <Z extends string, W extends string>(
  z: Var<Z>,
  w: Var<W>,
  a: Encoder<NoInfer<Z>, string>,
  b: Encoder<NoInfer<W>, string>,
): Expr => {
  checkArgs('Ipair', { z: [VarArg, z], w: [VarArg, w], a: [EncoderArg, a], b: [EncoderArg, b] });
  checkPair('I', z, w, a, b);
  return { kind: 'pairedInfo', a, b };
};
/**
 * I(Z;Y) of an encoder's target Z and a data variable Y paired row by row with the encoder's givens (a second view of
 * the sample, or the data's labels made with `labels(…)`, no encoder of its own): the exact plug-in of the batch joint
 * when Z is discrete and Y labels, else a critic bound (Poole et al. 2019).
 */
export const Idata = <Z extends string>(z: Var<Z>, y: Var, enc: Encoder<NoInfer<Z>, string>): Expr => {
  checkArgs('Idata', { z: [VarArg, z], y: [VarArg, y], enc: [EncoderArg, enc] });
  if (z.name !== enc.target || z.name === y.name || enc.given.includes(y.name))
    throw new Error(
      `I(${z.name};${y.name}): ${enc.model} must produce ${z.name} and not read ${y.name} (for an encoder of ${z.name} given ${y.name}, use I(${y.name};${z.name}))`,
    );
  return { kind: 'dataInfo', enc, v: y.name, ...(y.labels && { labels: y.labels }) };
};
/** H(Z,W) of two encoders' targets on paired samples; `given` makes it H(Z|W) = H(Z,W) − H(W). */
export const Hpair = <Z extends string, W extends string>(
  z: Var<Z>,
  w: Var<W>,
  a: Encoder<NoInfer<Z>, string>,
  b: Encoder<NoInfer<W>, string>,
  o: { given?: boolean } = {},
): Expr => {
  checkArgs('Hpair', {
    z: [VarArg, z],
    w: [VarArg, w],
    a: [EncoderArg, a],
    b: [EncoderArg, b],
    options: [optional(options('options { given? }', { given: Bool })), o],
  });
  checkPair('H', z, w, a, b);
  return { kind: 'pairedEntropy', a, b, conditional: o.given ?? false };
};
/** KL(p‖q). */
export const KL = (p: Dist, q: Dist): Expr => {
  checkArgs('KL', { p: [DistNode, p], q: [DistNode, q] });
  return { kind: 'kl', p, q };
};
/** Cross-entropy CE(p, q) = −E_p[log q]. */
export const CE = (p: Dist, q: Dist): Expr => {
  checkArgs('CE', { p: [DistNode, p], q: [DistNode, q] });
  return { kind: 'crossEntropy', p, q };
};
/** Weighted Jensen–Shannon divergence of two or more distributions; weights must be positive and sum to 1. */
export const JSD = (weights: readonly [number, number, ...number[]], dists: readonly [Dist, Dist, ...Dist[]]): Expr => {
  checkArgs('JSD', { weights: [Weights, weights], dists: [Dists, dists] });
  checkWeights('JSD', weights, dists);
  return { kind: 'jsd', weights: [...weights], dists: [...dists] };
};
/** R_c(L): finite-difference Jacobian smoothness penalty (Neural Bayes Eq. 4). */
export const smoothness = (enc: Encoder): Expr => {
  checkArgs('smoothness', { enc: [EncoderArg, enc] });
  return { kind: 'regulariser', name: 'smoothness', enc };
};
/** R_p(L): uniform-prior cross-entropy on the marginal (Neural Bayes Eq. 9). */
export const uniformPrior = (enc: Encoder<string, string, Discrete>): Expr => {
  checkArgs('uniformPrior', { enc: [EncoderArg, enc] });
  return { kind: 'regulariser', name: 'uniformPrior', enc };
};

// ── per-sample quantities ─────────────────────────────────────────────────────
/** L(x): the encoder's output at each sample. */
export const out = (enc: Encoder): Expr => {
  checkArgs('out', { enc: [EncoderArg, enc] });
  return { kind: 'output', enc };
};
/** log q at the batch's samples. */
export const logDensity = (dist: Dist): Expr => {
  checkArgs('logDensity', { dist: [DistNode, dist] });
  return { kind: 'logDensity', dist };
};
/** ∇ log q at the batch's samples (estimated by SSGE when q is implicit). */
export const score = (dist: Dist): Expr => {
  checkArgs('score', { dist: [DistNode, dist] });
  return { kind: 'score', dist };
};

// ── arithmetic ───────────────────────────────────────────────────────────────
type Operand = Expr | number;
const lift = (a: Operand): Expr =>
  typeof a === 'number' ? (a < 0 ? neg({ kind: 'const', value: -a }) : { kind: 'const', value: a }) : a;

/** E_v[body]. */
export const E = <V extends string>(v: Var<V>, body: Expr): Expr => {
  checkArgs('E', { v: [VarArg, v], body: [ExprNode, body] });
  return { kind: 'expect', v: v.name, body };
};
/** Σ_k body over the state axis. */
export const sumK = (body: Expr): Expr => {
  checkArgs('sumK', { body: [ExprNode, body] });
  return { kind: 'sumStates', body };
};
export const log = (a: Operand): Expr => {
  checkArgs('log', { a: [OperandArg, a] });
  return { kind: 'log', arg: lift(a) };
};
export const neg = (a: Operand): Expr => {
  checkArgs('neg', { a: [OperandArg, a] });
  return { kind: 'neg', arg: lift(a) };
};
export const add = (...ts: Operand[]): Expr => {
  checkArgs('add', { terms: [Operands, ts] });
  return ts.length === 1 ? lift(ts[0]) : { kind: 'add', terms: ts.map(lift) };
};
export const sub = (a: Operand, b: Operand): Expr => {
  checkArgs('sub', { a: [OperandArg, a], b: [OperandArg, b] });
  return add(a, neg(b));
};
export const mul = (a: Operand, b: Operand): Expr => {
  checkArgs('mul', { a: [OperandArg, a], b: [OperandArg, b] });
  return { kind: 'mul', left: lift(a), right: lift(b) };
};
export const div = (a: Operand, b: Operand): Expr => {
  checkArgs('div', { a: [OperandArg, a], b: [OperandArg, b] });
  return { kind: 'div', left: lift(a), right: lift(b) };
};
export const constant = (value: number): Expr => {
  checkArgs('constant', { value: [Num, value] });
  return lift(value);
};
/** A named hyper-parameter (α, β, …) whose value comes from the spec. */
export const hyper = (name: string): Expr => {
  checkArgs('hyper', { name: [Name, name] });
  return { kind: 'hyper', name };
};
/** Stop-gradient: the value passes, the gradient does not. */
export const sg = (a: Expr): Expr => {
  checkArgs('sg', { a: [ExprNode, a] });
  return { kind: 'stopGradient', arg: a };
};
const Operands = t.array(OperandArg, 'Exprs or numbers');

// ── objectives ───────────────────────────────────────────────────────────────
export const maximize = (body: Expr): Objective => {
  checkArgs('maximize', { body: [ExprNode, body] });
  return { sense: 'max', body };
};
export const minimize = (body: Expr): Objective => {
  checkArgs('minimize', { body: [ExprNode, body] });
  return { sense: 'min', body };
};

/** Convenience: the discrete-encoder kinds accepted by Neural Bayes constructs. */
export type { Discrete, EncoderKind };
