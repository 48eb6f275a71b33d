/**
 * Neural Bayes objectives (Kumar et al.), written in the DSL. Each function takes the encoder L (Lemma 1: p(z=k|x) =
 * L_k(x)). The stop-gradients of Theorem 2 are not written here: the planner places them.
 */
import {
  add,
  div,
  E,
  hyper,
  I,
  JSD,
  log,
  maximize,
  minimize,
  mul,
  neg,
  out,
  posterior,
  smoothness,
  sub,
  sumK,
  uniformPrior,
  variable,
  givenLabel,
  type Encoder,
  type Expr,
  type Objective,
} from '../expr/index.ts';
import { bernoulliRatios, dmsEq3Body } from '../rewrite/laws.ts';

type Bernoulli = Encoder<string, string, 'bernoulli'>;
type Categorical = Encoder<string, string, 'categorical'>;

const EPSILON = 1e-7;
const dataOf = (L: Encoder) => variable(givenLabel(L));
const zOf = (L: Encoder) => variable(L.target);

/** Optionally add β·R_c(L) (Neural Bayes Eq. 4) to a minimised body. */
const withSmoothness = (body: Expr, L: Encoder, beta?: string): Expr =>
  beta ? add(body, mul(hyper(beta), smoothness(L))) : body;

/** DMS as a divergence: max JSD(p(x|z=1), p(x|z=0)) (Neural Bayes Eq. 2 with J = JSD). */
export const dmsJsd = (L: Bernoulli): Objective => maximize(JSD([0.5, 0.5], [posterior(L, 1), posterior(L, 0)]));

/** DMS, Neural Bayes Eq. 3, written literally with f_1 = L/E_x[L], f_0 = (1−L)/(1−E_x[L]). */
export const dmsEq3 = (L: Bernoulli): Objective => maximize(dmsEq3Body(L));

/** DMS implementation form, Neural Bayes Eq. 5: min ½E[f_1 log(1 + f_0/f_1)] + ½E[f_0 log(1 + f_1/f_0)] (+ β·R_c), f with +ε. */
export function dmsEq5(L: Bernoulli, beta?: string): Objective {
  const r = bernoulliRatios(L);
  const f1 = add(r.f1, EPSILON);
  const f0 = add(r.f0, EPSILON);
  const x = dataOf(L);
  const term = (a: Expr, b: Expr) => mul(0.5, E(x, mul(a, log(add(1, div(b, a))))));
  return minimize(withSmoothness(add(term(f1, f0), term(f0, f1)), L, beta));
}

/** Multi-partition DMS, Neural Bayes Eq. 23: max (1/K) Σ_k JSD(q_k, q̄_k), q̄_k the complement p(x|z≠k) (+ β·R_c as a penalty). */
export function dmsMulti(L: Categorical, beta?: string): Objective {
  const K = L.size;
  const terms = Array.from({ length: K }, (_, k) =>
    mul(1 / K, JSD([0.5, 0.5], [posterior(L, k), posterior(L, k, true)])),
  );
  const body = add(...terms);
  return maximize(beta ? sub(body, mul(hyper(beta), smoothness(L))) : body);
}

/** MIM as information: max I(X;Z) (Neural Bayes Proposition 2). */
export const mimInfo = (L: Categorical): Objective => maximize(I(dataOf(L), zOf(L), L));

/** MIM v1, Neural Bayes Eq. 6: max E_x[Σ_k L_k(x) log(L_k(x)/E_x[L_k(x)])]. */
export function mimEq6(L: Categorical): Objective {
  const x = dataOf(L);
  const Lx = out(L);
  return maximize(E(x, sumK(mul(Lx, log(div(Lx, E(x, Lx)))))));
}

/** MIM v1 plug-in form, Neural Bayes Eq. 8: min −E_x[Σ_k L_k log⟨L_k + ε⟩] + Σ_k E_x[L_k] log E_x[L_k]. */
export function mimEq8(L: Categorical): Objective {
  const x = dataOf(L);
  const Lx = out(L);
  const m = E(x, Lx);
  return minimize(add(neg(E(x, sumK(mul(Lx, log(add(Lx, EPSILON)))))), sumK(mul(m, log(m)))));
}

/** MIM v2, Neural Bayes Eq. 10: min −E_x[Σ_k L_k log⟨L_k + ε⟩] + (1 + α)·R_p + β·R_c. */
export function mimV2(L: Categorical, alpha = 'α', beta = 'β'): Objective {
  const x = dataOf(L);
  const Lx = out(L);
  const conditional = neg(E(x, sumK(mul(Lx, log(add(Lx, EPSILON))))));
  return minimize(add(conditional, mul(add(1, hyper(alpha)), uniformPrior(L)), mul(hyper(beta), smoothness(L))));
}
