/**
 * `infobj eval <run>`: the metrics of a run's newest intact checkpoint, computed again — with the run's own `eval` or
 * with another spec's that differs from the run's in `eval` only (another probe, more metrics). The result goes to a
 * new file `eval-epoch-NNNN[-K].json` in the run folder; report.json and every earlier evaluation stay as they were. A
 * finished run's missing plots are written again.
 */
import * as tf from '../tf.ts';
import { linkSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nativeStatus, useBackend, type BackendName } from '../backend/index.ts';
import { evaluateRun } from '../evaluate/index.ts';
import type { Evaluation } from '../evaluate/evaluate.ts';
import type { EpochRecord } from '../train/loop.ts';
import { writePlots } from './plots.ts';
import { compileSpec } from '../spec/compile.ts';
import type { CompiledSpec } from '../spec/compiled.ts';
import type { Spec } from '../spec/schema.ts';
import { folderCheckpoints } from './checkpoints.ts';
import { syncFolder, writeDurably } from './durable.ts';
import { type PreparedRun, prepareRun } from './prepare.ts';
import { codeOf, listFiles, notARun, readMarker, REPORT, RunDirError } from './runDir.ts';
import { firstDifference } from './specDifference.ts';
import { normaliseSpec } from '../spec/normalise.ts';

export interface SavedEvaluation {
  /** The file written. */
  readonly file: string;
  readonly checkpoint: string;
  readonly epoch: number;
  readonly eval: Spec['eval'];
  readonly metrics: Record<string, number>;
  readonly seconds: number;
}

/** The first field (dotted path) where the specs differ outside `eval` and the seed, if any. */
function differenceOutsideEval(run: Spec, other: Spec): string | undefined {
  const strip = (s: Spec) =>
    JSON.parse(JSON.stringify({ ...normaliseSpec(s), eval: undefined, seed: undefined })) as unknown; // defaults written out are no change
  return firstDifference(strip(run), strip(other), '');
}

/** Write `content` to the first free name `stem.json`, `stem-2.json`, … (created exclusively: never overwrites). */
function writeNew(dir: string, stem: string, content: string): string {
  const tmp = join(dir, `${stem}.json.tmp-${process.pid}`);
  writeDurably(tmp, Buffer.from(content));
  try {
    for (let k = 1; ; k++) {
      const name = `${stem}${k === 1 ? '' : `-${k}`}.json`;
      const file = join(dir, name);
      listFiles(dir, [name]); // before it exists: the run's list of files never misses one of them
      try {
        linkSync(tmp, file);
        syncFolder(dir);
        return file;
      } catch (e) {
        if (codeOf(e) !== 'EEXIST') throw e;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The plots a finished run lacks (its writing was cut, or a version that wrote them after the report), written from the
 * evaluation of its newest checkpoint and the report's history; plots that are there are never rewritten.
 */
async function restorePlots(dir: string, evaluation: Evaluation): Promise<string[]> {
  let history: EpochRecord[];
  try {
    history = (JSON.parse(readFileSync(join(dir, REPORT), 'utf8')) as { history: EpochRecord[] }).history;
  } catch {
    return []; // no readable report: the run is not finished, --resume finishes it
  }
  return Array.isArray(history) ? writePlots(dir, history, evaluation, { missingOnly: true }) : [];
}

/** The run's networks with the weights of its newest intact checkpoint (a tfjs backend must be ready). */
export function restoreNetworks(
  compiled: CompiledSpec,
  dir: string,
  log?: (line: string) => void,
): { at: string; state: { epoch: number; step: number }; prepared: PreparedRun } {
  const { at, state } = folderCheckpoints(dir).loadLatest<unknown>((e) =>
    log?.(`${e.message}; trying the previous one`),
  );
  const prepared = prepareRun(compiled);
  prepared.trainable.setState(state.networks); // the checkpoint holds the networks in the order the trainable lists them
  // a run with moving averages of its weights (train.averageWeights) is evaluated with them, as when it ended
  state.averages?.forEach((a, i) => prepared.trainable.variables[i].assign(a));
  tf.dispose([
    ...state.networks,
    ...state.optimizer.map((n) => n.tensor),
    ...state.optimizerExtra.map((n) => n.tensor),
    ...(state.averages ?? []),
  ]);
  return { at, state, prepared };
}

/** Evaluate the newest intact checkpoint of the run in `dir`, with `spec`'s `eval` when given. */
export async function evaluateSaved(
  dir: string,
  o: { spec?: Spec; backend?: BackendName; native?: boolean; log?: (line: string) => void } = {},
): Promise<SavedEvaluation> {
  const started = performance.now();
  const marker = readMarker(dir);
  if (!marker) throw new RunDirError(notARun(dir));
  const field = o.spec && differenceOutsideEval(marker.spec, o.spec);
  if (field) throw new RunDirError(`${field}: differs from the spec ${dir} was trained with; only eval may change`);
  const spec = { ...marker.spec, eval: o.spec?.eval ?? marker.spec.eval };
  const compiled = compileSpec(spec);
  if (compiled.training.algorithm !== 'gradient')
    throw new RunDirError(`${dir}: an EM run keeps no checkpoint; its report.json holds its metrics`);
  await useBackend(o.backend ?? 'wasm', { native: o.native ?? true });
  const { at, state, prepared } = restoreNetworks(compiled, dir, o.log);
  const { nets } = prepared;
  o.log?.(`evaluating ${at} (epoch ${state.epoch}${state.step ? `, step ${state.step}` : ''})`);
  const evaluation = evaluateRun(compiled, nets, compiled.training.batch);
  const { metrics } = evaluation;
  const restored = await restorePlots(dir, evaluation);
  if (restored.length) o.log?.(`restored ${restored.join(', ')}, missing from the finished run`);
  prepared.dispose();
  const result = {
    checkpoint: at,
    epoch: state.epoch,
    eval: spec.eval,
    metrics,
    native: nativeStatus(),
    seconds: (performance.now() - started) / 1000,
  };
  const stem = `eval-epoch-${String(state.epoch).padStart(4, '0')}`;
  const file = writeNew(dir, stem, `${JSON.stringify(result, null, 2)}\n`);
  return { file, ...result };
}
