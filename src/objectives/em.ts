/**
 * EM for a Gaussian mixture with diagonal covariances (lecture notes Appendix A.3.1; the GMM of Appendix A.1): the E
 * and M steps in closed form, the log-likelihood, and the ELBO in its three equivalent forms (1) log p(x) − KL(q(z|x) ‖
 * p(z|x)) (2) E_q[log p(x,z)] − E_q[log q(z|x)] (3) E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)), each averaged over the data. q
 * is any categorical distribution per sample (rows of `q`).
 *
 * `elbo` is form (3) in the DSL with the mixing weights maximised out: for fixed q the best p(z) is q's marginal
 * E_x[q(z|x)] (what the M step sets), and E_x KL(q(z|x) ‖ E_x[q(z|x)]) = I(X;Z), so the M step maximises E_x[Σ_k
 * q_k(x)·log p(x|z=k)] − I(X;Z) over the components. `posteriorNetwork` and `componentsNetwork` let the lowering
 * evaluate it on a mixture.
 */
import * as tf from '../tf.ts';
import {
  conditional,
  E,
  encoder,
  I,
  logDensity,
  maximize,
  mul,
  out,
  sub,
  sumK,
  variable,
  type Encoder,
  type Objective,
} from '../expr/index.ts';
import { safeLog, type ModelLike } from '../lower/index.ts';

export interface Mixture {
  /** Log mixing weights [K] (normalised by log-softmax). */
  readonly logits: tf.Tensor1D;
  /** Means [K, d]. */
  readonly means: tf.Tensor2D;
  /** Log variances [K, d]. */
  readonly logVars: tf.Tensor2D;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log π_k + log N(x_i; μ_k, σ_k²) for every sample and component: [n, K]. */
export function logJoint(x: tf.Tensor2D, m: Mixture): tf.Tensor2D {
  return tf.tidy(() => {
    const diff = tf.sub(tf.expandDims(x, 1), tf.expandDims(m.means, 0)); // [n, K, d]
    const logN = tf.mul(
      -0.5,
      tf.sum(tf.add(tf.add(tf.div(tf.square(diff), tf.exp(m.logVars)), m.logVars), LOG_2PI), 2),
    );
    return tf.add(logN, tf.logSoftmax(m.logits)) as tf.Tensor2D;
  });
}

/** Mean log-likelihood (1/n) Σ_i log Σ_k π_k N(x_i; μ_k, σ_k²). */
export const logLikelihood = (x: tf.Tensor2D, m: Mixture): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.logSumExp(logJoint(x, m), 1)));

/** E step: the posterior p(z|x) under the current mixture (the q that makes the ELBO tight). */
export const eStep = (x: tf.Tensor2D, m: Mixture): tf.Tensor2D =>
  tf.tidy(() => tf.softmax(logJoint(x, m)) as tf.Tensor2D);

/** M step: the mixture maximising E_q[log p(x,z)] for responsibilities q (closed form). */
export function mStep(x: tf.Tensor2D, q: tf.Tensor2D, floor = 1e-6): Mixture {
  return tf.tidy(() => {
    const nk = tf.sum(q, 0); // [K]
    const means = tf.div(tf.matMul(q, x, true, false), tf.expandDims(nk, 1)) as tf.Tensor2D;
    const second = tf.div(tf.matMul(q, tf.square(x), true, false), tf.expandDims(nk, 1));
    const vars = tf.maximum(tf.sub(second, tf.square(means)), floor);
    return { logits: tf.log(tf.div(nk, x.shape[0])) as tf.Tensor1D, means, logVars: tf.log(vars) as tf.Tensor2D };
  });
}

/** The three forms of the ELBO (each a mean over samples). */
export function elboForms(
  x: tf.Tensor2D,
  m: Mixture,
  q: tf.Tensor2D,
): { logEvidenceMinusKL: tf.Scalar; jointMinusEntropy: tf.Scalar; likelihoodMinusPriorKL: tf.Scalar } {
  return tf.tidy(() => {
    const joint = logJoint(x, m); // log p(x, z=k)
    const logPx = tf.logSumExp(joint, 1, true); // log p(x)
    const logPost = tf.sub(joint, logPx); // log p(z|x)
    const logPrior = tf.logSoftmax(m.logits); // log p(z)
    const logLik = tf.sub(joint, logPrior); // log p(x|z)
    const klPost = tf.sum(tf.mul(q, tf.sub(safeLog(q), logPost)), 1);
    const klPrior = tf.sum(tf.mul(q, tf.sub(safeLog(q), logPrior)), 1);
    return {
      logEvidenceMinusKL: tf.mean(tf.sub(tf.squeeze(logPx, [1]), klPost)) as tf.Scalar, // (1)
      // (2)
      jointMinusEntropy: tf.mean(tf.sub(tf.sum(tf.mul(q, joint), 1), tf.sum(tf.mul(q, safeLog(q)), 1))) as tf.Scalar,
      likelihoodMinusPriorKL: tf.mean(tf.sub(tf.sum(tf.mul(q, logLik), 1), klPrior)) as tf.Scalar, // (3)
    };
  });
}

/** The encoders of a mixture of K components over d-dimensional x: the posterior q(z|x) (model q) and p(x|z) (model gmm). */
export function mixtureEncoders(
  components: number,
  dim: number,
): { q: Encoder<'Z', 'X', 'categorical'>; p: Encoder<'X', 'Z', 'gaussian'> } {
  const X = variable('X'),
    Z = variable('Z');
  return {
    q: encoder(Z, X, { family: 'categorical', model: 'q', size: components }),
    p: encoder(X, Z, { family: 'gaussian', model: 'gmm', size: dim }),
  };
}

/** max E_x[Σ_k[q(x)·log[p(x|z)]]] − I(X;Z): the ELBO's form (3) with p(z) = E_x[q(z|x)], the M step's optimum (Appendix A.3.1). */
export function elbo(q: Encoder<'Z', 'X', 'categorical'>, p: Encoder<'X', 'Z', 'gaussian'>): Objective {
  const X = variable('X'),
    Z = variable('Z');
  return maximize(sub(E(X, sumK(mul(out(q), logDensity(conditional(p))))), I(X, Z, q)));
}

/** The E step as a network: x ↦ log π_k + log N(x; μ_k, σ_k²), whose softmax is the posterior p(z|x) (Eq. 9). */
export const posteriorNetwork = (m: Mixture): ModelLike => ({ apply: (x) => logJoint(x as tf.Tensor2D, m) });

/** The components as a network of the one-hot state: e_k ↦ [μ_k, log σ_k²], the mean and log-variance of p(x|z=k). */
export const componentsNetwork = (m: Mixture): ModelLike => ({
  apply: (z) => tf.concat([tf.matMul(z as tf.Tensor2D, m.means), tf.matMul(z as tf.Tensor2D, m.logVars)], 1),
});
