/**
 * Smart constructors. Their types reject nonsense at compile time: an entropy H(Z|X) or an I(X;Z) must name
 * exactly the variables of the encoder it is taken under, and a JSD needs at least two components over one variable.
 */
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
export const data = <X extends string>(x: Var<X>): Dist & { kind: 'data' } => ({
  kind: 'data',
  v: x.name,
  ...(x.labels && { labels: x.labels }),
});
/** The conditional p(z|x) of an encoder. */
export const conditional = (enc: Encoder): Dist => ({ kind: 'conditional', enc });
/** The marginal p(z) = E_x[p(z|x)] (Neural Bayes Lemma 1 for discrete encoders). */
export const marginal = (enc: Encoder): Dist => ({ kind: 'marginal', enc });
/** A fixed prior over a variable. */
export const prior = <Z extends string>(z: Var<Z>, family: 'uniform' | 'standard-normal'): Dist => ({
  kind: 'prior',
  v: z.name,
  family,
});
/** The Bayes posterior p(x|z=k), or p(x|z≠k) with `complement`; only for discrete encoders. */
export const posterior = (enc: Encoder<string, string, Discrete>, k: number, complement = false): Dist => {
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
  checkWeights('mixture', weights, dists);
  return { kind: 'mixture', weights: [...weights], dists: [...dists] };
};

/** Why `weights` cannot weigh `count` distributions of a JSD or mixture, if they cannot (the parser says the same). */
export function weightsProblem(what: string, weights: readonly number[], count: number): string | undefined {
  if (weights.length !== count) return `${what}: ${weights.length} weights for ${count} distributions`;
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !(w > 0)) || Math.abs(total - 1) > 1e-9)
    return `${what}: weights must be positive and sum to 1, got ${weights.join(', ')}`;
  return undefined;
}

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
  if (enc?.kind !== 'encoder')
    throw new Error(`${term}: expected an encoder as the last argument, got ${describe(enc)}`);
  if (target?.kind !== 'var' || (given && given?.kind !== 'var'))
    throw new Error(`${term}: expected variables made with variable(…) before the encoder`);
  if (target.name === enc.target && (!given || sameVariables(enc.given, [given.name]))) return;
  const written = (z: string, x?: string) =>
    x === undefined ? `H(${z})` : term === 'I' ? `I(${x};${z})` : `H(${z}|${x})`;
  const density = `p(${enc.target.toLowerCase()}|${givenLabel(enc).toLowerCase()})`;
  throw new Error(
    `${written(target.name, given?.name)}: encoder ${enc.model} defines ${density}, so write ${written(enc.target, given && givenLabel(enc))} or use the encoder of these variables`,
  );
}

const describe = (u: unknown): string =>
  u === null || typeof u !== 'object' ? String(u) : `an object of kind ${String((u as { kind?: unknown }).kind)}`;

/** H(Z): entropy of the marginal of Z under the encoder. */
export const H = <Z extends string>(z: Var<Z>, enc: Encoder<NoInfer<Z>, string>): Expr => {
  checkVariables('H', enc, z);
  return { kind: 'entropy', enc };
};
/** H(Z|X): conditional entropy; Z and X must be the encoder's target and given. */
export const Hcond = <Z extends string, X extends string>(
  z: Var<Z>,
  x: Var<X>,
  enc: Encoder<NoInfer<Z>, NoInfer<X>>,
): Expr => {
  checkVariables('H', enc, z, x);
  return { kind: 'condEntropy', enc };
};
/** I(X;Z) under the encoder p(z|x). */
export const I = <X extends string, Z extends string>(
  x: Var<X>,
  z: Var<Z>,
  enc: Encoder<NoInfer<Z>, NoInfer<X>>,
): Expr => {
  checkVariables('I', enc, z, x);
  return { kind: 'mutualInfo', enc };
};
/**
 * Two encoders whose targets are paired on one sample: z and w are their targets, and neither reads the other's (else
 * the information is I(X;Z) of one encoder). Checked at run time for JavaScript callers, like `checkVariables`.
 */
function checkPair(term: string, z: Var, w: Var, a: Encoder, b: Encoder): void {
  if (a?.kind !== 'encoder' || b?.kind !== 'encoder')
    throw new Error(`${term}: expected two encoders after the variables, got ${describe(a)} and ${describe(b)}`);
  if (z?.kind !== 'var' || w?.kind !== 'var') throw new Error(`${term}: expected variables made with variable(…)`);
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
  checkPair('I', z, w, a, b);
  return { kind: 'pairedInfo', a, b };
};
/**
 * I(Z;Y) of an encoder's target Z and a data variable Y paired row by row with the encoder's givens (a second view of
 * the sample, or the data's labels made with `labels(…)`, no encoder of its own): the exact plug-in of the batch joint
 * when Z is discrete and Y labels, else a critic bound (Poole et al. 2019).
 */
