/**
 * MIGE §4.1 toy: x ~ N(0, I_d), y = ρx + √(1−ρ²)ε. The encoder q(y|x) is the Gaussian channel itself, so the planner's
 * estimator of I(X;Y) is differentiated with respect to ρ and compared with the truth ρd/(1−ρ²); bounds also report a
 * value.
 */
import * as tf from '@tensorflow/tfjs';
import { correlatedGaussian, correlatedGaussianMI, correlatedGaussianMIGrad } from '../../src/data/index.ts';
import { encoder, I, maximize, variable } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { plan, type EstimatorName } from '../../src/plan/index.ts';

export interface ToyRow {
  estimator: EstimatorName;
  dim: number;
  rho: number;
  mi_true: number;
  mi_estimate: number | null;
  grad_true: number;
  grad_estimate: number;
  grad_rel_error: number;
  seconds: number;
}

/** The Gaussian channel as an encoder network: x ↦ [ρx, log(1−ρ²)] (mean and log-variance of q(y|x)). */
export const channel = (rho: tf.Variable) => ({
  apply: (x: tf.Tensor) => tf.concat([tf.mul(rho, x), tf.mul(tf.log(tf.sub(1, tf.square(rho))), tf.onesLike(x))], 1),
});

/** The same channel as an implicit sampler y = ρx + √(1−ρ²)ε (noise drawn inside, seeded): its density is unknown to the planner. */
export const implicitChannel = (rho: tf.Variable, seed: number) => ({
  apply: (x: tf.Tensor) =>
    tf.add(tf.mul(rho, x), tf.mul(tf.sqrt(tf.sub(1, tf.square(rho))), tf.randomNormal(x.shape, 0, 1, 'float32', seed))),
});

/**
 * MIGE's estimate of dI/dρ, averaged over `draws` batches of M samples. `explicit`: q(y|x) is declared Gaussian
 * (Circumstance III, conditional score in closed form); otherwise y is an implicit sample (Circumstance I: every score
 * by SSGE).
 */
export function migeRow(
  dim: number,
  rho: number,
  explicit: boolean,
  M = 500,
  draws = 5,
  seed = 0,
): ToyRow & { circumstance: string } {
  const t0 = performance.now();
  const X = variable('X');
  const q = encoder(variable('Y'), X, { family: explicit ? 'gaussian' : 'deterministic', model: 'q', size: dim });
  const p = plan(maximize(I(X, variable('Y'), q)));
  const compiled = lower(p);
  const r = tf.variable(tf.scalar(rho));
  let grad = 0;
  for (let s = 0; s < draws; s++) {
    const g = correlatedGaussian({ dim, rho, n: M }, seed * 100 + s);
    const x = tf.tensor2d(g.x, [M, dim]);
    const model = explicit ? channel(r) : implicitChannel(r, seed * 100 + s + 7);
    const { value, grads } = tf.variableGrads(
      () => compiled.loss({ batch: { X: x }, models: { q: model }, seed: seed * 100 + s + 1 }),
      [r],
    );
    grad -= grads[r.name].dataSync()[0] / draws;
    value.dispose();
    x.dispose();
  }
  r.dispose();
  const truth = correlatedGaussianMIGrad(dim, rho);
  return {
    estimator: p.terms[0].estimator,
    circumstance: explicit ? 'III' : 'I',
    dim,
    rho,
    mi_true: correlatedGaussianMI(dim, rho),
    mi_estimate: null,
    grad_true: truth,
    grad_estimate: grad,
    grad_rel_error: Math.abs(grad - truth) / Math.abs(truth),
    seconds: (performance.now() - t0) / 1000,
  };
}
