/**
 * `trainSpec`: a spec becomes a run. The spec is compiled first (every spec error before any work), then the run folder
 * is chosen, the networks are built, the engine trains them, the metrics are computed and the report and plots written.
 */
import { BACKENDS, nativeStatus, useBackend, type BackendName } from '../backend/index.ts';
import { print } from '../expr/index.ts';
import { evaluateRun } from '../evaluate/index.ts';
import { compileSpec, reportWarnings } from '../spec/compile.ts';
import type { CompiledSpec, GradientTraining } from '../spec/compiled.ts';
import type { Spec } from '../spec/schema.ts';
import { runLoop, type StopControl } from '../train/loop.ts';
import { trainMixture } from './mixtureRun.ts';
import { prepareRun } from './prepare.ts';
import { writePlots } from './plots.ts';
import { makeProgress } from './progress.ts';
import { writeReport, type Report, type RunContext } from './report.ts';
import { folderCheckpoints } from './checkpoints.ts';
import { claimRun } from './claim.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPytorchSupport } from '../targets/pytorch/program.ts';
import { requireTorchPython } from '../targets/pytorch/python.ts';
import { trainPytorch, type Device } from './pytorchRun.ts';
import { PYTORCH_FOLDER, RunDirError } from './runDir.ts';
import {
  ArgumentError,
  Bool,
  checkArgs,
  Fn,
  Name,
  Obj,
  oneOf,
  options,
  optional,
  PositiveInt,
  SpecArg,
} from '../api/arguments.ts';
import { suggest } from '../expr/suggest.ts';
import { NonNegativeInt } from '../spec/types.ts';

export type { Report };

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
  /** Objective warnings are errors (default: they are logged). */
  readonly strict?: boolean;
  /** Stop on request (a signal): the run checkpoints and stops (src/run/signals.ts). */
  readonly stop?: StopControl;
  /** Train with tfjs in this process (default), or with the generated PyTorch program (src/targets/pytorch). */
  readonly engine?: Engine;
  /** PyTorch engine: data-parallel processes (default 1). */
  readonly nproc?: number;
  /** PyTorch engine: the device (default cpu; cuda uses NCCL between processes). */
  readonly device?: Device;
}

export const ENGINES = ['tfjs', 'pytorch'] as const;
export type Engine = (typeof ENGINES)[number];

/** What each of `TrainOptions` must be (a seed as a spec's: an integer from 0 to 2^53 − 1). */
const TRAIN_OPTION_TYPES = {
  out: Name,
  backend: oneOf(BACKENDS),
  seed: NonNegativeInt,
  resume: Bool,
  force: Bool,
  native: Bool,
  stopAfter: PositiveInt,
  log: Fn,
  progress: Bool,
  strict: Bool,
  stop: Obj('a StopControl (src/run/signals.ts)'),
  engine: oneOf(ENGINES),
  nproc: PositiveInt,
  device: oneOf(['cpu', 'cuda']),
} satisfies Record<keyof TrainOptions, unknown>;
const TrainOptionsArg = options(
  `train options { ${Object.keys(TRAIN_OPTION_TYPES).join('?, ')}? }`,
  TRAIN_OPTION_TYPES,
);

/** `trainSpec`'s options: each of its type, and no other (a misspelt or unknown option must not be ignored). */
function checkTrainOptions(o: unknown): void {
  checkArgs('trainSpec', { options: [optional(TrainOptionsArg), o] });
  const known = Object.keys(TRAIN_OPTION_TYPES);
  const unknown = Object.keys(o ?? {}).find((k) => !known.includes(k));
  if (unknown === undefined) return;
  const guess = suggest(unknown, known);
  const where = ['epochs', 'lr', 'batch'].includes(unknown) ? ` (the spec's train.${unknown} sets it)` : '';
  throw new ArgumentError(
    'trainSpec',
    `options.${unknown}`,
    `one of the options ${known.join(', ')}${guess ? ` (did you mean '${guess}'?)` : where}`,
    (o as Record<string, unknown>)[unknown],
  );
}

