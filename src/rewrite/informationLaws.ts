/**
 * Laws completing the set for the seeds and the lecture notes: I as an expected KL, cross-entropy of the marginal,
 * KL = CE − H of a marginal, KL to a uniform prior, KL of a distribution to itself, the symmetries of JSD and of the
 * paired joint, Neural Bayes Eq. 5, 6, 8 and 9 written as the paper writes them (ε = 0), and the ELBO's KL as an
 * expected log-ratio (lecture notes §3 and Appendix A.3). Each checks its side conditions (families, which encoder,
 * which variable) on the nodes before it gives a right-hand side.
 */
import {
  add,
  conditional,
  constant,
  CE,
  div,
  E,
  encoder,
  H,
  Hpair,
  I,
  Ipair,
  JSD,
  KL,
  log,
  logDensity,
  marginal,
  maximize,
  minimize,
  mul,
  neg,
  out,
  posterior,
  prior,
  sameDist,
  sub,
  sumK,
  uniformPrior,
  variable,
  givenLabel,
  hasExplicitMarginal,
  statesOf,
  type Encoder,
  type Expr,
} from '../expr/index.ts';
import { hasBitProbabilities, isOneHot, isReparameterisable } from '../families/index.ts';
import { rewrites, type Law } from './law.ts';
import { bernoulliRatios } from './laws.ts';

const X = variable('X');
const Z = variable('Z');
const [W] = [variable('W')];
const catL = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 });
const bernL = encoder(Z, X, { family: 'bernoulli', model: 'L', size: 1 });
const gaussQ = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });
const psi = encoder(W, X, { family: 'categorical', model: 'Psi', size: 3 });

const sameEncoder = (a: Encoder, b: Encoder): boolean => sameDist(conditional(a), conditional(b));
/** A discrete encoder whose marginal p(z=k) = E_x[L_k(x)] is explicit and one-hot: Neural Bayes Lemma 1 holds. */
const lemma1 = (enc: Encoder): boolean => isOneHot(enc.family) && hasExplicitMarginal(enc) && !enc.observedTarget;
const xOf = (enc: Encoder) => variable(givenLabel(enc));

/** I(X;Z) = KL(p(z|x) ‖ p(z)), the KL averaged over the data (its conditional's KL is read at every x). */
export const miAsExpectedKl: Law = {
  name: 'mi-as-expected-kl',
  statement: 'KL(p(z|x) ‖ p(z)) = I(X;Z)   (E_x of the KL to the marginal)',
  apply: rewrites('kl', (e) =>
    e.p.kind === 'conditional' && e.q.kind === 'marginal' && sameEncoder(e.p.enc, e.q.enc) && lemma1(e.p.enc)
      ? { kind: 'mutualInfo', enc: e.p.enc }
      : undefined,
  ),
  example: () => maximize(KL(conditional(catL), marginal(catL))),
};

/** CE(p(z|x), p(z)) = H(Z): −E_x Σ_z p(z|x) log p(z) = −Σ_z p(z) log p(z). */
export const crossEntropyOfMarginal: Law = {
  name: 'ce-of-marginal',
  statement: 'CE(p(z|x), p(z)) = H(Z)   (E_x of the cross-entropy to the marginal)',
  apply: rewrites('crossEntropy', (e) =>
    e.p.kind === 'conditional' && e.q.kind === 'marginal' && sameEncoder(e.p.enc, e.q.enc) && lemma1(e.p.enc)
      ? { kind: 'entropy', enc: e.p.enc }
      : undefined,
  ),
  example: () => minimize(CE(conditional(catL), marginal(catL))),
};

/** KL(p(z) ‖ U(z)) = log K − H(Z) for a marginal over K states. */
export const klToUniform: Law = {
  name: 'kl-to-uniform',
  statement: 'KL(p(z) ‖ U(z)) = log K − H(Z)',
  apply: rewrites('kl', (e) =>
    e.p.kind === 'marginal' &&
    e.q.kind === 'prior' &&
    e.q.family === 'uniform' &&
    e.q.v === e.p.enc.target &&
    lemma1(e.p.enc)
      ? sub(log(statesOf(e.p.enc)), { kind: 'entropy', enc: e.p.enc })
      : undefined,
  ),
  example: () => minimize(KL(marginal(catL), prior(Z, 'uniform'))),
};

