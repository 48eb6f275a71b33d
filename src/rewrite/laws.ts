/** The named laws. Each is an identity between objectives with the same value and gradient (tested generically). */
import {
  add,
  constant,
  div,
  E,
  encoder,
  JSD,
  KL,
  CE,
  Hcond,
  log,
  maximize,
  minimize,
  mul,
  neg,
  out,
  posterior,
  sameNetwork,
  sub,
  sumK,
  variable,
  I,
  H,
  givenLabel,
  hasExplicitMarginal,
  type Dist,
  type Encoder,
  type Expr,
} from '../expr/index.ts';
import { hasBitProbabilities, isOneHot } from '../families/index.ts';
import { rewrites, type Law } from './law.ts';
import { checkArgs, EncoderArg } from '../api/arguments.ts';

const X = variable('X');
const Z = variable('Z');
const catL = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 });
const bernL = encoder(Z, X, { family: 'bernoulli', model: 'L', size: 1 });
const gaussQ = encoder(Z, X, { family: 'gaussian', model: 'q', size: 3 });

/** I(X;Z) = H(Z) − H(Z|X). */
export const miAsEntropies: Law = {
  name: 'mi-as-entropies',
  statement: 'I(X;Z) = H(Z) − H(Z|X)',
  apply: rewrites('mutualInfo', (e) => sub({ kind: 'entropy', enc: e.enc }, { kind: 'condEntropy', enc: e.enc })),
  example: () => maximize(I(X, Z, catL)),
};

/** KL(p(z|x) ‖ q) = CE(p(z|x), q) − H(Z|X). */
export const klAsCrossEntropyMinusEntropy: Law = {
  name: 'kl-as-ce-minus-entropy',
  statement: 'KL(p ‖ q) = CE(p, q) − H(p)',
  apply: rewrites('kl', (e) =>
    e.p.kind === 'conditional' && !e.p.enc.observedTarget
      ? sub({ kind: 'crossEntropy', p: e.p, q: e.q }, { kind: 'condEntropy', enc: e.p.enc })
      : undefined,
  ),
  example: () =>
    minimize(
      add(
        KL({ kind: 'conditional', enc: gaussQ }, { kind: 'prior', v: 'Z', family: 'standard-normal' }),
        KL({ kind: 'conditional', enc: catL }, { kind: 'prior', v: 'Z', family: 'uniform' }),
      ),
    ),
};

/** JSD_w(q_1, …, q_n) = Σ_i w_i KL(q_i ‖ Σ_j w_j q_j). */
export const jsdAsMeanKl: Law = {
  name: 'jsd-as-mean-kl',
  statement: 'JSD_w(q_1,…,q_n) = Σ_i w_i·KL(q_i ‖ m),  m = Σ_j w_j q_j',
  apply: rewrites('jsd', (e) => {
    const m: Dist = { kind: 'mixture', weights: e.weights, dists: e.dists };
    return add(...e.dists.map((q, i) => mul(e.weights[i], KL(q, m))));
  }),
  example: () => maximize(JSD([0.2, 0.3, 0.5], [posterior(catL, 0), posterior(catL, 1), posterior(catL, 3)])),
};

/** f_1 = L/E_x[L] and f_0 = (1−L)/(1−E_x[L]) of a Bernoulli encoder, as expressions. */
export const bernoulliRatios = (enc: Encoder) => {
  checkArgs('bernoulliRatios', { enc: [EncoderArg, enc] });
  const L = out(enc);
  const m = E(variable(givenLabel(enc)), L);
  return { f1: div(L, m), f0: div(sub(1, L), sub(1, m)) };
};

