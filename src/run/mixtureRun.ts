/**
 * A mixture spec (`model.mixture`, `train.algorithm: em`) as a run: fit by EM, then report.json with the log-likelihood,
 * the ELBO and ARI/NMI of the components against the labels, the per-iteration history, and the plots
 * log-likelihood.svg and mixture.svg (2-D data) or partition.svg (the data plane of embedded synthetic data).
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { print } from '../expr/index.ts';
import { adjustedRandIndex, kmeansBaseline, normalizedMutualInfo } from '../metrics/index.ts';
import { em } from '../objectives/index.ts';
import { explainJson } from '../plan/index.ts';
import { lineChartSvg, mixtureSvg, scatterSvg } from '../report/index.ts';
import type { EmTrainSpec, Spec } from '../spec/schema.ts';
import { loadRunData } from '../spec/data.ts';
import { fitMixture, initialMixture } from '../train/mixture.ts';
import { prepareObjective } from '../spec/compile.ts';
import type { Report, TrainOptions } from './run.ts';
import { claimRun } from './claim.ts';
import { writeFileAtomic } from '../train/durable.ts';

export type MixtureSpec = Spec & { readonly train: EmTrainSpec; readonly model: { readonly mixture: { readonly components: number } } };

/** The spec as a mixture spec (decodeSpec pairs `train.algorithm: em` with `model.mixture`). */
export function asMixtureSpec(spec: Spec): MixtureSpec {
  if (spec.train.algorithm !== 'em' || !spec.model.mixture) throw new Error(`${spec.name}: EM needs model.mixture and train.algorithm: em`);
  return spec as MixtureSpec;
}

/** The run's plots: the log-likelihood and ELBO per iteration, and the fitted mixture over the data. */
async function writeMixturePlots(dir: string, report: Report, x: tf.Tensor2D, mixture: em.Mixture, assigned: Int32Array, plane: Float32Array | undefined): Promise<void> {
  const curve = report.history.flatMap((h) => [
    { x: h.epoch, y: h.log_likelihood, series: 'log-likelihood log p(x)' },
    { x: h.epoch, y: h.elbo, series: 'ELBO after the M step' },
  ]);
  writeFileSync(join(dir, 'log-likelihood.svg'), await lineChartSvg(curve, { title: 'EM: nats per sample', x: 'iteration', y: 'nats per sample' }));
  if (x.shape[1] === 2) {
    const means = mixture.means.arraySync();
    const sds = tf.tidy(() => tf.exp(tf.mul(0.5, mixture.logVars)).arraySync() as number[][]);
    const components = means.map((m, k) => ({ mean: [m[0], m[1]] as [number, number], sd: [sds[k][0], sds[k][1]] as [number, number] }));
    writeFileSync(join(dir, 'mixture.svg'), await mixtureSvg(x.dataSync() as Float32Array, assigned, components, 'fitted mixture: means, 2σ ellipses, points by argmax_k q(z=k|x)'));
  } else if (plane) writeFileSync(join(dir, 'partition.svg'), await scatterSvg(plane, assigned, 'components (argmax_k q(z=k|x)) on the data plane'));
}

/** Fit the spec's mixture by EM and write the run directory. */
export async function trainMixture(spec: MixtureSpec, o: TrainOptions, run: { backend: string; native: Report['native']; started: number }): Promise<{ dir: string; report: Report }> {
  const log = o.log ?? (() => {});
  if (o.resume) throw new Error('--resume: an EM run keeps no checkpoints; train it again (it takes seconds)');
  const prepared = prepareObjective(spec);
  const data = loadRunData(spec.data, spec.seed).train;
  using claim = claimRun(spec, o);
  const { dir } = claim;
  claim.notes.forEach(log);
  log(`objective: ${print(prepared.objective)} (EM, ${spec.model.mixture.components} components)`);
  const x = tf.tensor2d(data.x, [data.n, data.dim]);
  const start = initialMixture(data.x, data.n, data.dim, spec.model.mixture.components, spec.seed);
  const iterations = Math.min(spec.train.iterations, o.stopAfter ?? spec.train.iterations);
  const fit = fitMixture(x, start, prepared, { iterations, tolerance: spec.train.tolerance ?? 0, seed: spec.seed }, (r) =>
    log(`iteration ${r.epoch}: log-likelihood ${r.log_likelihood.toFixed(5)}  ELBO ${r.elbo.toFixed(5)}`),
  );
  const assigned = tf.tidy(() => tf.argMax(em.eStep(x, fit.mixture), 1).dataSync() as Int32Array);
  const last = fit.history[fit.history.length - 1];
  const metrics: Record<string, number> = { log_likelihood: last.log_likelihood, elbo: last.elbo, log_likelihood_initial: fit.initialLogLikelihood, iterations: fit.history.length };
  const wanted = new Set(spec.eval.metrics);
  if (data.labels && wanted.has('ari')) metrics.ari = adjustedRandIndex(data.labels, assigned);
  if (data.labels && wanted.has('nmi')) metrics.nmi = normalizedMutualInfo(data.labels, assigned);
  if (data.labels && wanted.has('kmeans')) {
    const km = kmeansBaseline(data, new Set(data.labels).size, spec.seed);
    metrics.kmeans_ari = adjustedRandIndex(data.labels, km);
    metrics.kmeans_nmi = normalizedMutualInfo(data.labels, km);
  }
  metrics.loss = last.loss;
  const report: Report = {
    spec,
    objective: print(prepared.objective),
    seed: spec.seed,
    metrics,
    history: fit.history,
    estimators: explainJson(prepared.plan),
    backend: run.backend,
    native: run.native,
    epochs: fit.history.length,
    seconds: (performance.now() - run.started) / 1000,
  };
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeMixturePlots(dir, report, x, fit.mixture, assigned, data.plane);
  tf.dispose([x, fit.mixture.logits, fit.mixture.means, fit.mixture.logVars]);
  log(`metrics: ${Object.entries(metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`).join(' ')}  (${report.seconds.toFixed(1)} s)`);
  claim.succeeded();
  return { dir, report };
}