/** KL(p ‖ p) = 0. */
export const klSelf: Law = {
  name: 'kl-self',
  statement: 'KL(p ‖ p) = 0',
  apply: rewrites('kl', (e) => (sameDist(e.p, e.q) ? constant(0) : undefined)),
  example: () => minimize(add(H(Z, catL), KL(conditional(catL), conditional(catL)))),
};

/**
 * Whether two operands of a symmetric term are out of their canonical order (by their structure, never their printed
 * names): the symmetric laws rewrite towards the order, so the normaliser stops and the e-graph has both.
 */
const outOfOrder = (a: unknown, b: unknown): boolean => JSON.stringify(a) > JSON.stringify(b);

/** JSD_(w1,w2)(p, q) = JSD_(w2,w1)(q, p). */
export const jsdSwap: Law = {
  name: 'jsd-swap',
  statement: 'JSD_(w₁,w₂)(p, q) = JSD_(w₂,w₁)(q, p)',
  apply: rewrites('jsd', (e) =>
    e.dists.length === 2 && outOfOrder(e.dists[0], e.dists[1])
      ? { kind: 'jsd', weights: [e.weights[1], e.weights[0]], dists: [e.dists[1], e.dists[0]] }
      : undefined,
  ),
  example: () => maximize(JSD([0.3, 0.7], [posterior(catL, 2), posterior(catL, 0)])),
};

/** I(Z;W) = I(W;Z) and H(Z,W) = H(W,Z) on the paired joint. */
export const pairedSymmetry: Law = {
  name: 'paired-symmetry',
  statement: 'I(Z;W) = I(W;Z),  H(Z,W) = H(W,Z)   (the paired joint read transposed)',
  apply: (e: Expr) => {
    if (e.kind === 'pairedInfo' && outOfOrder(e.a, e.b)) return { kind: 'pairedInfo', a: e.b, b: e.a };
    if (e.kind === 'pairedEntropy' && !e.conditional && outOfOrder(e.a, e.b)) return { ...e, a: e.b, b: e.a };
    return undefined;
  },
  example: () =>
    outOfOrder(catL, psi)
      ? maximize(sub(Ipair(Z, W, catL, psi), Hpair(Z, W, catL, psi)))
      : maximize(sub(Ipair(W, Z, psi, catL), Hpair(W, Z, psi, catL))),
};

/** Neural Bayes Eq. 5 with ε = 0: JSD(p(x|z=1), p(x|z=0)) = log 2 − ½E_x[f₁ log(1 + f₀/f₁)] − ½E_x[f₀ log(1 + f₁/f₀)]. */
export const dmsEq5: Law = {
  name: 'dms-eq-5',
  statement:
    'JSD(p(x|z=1), p(x|z=0)) = log 2 − ½E_x[f₁ log(1 + f₀/f₁)] − ½E_x[f₀ log(1 + f₁/f₀)]   (Neural Bayes Eq. 5, ε = 0)',
  apply: rewrites('jsd', (n) => {
    const [p1, p0] = n.dists;
    const bernoulliHalves =
      n.weights.length === 2 &&
      n.weights.every((w) => w === 0.5) &&
      p1.kind === 'posterior' &&
      p0.kind === 'posterior' &&
      p1.k === 1 &&
      p0.k === 0 &&
      !p1.complement &&
      !p0.complement &&
      hasBitProbabilities(p1.enc.family) &&
      !p1.enc.observedTarget &&
      sameEncoder(p1.enc, p0.enc);
    if (!bernoulliHalves) return undefined;
    const { f1, f0 } = bernoulliRatios(p1.enc);
    const term = (a: Expr, b: Expr) => mul(0.5, E(xOf(p1.enc), mul(a, log(add(1, div(b, a))))));
    return sub(log(2), add(term(f1, f0), term(f0, f1)));
  }),
  example: () => maximize(JSD([0.5, 0.5], [posterior(bernL, 1), posterior(bernL, 0)])),
};

