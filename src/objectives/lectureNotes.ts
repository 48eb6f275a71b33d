/**
 * Objectives of the lecture notes (Variational and Information Theoretic Principles in Neural Networks), in the DSL.
 */
import {
  add,
  conditional,
  E,
  KL,
  logDensity,
  maximize,
  prior,
  sub,
  variable,
  givenLabel,
  type Encoder,
  type Objective,
} from '../expr/index.ts';

type Gaussian = Encoder<string, string, 'gaussian'>;

/** ELBO = E_{z~q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ N(0, I))  (§3, the VAE form; the planner picks the closed-form KL). */
export function elbo(q: Gaussian, decoder: Encoder): Objective {
  const x = variable(givenLabel(q));
  return maximize(
    sub(E(x, logDensity(conditional(decoder))), KL(conditional(q), prior(variable(q.target), 'standard-normal'))),
  );
}

/** ELBO = E_{z~q}[log p(x, z)] − E_{z~q}[log q(z|x)] with log p(x, z) = log p(x|z) + log p(z)  (Appendix A.3, second form). */
export function elboJoint(q: Gaussian, decoder: Encoder): Objective {
  const x = variable(givenLabel(q));
  const z = variable(q.target);
  return maximize(
    E(
      x,
      sub(add(logDensity(conditional(decoder)), logDensity(prior(z, 'standard-normal'))), logDensity(conditional(q))),
    ),
  );
}