const backendLine = (backend: string, native: Report['native']): string => {
  if (backend !== 'wasm') return `backend: ${backend}`;
  return `backend: wasm${native.native ? ` + native kernels (${native.isa}, ${native.threads} threads)` : ' (plain wasm kernels)'}`;
};

/** Train a decoded spec; returns the run directory and the report written there. */
export async function trainSpec(specIn: Spec, o: TrainOptions = {}): Promise<{ dir: string; report: Report }> {
  checkArgs('trainSpec', { spec: [SpecArg, specIn], options: [optional(Obj('train options')), o] });
  checkTrainOptions(o);
  const started = performance.now();
  const spec = o.seed === undefined ? specIn : { ...specIn, seed: o.seed };
  const backend = o.engine === 'pytorch' ? 'pytorch' : (o.backend ?? 'wasm');
  return trainCompiled(compileSpec(spec, { backend }), o, started);
}

/** Train a compiled spec (what `trainSpec` does after compiling; `started` is when the run began). */
export async function trainCompiled(
  compiled: CompiledSpec,
  o: TrainOptions = {},
  started = performance.now(),
): Promise<{ dir: string; report: Report }> {
  const log = o.log ?? (() => {});
  reportWarnings(compiled.warnings, o.strict ?? false, log);
  if (o.engine === 'pytorch') checkPytorchSupport(compiled);
  const python = o.engine === 'pytorch' ? requireTorchPython() : undefined;
  const backend = await useBackend(o.backend ?? 'wasm', { native: o.native ?? true });
  const run: RunContext = { backend, native: nativeStatus(), started, log };
  log(backendLine(backend, run.native));
  const training = compiled.training;
  if (training.algorithm === 'em') return trainMixture(compiled, training, o, run);
  if (python) {
    const torch = { python, nproc: o.nproc ?? 1, device: o.device ?? 'cpu' };
    return trainPytorch(compiled, training, o, torch, run);
  }
  return trainGradient(compiled, training, o, run);
}

/** Build the networks, run the loop, evaluate, write the report and plots. */
async function trainGradient(
  compiled: CompiledSpec,
  training: GradientTraining,
  o: TrainOptions,
  run: RunContext,
): Promise<{ dir: string; report: Report }> {
  const { seed } = compiled;
  using claim = claimRun(compiled, o);
  const { dir } = claim;
  claim.notes.forEach(run.log);
  if (o.resume && existsSync(join(dir, PYTORCH_FOLDER)))
    throw new RunDirError(`--resume: ${dir} was trained by the PyTorch engine; resume it with --engine pytorch`);
  run.log(`objective: ${print(compiled.objective)}`);
  const prepared = prepareRun(compiled);
  const { nets, trainable } = prepared;
  if (prepared.heads.length) run.log(`multi-scale heads on ${compiled.evaluated!.name}: ${prepared.heads.join(', ')}`);
  const progress =
    (o.progress ?? Boolean(o.log))
      ? makeProgress({ total: training.epochs * training.stepsPerEpoch, label: compiled.name })
      : undefined;
  const history = await runLoop(
    trainable,
    { ...training, seed, checkpoints: folderCheckpoints(dir), resume: o.resume, stopAfter: o.stopAfter, stop: o.stop },
    {
      onStep: ({ loss }) => progress?.tick({ loss }),
      onCheckpoint: (what, at, epoch) =>
        run.log(`${what === 'saved' ? 'checkpoint' : 'resumed from'} ${at} (epoch ${epoch})`),
      onDamagedCheckpoint: (e) => run.log(`${e.message}; trying the previous one`),
    },
  );
  progress?.done();
  const evaluation = evaluateRun(compiled, nets, training.batch);
  const metrics = { ...evaluation.metrics, ...(history.length ? { loss: history[history.length - 1].loss } : {}) };
  await writePlots(dir, history, evaluation);
  const report = writeReport(dir, compiled, run, metrics, history); // last: a report marks the run finished
  prepared.dispose();
  claim.succeeded();
  return { dir, report };
}
