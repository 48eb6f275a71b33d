/**
 * A mixture spec (`model.mixture`, `train.algorithm: em`) as a run: fit by EM, then report.json with the
 * log-likelihood, the ELBO and ARI/NMI of the components against the labels, the per-iteration history, and the plots
 * log-likelihood.svg and mixture.svg (2-D data) or partition.svg (the data plane of embedded synthetic data).
 */
import * as tf from '../tf.ts';
import { print } from '../expr/index.ts';
import { labelAgreement } from '../evaluate/index.ts';
import { em } from '../objectives/index.ts';
import { lineChartSvg, mixtureSvg, scatterSvg } from '../report/index.ts';
import type { CompiledSpec, EmTraining } from '../spec/compiled.ts';
import type { MixtureRecord } from '../train/mixture.ts';
import { fitMixture, initialMixture } from '../train/mixture.ts';
import { writeRunFile } from './runDir.ts';
import { writeReport, type Report, type RunContext } from './report.ts';
import type { TrainOptions } from './run.ts';
import { claimRun } from './claim.ts';

/** The run's plots: the log-likelihood and ELBO per iteration, and the fitted mixture over the data. */
async function writeMixturePlots(
  dir: string,
  history: MixtureRecord[],
  x: tf.Tensor2D,
  mixture: em.Mixture,
  assigned: Int32Array,
  plane: Float32Array | undefined,
): Promise<void> {
  const curve = history.flatMap((h) => [
    { x: h.epoch, y: h.log_likelihood, series: 'log-likelihood log p(x)' },
    { x: h.epoch, y: h.elbo, series: 'ELBO after the M step' },
  ]);
  writeRunFile(
    dir,
    'log-likelihood.svg',
    await lineChartSvg(curve, { title: 'EM: nats per sample', x: 'iteration', y: 'nats per sample' }),
  );
  if (x.shape[1] === 2) {
    const means = mixture.means.arraySync();
    const sds = tf.tidy(() => tf.exp(tf.mul(0.5, mixture.logVars)).arraySync() as number[][]);
    const components = means.map((m, k) => ({
      mean: [m[0], m[1]] as [number, number],
      sd: [sds[k][0], sds[k][1]] as [number, number],
    }));
    writeRunFile(
      dir,
      'mixture.svg',
      await mixtureSvg(
        x.dataSync() as Float32Array,
        assigned,
        components,
        'fitted mixture: means, 2σ ellipses, points by argmax_k q(z=k|x)',
      ),
    );
  } else if (plane)
    writeRunFile(
      dir,
      'partition.svg',
      await scatterSvg(plane, assigned, 'components (argmax_k q(z=k|x)) on the data plane'),
    );
}

/** Fit the compiled spec's mixture by EM and write the run directory. */
export async function trainMixture(
  compiled: CompiledSpec,
  training: EmTraining,
  o: TrainOptions,
  run: RunContext,
): Promise<{ dir: string; report: Report }> {
  if (o.resume) throw new Error('--resume: an EM run keeps no checkpoints; train it again (it takes seconds)');
  const { seed } = compiled;
  const data = compiled.data.train;
  using claim = claimRun(compiled, o);
  const { dir } = claim;
  claim.notes.forEach(run.log);
  run.log(`objective: ${print(compiled.objective)} (EM, ${training.components} components)`);
  const x = tf.tensor2d(data.x, [data.n, data.dim]);
  const start = initialMixture(data.x, data.n, data.dim, training.components, seed);
  const iterations = Math.min(training.iterations, o.stopAfter ?? training.iterations);
  const fit = fitMixture(x, start, compiled, { iterations, tolerance: training.tolerance, seed }, (r) =>
    run.log(`iteration ${r.epoch}: log-likelihood ${r.log_likelihood.toFixed(5)}  ELBO ${r.elbo.toFixed(5)}`),
  );
  const assigned = tf.tidy(() => tf.argMax(em.eStep(x, fit.mixture), 1).dataSync() as Int32Array);
  const last = fit.history[fit.history.length - 1];
  const metrics: Record<string, number> = {
    log_likelihood: last.log_likelihood,
    elbo: last.elbo,
    log_likelihood_initial: fit.initialLogLikelihood,
    iterations: fit.history.length,
    ...labelAgreement(compiled.evaluation.metrics, data, assigned, seed),
    loss: last.loss,
  };
  await writeMixturePlots(dir, fit.history, x, fit.mixture, assigned, data.plane);
  const report = writeReport(dir, compiled, run, metrics, fit.history); // last: a report marks the run finished
  tf.dispose([x, fit.mixture.logits, fit.mixture.means, fit.mixture.logVars]);
  claim.succeeded();
  return { dir, report };
}