export const Idata = <Z extends string>(z: Var<Z>, y: Var, enc: Encoder<NoInfer<Z>, string>): Expr => {
  if (enc?.kind !== 'encoder') throw new Error(`I: expected an encoder after the variables, got ${describe(enc)}`);
  if (z?.kind !== 'var' || y?.kind !== 'var') throw new Error('I: expected variables made with variable(…)');
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
  { given = false }: { given?: boolean } = {},
): Expr => {
  checkPair('H', z, w, a, b);
  return { kind: 'pairedEntropy', a, b, conditional: given };
};
/** KL(p‖q). */
export const KL = (p: Dist, q: Dist): Expr => ({ kind: 'kl', p, q });
/** Cross-entropy CE(p, q) = −E_p[log q]. */
export const CE = (p: Dist, q: Dist): Expr => ({ kind: 'crossEntropy', p, q });
/** Weighted Jensen–Shannon divergence of two or more distributions; weights must be positive and sum to 1. */
export const JSD = (weights: readonly [number, number, ...number[]], dists: readonly [Dist, Dist, ...Dist[]]): Expr => {
  checkWeights('JSD', weights, dists);
  return { kind: 'jsd', weights: [...weights], dists: [...dists] };
};
/** R_c(L): finite-difference Jacobian smoothness penalty (Neural Bayes Eq. 4). */
export const smoothness = (enc: Encoder): Expr => ({ kind: 'regulariser', name: 'smoothness', enc });
/** R_p(L): uniform-prior cross-entropy on the marginal (Neural Bayes Eq. 9). */
export const uniformPrior = (enc: Encoder<string, string, Discrete>): Expr => ({
  kind: 'regulariser',
  name: 'uniformPrior',
  enc,
});

// ── per-sample quantities ─────────────────────────────────────────────────────
/** L(x): the encoder's output at each sample. */
export const out = (enc: Encoder): Expr => ({ kind: 'output', enc });
/** log q at the batch's samples. */
export const logDensity = (dist: Dist): Expr => ({ kind: 'logDensity', dist });
/** ∇ log q at the batch's samples (estimated by SSGE when q is implicit). */
export const score = (dist: Dist): Expr => ({ kind: 'score', dist });

// ── arithmetic ───────────────────────────────────────────────────────────────
type Operand = Expr | number;
const lift = (a: Operand): Expr =>
  typeof a === 'number' ? (a < 0 ? neg({ kind: 'const', value: -a }) : { kind: 'const', value: a }) : a;

/** E_v[body]. */
export const E = <V extends string>(v: Var<V>, body: Expr): Expr => ({ kind: 'expect', v: v.name, body });
/** Σ_k body over the state axis. */
export const sumK = (body: Expr): Expr => ({ kind: 'sumStates', body });
export const log = (a: Operand): Expr => ({ kind: 'log', arg: lift(a) });
export const neg = (a: Operand): Expr => ({ kind: 'neg', arg: lift(a) });
export const add = (...ts: Operand[]): Expr => (ts.length === 1 ? lift(ts[0]) : { kind: 'add', terms: ts.map(lift) });
export const sub = (a: Operand, b: Operand): Expr => add(a, neg(b));
export const mul = (a: Operand, b: Operand): Expr => ({ kind: 'mul', left: lift(a), right: lift(b) });
export const div = (a: Operand, b: Operand): Expr => ({ kind: 'div', left: lift(a), right: lift(b) });
export const constant = (value: number): Expr => lift(value);
/** A named hyper-parameter (α, β, …) whose value comes from the spec. */
export const hyper = (name: string): Expr => ({ kind: 'hyper', name });
/** Stop-gradient: the value passes, the gradient does not. */
export const sg = (a: Expr): Expr => ({ kind: 'stopGradient', arg: a });

// ── objectives ───────────────────────────────────────────────────────────────
export const maximize = (body: Expr): Objective => ({ sense: 'max', body });
export const minimize = (body: Expr): Objective => ({ sense: 'min', body });

/** Convenience: the discrete-encoder kinds accepted by Neural Bayes constructs. */
export type { Discrete, EncoderKind };
