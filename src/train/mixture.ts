/**
 * EM for a Gaussian mixture (lecture notes Appendix A.3.1) as a run: k-means++ seeding, then E steps (Eq. 9, the
 * posterior in closed form) and M steps (Eq. 10, closed form) over the whole data. Each iteration records the
 * log-likelihood and the value of the DSL objective `em.elbo` lowered like any other objective — the ELBO the M step
 * has just maximised — so log p_{t−1}(x) ≤ ELBO_t ≤ log p_t(x).
 */
import * as tf from '../tf.ts';
import { makeRng } from '../data/rng.ts';
import { lower, type PlannedObjective } from '../lower/index.ts';
import { em } from '../objectives/index.ts';
import type { EpochRecord } from './loop.ts';

export interface EmConfig {
  readonly iterations: number;
  /** Stop once an iteration raises the log-likelihood by less than this (nats per sample); 0 runs every iteration. */
  readonly tolerance: number;
  readonly seed: number;
}

/** One EM iteration in the history: the loss (−ELBO), the ELBO after the M step and the log-likelihood. */
export type MixtureRecord = EpochRecord & { elbo: number; log_likelihood: number };

export interface EmResult {
  readonly mixture: em.Mixture;
  /** Per iteration t: `log_likelihood` of the new mixture, `elbo` (the DSL objective after the M step), `loss` = −elbo. */
  readonly history: MixtureRecord[];
  /** Log-likelihood of the initial mixture. */
  readonly initialLogLikelihood: number;
}

/**
 * The initial mixture: means at K data points chosen by k-means++ seeding (each next one with probability ∝ its squared
 * distance to the nearest chosen one), every variance the data's variance in that dimension, equal weights.
 */
export function initialMixture(x: Float32Array, n: number, dim: number, components: number, seed: number): em.Mixture {
  if (components > n) throw new Error(`a mixture of ${components} components needs at least as many points, got ${n}`);
  const rng = makeRng(`${seed}:mixture-init`);
  const chosen = [rng.int(n)];
  const nearest = new Float64Array(n).fill(Infinity);
  while (chosen.length < components) {
    const c = chosen[chosen.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      let d2 = 0;
      for (let j = 0; j < dim; j++) d2 += (x[i * dim + j] - x[c * dim + j]) ** 2;
      nearest[i] = Math.min(nearest[i], d2);
      total += nearest[i];
    }
    let u = rng.uniform() * total;
    let next = 0;
    // the first point whose cumulative weight passes u (k-means++ sampling ∝ squared distance)
    for (u -= nearest[next]; next < n - 1 && u > 0; u -= nearest[next]) next++;
    chosen.push(next);
  }
  return tf.tidy(() => {
    const data = tf.tensor2d(x, [n, dim]);
    const variance = tf.maximum(tf.moments(data, 0).variance, 1e-6);
    return {
      logits: tf.zeros([components]) as tf.Tensor1D,
      means: tf.gather(data, tf.tensor1d(chosen, 'int32')) as tf.Tensor2D,
      logVars: tf.tile(tf.expandDims(tf.log(variance), 0), [components, 1]) as tf.Tensor2D,
    };
  });
}

const disposeMixture = (m: em.Mixture) => tf.dispose([m.logits, m.means, m.logVars]);

/** Run EM on x [n, dim] from `start`; the prepared objective must be the mixture's ELBO (models q and gmm). */
export function fitMixture(
  x: tf.Tensor2D,
  start: em.Mixture,
  prepared: PlannedObjective,
  c: EmConfig,
  onIteration?: (record: MixtureRecord) => void,
): EmResult {
  const elbo = lower(prepared.plan, prepared.encoders);
  const initialLogLikelihood = em.logLikelihood(x, start).dataSync()[0];
  let mixture = start;
  let previous = initialLogLikelihood;
  const history: MixtureRecord[] = [];
  for (let t = 1; t <= c.iterations; t++) {
    const t0 = performance.now();
    const q = em.eStep(x, mixture); // Eq. 9: q(z|x) = p(z|x) under the current mixture
    const next = em.mStep(x, q); // Eq. 10: argmax of the ELBO for this q
    q.dispose();
    const value = tf.tidy(
      () =>
        elbo
          .value({
            batch: { X: x },
            models: { q: em.posteriorNetwork(mixture), gmm: em.componentsNetwork(next) },
            training: false,
            seed: c.seed,
          })
          .dataSync()[0],
    );
    const logLikelihood = em.logLikelihood(x, next).dataSync()[0];
    disposeMixture(mixture);
    mixture = next;
    const record: MixtureRecord = {
      epoch: t,
      loss: -value,
      elbo: value,
      log_likelihood: logLikelihood,
      seconds: (performance.now() - t0) / 1000,
    };
    history.push(record);
    onIteration?.(record);
    if (c.tolerance > 0 && logLikelihood - previous < c.tolerance) break;
    previous = logLikelihood;
  }
  return { mixture, history, initialLogLikelihood };
}
