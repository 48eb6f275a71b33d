/** `trainSpec`: a spec becomes a training run — data, networks, planned objective, loop, metrics, report and plots. */
import { join } from 'node:path';
import { nativeStatus, useBackend, type BackendName } from '../backend/index.ts';
import { print } from '../expr/index.ts';
import { explainJson } from '../plan/index.ts';
import type { Spec } from '../spec/schema.ts';
import { loadRunData, trainingVariables } from '../spec/data.ts';
import { evaluateRun } from '../evaluate/evaluate.ts';
import { runLoop, type EpochRecord, type StopControl } from '../train/loop.ts';
import { buildCritics, buildNetworks, sampleShape } from './networks.ts';
import { prepareObjective } from '../spec/compile.ts';
import { makeProgress } from './progress.ts';
import { claimRun } from './claim.ts';
import { writeFileAtomic } from '../train/durable.ts';
import { latentPriors, makeTrainable } from '../train/trainable.ts';
import { writePlots } from './plots.ts';
import { toyMetrics } from '../evaluate/toyMetrics.ts';
import { multiScaleLoss } from '../objectives/multiscale.ts';
import type { gaussianChannel } from '../models/index.ts';
import { asMixtureSpec, trainMixture } from './mixtureRun.ts';

export interface TrainOptions {
  readonly out?: string;
  readonly backend?: BackendName;
  /** Overrides the spec's seed. */
  readonly seed?: number;
  readonly resume?: boolean;
  readonly force?: boolean;
  /** Native kernels on wasm when built (default true). */
  readonly native?: boolean;
  /** Stop after this many epochs (an interrupted run that `resume` continues). */
  readonly stopAfter?: number;
  /** Where progress lines and notes go (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Show a progress bar/lines on stderr (default: when `log` is given). */
  readonly progress?: boolean;
  /** Stop on request (a signal): the run checkpoints and stops (src/run/signals.ts). */
  readonly stop?: StopControl;
}

/** What report.json holds (DESIGN contract: spec, metrics, history, estimators, backend, seconds). */
export interface Report {
  spec: Spec;
  objective: string;
  seed: number;
  metrics: Record<string, number>;
  history: EpochRecord[];
  estimators: ReturnType<typeof explainJson>;
  backend: string;
  native: ReturnType<typeof nativeStatus>;
  epochs: number;
  seconds: number;
}

/** Train a decoded spec; returns the run directory and the report written there. */
export async function trainSpec(specIn: Spec, o: TrainOptions = {}): Promise<{ dir: string; report: Report }> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const spec: Spec = o.seed === undefined ? specIn : { ...specIn, seed: o.seed };
  const backend = await useBackend(o.backend ?? 'wasm', { native: o.native ?? true });
  const native = nativeStatus();
  log(`backend: ${backend}${backend === 'wasm' ? (native.native ? ` + native kernels (${native.isa}, ${native.threads} threads)` : ' (plain wasm kernels)') : ''}`);
  if (spec.train.algorithm === 'em') return trainMixture(asMixtureSpec(spec), o, { backend, native, started: t0 });
  const train = spec.train;
  const prepared = prepareObjective(spec);
  const data = loadRunData(spec.data, spec.seed);
  using claim = claimRun(spec, o);
  const { dir } = claim;
  claim.notes.forEach(log);
  log(`objective: ${print(prepared.objective)}`);
  const sample = sampleShape(spec.model.encoders, data.train);
  const nets = { ...buildNetworks(spec.model.encoders, data.train, spec.seed, spec.model.priors), ...buildCritics(prepared, spec.model.encoders, data.train, spec.seed) };
  const vars = trainingVariables(spec.model.encoders, data);
  const main = spec.model.encoders.find((e) => e.name === spec.objective.encoder) ?? spec.model.encoders[0];
  const heads = spec.model.heads === 'multiscale' ? multiScaleLoss(nets[main.name], sample) : undefined;
  if (heads) log(`multi-scale heads on ${main.name}: ${heads.heads.join(', ')}`);
  const trainable = makeTrainable(prepared, nets, vars, sample, heads?.loss, latentPriors(spec.model.priors));
  const stepsPerEpoch = Math.floor(trainable.samples / train.batch);
  const progress = (o.progress ?? Boolean(o.log)) ? makeProgress({ total: train.epochs * stepsPerEpoch, label: spec.name }) : undefined;
  const history = await runLoop(
    trainable,
    { ...train, optimizer: train.optimizer ?? 'adam', seed: spec.seed, dir, checkpointEvery: train.checkpointEvery ?? train.epochs, resume: o.resume, stopAfter: o.stopAfter, keep: train.keep, stop: o.stop },
    {
      onStep: ({ loss }) => progress?.tick({ loss }),
      onCheckpoint: (what, at, epoch) => log(`${what === 'saved' ? 'checkpoint' : 'resumed from'} ${at} (epoch ${epoch})`),
      onDamagedCheckpoint: (e) => log(`${e.message}; trying the previous one`),
    },
  );
  progress?.done();
  const evaluation = evaluateRun(spec, nets, data, sample, spec.seed);
  const channel = Object.values(nets).find((n): n is ReturnType<typeof gaussianChannel> => 'rho' in n);
  const metrics: Record<string, number> = {
    ...evaluation.metrics,
    ...(channel ? toyMetrics(prepared, nets, vars, channel, train.batch, spec.seed) : {}),
    ...(history.length ? { loss: history[history.length - 1].loss } : {}),
  };
  const report: Report = {
    spec,
    objective: print(prepared.objective),
    seed: spec.seed,
    metrics,
    history,
    estimators: explainJson(prepared.plan),
    backend,
    native,
    epochs: history.length,
    seconds: (performance.now() - t0) / 1000,
  };
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writePlots(dir, history, evaluation);
  Object.values(nets).forEach((n) => n.dispose());
  log(`metrics: ${Object.entries(metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`).join(' ')}  (${report.seconds.toFixed(1)} s)`);
  claim.succeeded();
  return { dir, report };
}