/** Neural Bayes Proposition 1: JSD(p(x|z=1), p(x|z=0)) = ½E_x[f_1 log(f_1/(f_1+f_0))] + ½E_x[f_0 log(f_0/(f_1+f_0))] + log 2 (Eq. 3). */
export const dmsProposition1: Law = {
  name: 'dms-proposition-1',
  statement:
    'JSD(p(x|z=1), p(x|z=0)) = ½E_x[f₁ log(f₁/(f₁+f₀))] + ½E_x[f₀ log(f₀/(f₁+f₀))] + log 2   (Neural Bayes Eq. 3)',
  apply: rewrites('jsd', (n) => {
    const [p1, p0] = n.dists;
    const halves = n.weights.length === 2 && n.weights.every((w) => w === 0.5);
    const posteriors =
      n.dists.length === 2 &&
      p1.kind === 'posterior' &&
      p0.kind === 'posterior' &&
      p1.k === 1 &&
      p0.k === 0 &&
      !p1.complement &&
      !p0.complement;
    const latent = posteriors && !p1.enc.observedTarget && !p0.enc.observedTarget;
    if (!halves || !latent || !hasBitProbabilities(p1.enc.family) || !sameNetwork(p0.enc, p1.enc)) return undefined;
    return dmsEq3Body(p1.enc);
  }),
  example: () => maximize(JSD([0.5, 0.5], [posterior(bernL, 1), posterior(bernL, 0)])),
};

/** The body of Neural Bayes Eq. 3 for a Bernoulli encoder. */
export function dmsEq3Body(enc: Encoder): Expr {
  checkArgs('dmsEq3Body', { enc: [EncoderArg, enc] });
  const { f1, f0 } = bernoulliRatios(enc);
  const x = variable(givenLabel(enc));
  const term = (f: Expr) => mul(0.5, E(x, mul(f, log(div(f, add(f1, f0))))));
  return add(term(f1), term(f0), log(2));
}

/** Lemma 1 plug-in: H(Z) = −Σ_k E_x[L_k(x)] log E_x[L_k(x)] for a categorical encoder. */
export const entropyAsPlugin: Law = {
  name: 'entropy-as-plugin',
  statement: 'H(Z) = −Σ_k E_x[L_k(x)]·log E_x[L_k(x)]   (Neural Bayes Lemma 1)',
  apply: rewrites('entropy', (n) => {
    // an observed target (the data's labels) has the entropy of its counts, not the classifier's plug-in
    if (!isOneHot(n.enc.family) || n.enc.observedTarget) return undefined;
    const m = E(variable(givenLabel(n.enc)), out(n.enc));
    return neg(sumK(mul(m, log(m))));
  }),
  example: () => maximize(H(Z, catL)),
};

/** H(Z|X) = −E_x[Σ_k L_k(x) log L_k(x)] for a categorical encoder. */
export const conditionalEntropyExplicit: Law = {
  name: 'cond-entropy-explicit',
  statement: 'H(Z|X) = −E_x[Σ_k L_k(x)·log L_k(x)]',
  apply: rewrites('condEntropy', (n) =>
    // of observed labels, H(Y|Z) is the classifier's likelihood at the labels, not the entropy of its outputs
    isOneHot(n.enc.family) && !n.enc.observedTarget
      ? neg(E(variable(givenLabel(n.enc)), sumK(mul(out(n.enc), log(out(n.enc))))))
      : undefined,
  ),
  example: () => minimize(Hcond(Z, X, catL)),
};

/** CE(U(z), p(z)) = −(1/K) Σ_k log E_x[L_k(x)] for a categorical encoder. */
export const uniformCrossEntropyPlugin: Law = {
  name: 'uniform-ce-plugin',
  statement: 'CE(U(z), p(z)) = −(1/K)·Σ_k log E_x[L_k(x)]',
  apply: rewrites('crossEntropy', (n) => {
    const uniform = n.p.kind === 'prior' && n.p.family === 'uniform';
    if (!uniform || n.q.kind !== 'marginal') return undefined;
    const enc = n.q.enc;
    if (!isOneHot(enc.family) || !hasExplicitMarginal(enc) || enc.observedTarget) return undefined;
    return mul(neg(constant(1 / enc.size)), sumK(log(E(variable(givenLabel(enc)), out(enc)))));
  }),
  example: () => minimize(CE({ kind: 'prior', v: 'Z', family: 'uniform' }, { kind: 'marginal', enc: catL })),
};
