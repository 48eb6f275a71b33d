/**
 * Metrics of MIGE's correlated-Gaussian toy (§4.1), DESIGN's `mi_true`, `mi_estimate`, `grad_true`, `grad_estimate`,
 * `grad_rel_error`: the planned estimator of the objective, differentiated with respect to the channel's ρ, against
 * I = −d/2·log(1−ρ²) and dI/dρ = ρd/(1−ρ²).
 */
import * as tf from '../tf.ts';
import { correlatedGaussianMI, correlatedGaussianMIGrad, type Dataset } from '../data/index.ts';
import { lower, type PlannedObjective } from '../lower/index.ts';
import type { Network } from '../models/index.ts';
import { gatherRows } from '../train/trainable.ts';

/** Averages over the data set in batches of `batch`; `mi_estimate` only when the estimator gives a value (not MIGE's surrogate). */
export function toyMetrics(
  p: PlannedObjective,
  nets: Record<string, Network>,
  vars: Record<string, Dataset>,
  channel: Network & { rho: tf.Variable },
  batch: number,
  seed: number,
): Record<string, number> {
  const compiled = lower(p.plan);
  const x = vars.X;
  const steps = Math.max(1, Math.floor(x.n / batch));
  let grad = 0;
  let value = 0;
  const wasTrainable = channel.rho.trainable;
  channel.rho.trainable = true; // differentiate even a fixed ρ
  for (let s = 0; s < steps; s++) {
    const idx = Int32Array.from({ length: Math.min(batch, x.n) }, (_, i) => s * batch + i);
    const batchVars = Object.fromEntries(Object.entries(vars).map(([v, ds]) => [v, gatherRows(ds, idx, [ds.dim])]));
    const { value: v, grads } = tf.variableGrads(
      () => compiled.value({ batch: batchVars, models: nets, hypers: p.hypers, seed: seed + s, training: false }),
      [channel.rho],
    );
    grad += grads[channel.rho.name].dataSync()[0] / steps;
    value += v.dataSync()[0] / steps;
    [v, ...Object.values(grads), ...Object.values(batchVars)].forEach((t) => t.dispose());
  }
  channel.rho.trainable = wasTrainable;
  const rho = channel.rho.dataSync()[0];
  const gradTrue = correlatedGaussianMIGrad(x.dim, rho);
  const estimatesValue = p.plan.terms.every((t) => t.valueEstimated);
  return {
    rho,
    mi_true: correlatedGaussianMI(x.dim, rho),
    ...(estimatesValue ? { mi_estimate: value } : {}),
    grad_true: gradTrue,
    grad_estimate: grad,
    grad_rel_error: Math.abs(grad - gradTrue) / Math.abs(gradTrue),
  };
}