/** Neural Bayes Eq. 6: I(X;Z) = E_x[Σ_k L_k(x) log(L_k(x)/E_x[L_k(x)])]. */
export const mimEq6: Law = {
  name: 'mim-eq-6',
  statement: 'I(X;Z) = E_x[Σ_k L_k(x)·log(L_k(x)/E_x[L_k(x)])]   (Neural Bayes Eq. 6)',
  apply: rewrites('mutualInfo', (n) => {
    if (!lemma1(n.enc)) return undefined;
    const x = xOf(n.enc);
    const L = out(n.enc);
    return E(x, sumK(mul(L, log(div(L, E(x, L))))));
  }),
  example: () => maximize(I(X, Z, catL)),
};

/** Neural Bayes Eq. 8 with ε = 0: I(X;Z) = E_x[Σ_k L_k log L_k] − Σ_k E_x[L_k] log E_x[L_k]. */
export const mimEq8: Law = {
  name: 'mim-eq-8',
  statement: 'I(X;Z) = E_x[Σ_k L_k(x)·log L_k(x)] − Σ_k E_x[L_k(x)]·log E_x[L_k(x)]   (Neural Bayes Eq. 8, ε = 0)',
  apply: rewrites('mutualInfo', (n) => {
    if (!lemma1(n.enc)) return undefined;
    const x = xOf(n.enc);
    const L = out(n.enc);
    const m = E(x, L);
    return sub(E(x, sumK(mul(L, log(L)))), sumK(mul(m, log(m))));
  }),
  example: () => maximize(I(X, Z, catL)),
};

/** Neural Bayes Eq. 9: R_p(L) = −Σ_k [(1/K) log E_x[L_k] + ((K−1)/K) log(1 − E_x[L_k])]. */
export const uniformPriorEq9: Law = {
  name: 'uniform-prior-eq-9',
  statement: 'R_p(L) = −Σ_k[(1/K)·log E_x[L_k(x)] + ((K−1)/K)·log(1 − E_x[L_k(x)])]   (Neural Bayes Eq. 9)',
  apply: rewrites('regulariser', (n) => {
    if (n.name !== 'uniformPrior' || !lemma1(n.enc)) return undefined;
    const K = statesOf(n.enc);
    const m = E(xOf(n.enc), out(n.enc));
    return neg(sumK(add(mul(1 / K, log(m)), mul((K - 1) / K, log(sub(1, m))))));
  }),
  example: () => minimize(uniformPrior(catL)),
};

/**
 * KL(q(z|x) ‖ p(z)) = E_x[log q(z|x) − log p(z)] at z ~ q(z|x) (reparameterised): the ELBO's KL as the expected
 * log-ratio, which turns the VAE form of the ELBO into its joint form (lecture notes §3 and Appendix A.3).
 */
export const klAsExpectedLogRatio: Law = {
  name: 'kl-as-expected-log-ratio',
  statement: 'KL(q(z|x) ‖ p(z)) = E_x[log q(z|x) − log p(z)],  z ~ q(z|x)   (lecture notes §3, Appendix A.3)',
  apply: rewrites('kl', (e) => {
    if (e.p.kind !== 'conditional' || !isReparameterisable(e.p.enc.family) || e.p.enc.observedTarget) return undefined;
    const ofZ = (e.q.kind === 'prior' && e.q.v === e.p.enc.target) || e.q.kind === 'conditional';
    if (!ofZ || (e.q.kind === 'conditional' && e.q.enc.target !== e.p.enc.target)) return undefined;
    return E(xOf(e.p.enc), sub(logDensity(e.p), logDensity(e.q)));
  }),
  example: () => minimize(KL(conditional(gaussQ), prior(Z, 'standard-normal'))),
  examplePins: () => [{ expr: KL(conditional(gaussQ), prior(Z, 'standard-normal')), estimator: 'reparam-mc' }],
};

export const INFORMATION_LAWS: readonly Law[] = [
  miAsExpectedKl,
  crossEntropyOfMarginal,
  klToUniform,
  klSelf,
  jsdSwap,
  pairedSymmetry,
  dmsEq5,
  mimEq6,
  mimEq8,
  uniformPriorEq9,
  klAsExpectedLogRatio,
];
