/** report.json (DESIGN contract: spec, metrics, history, estimators, backend, seconds), written by every kind of run. */
import type { nativeStatus } from '../backend/index.ts';
import { print } from '../expr/index.ts';
import { explainJson } from '../plan/index.ts';
import type { CompiledSpec } from '../spec/compiled.ts';
import type { Spec } from '../spec/schema.ts';
import { REPORT, writeRunFile } from './runDir.ts';
import type { EpochRecord } from '../train/loop.ts';

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

/** Where the run ran and when it started, as every report states them. */
export interface RunContext {
  readonly backend: string;
  readonly native: Report['native'];
  /** performance.now() at the start of the run. */
  readonly started: number;
  readonly log: (line: string) => void;
}

/** The metrics as one log line: `metrics: name=value …  (seconds s)`. */
export function metricsLine(metrics: Record<string, number>, seconds: number): string {
  const shown = Object.entries(metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`);
  return `metrics: ${shown.join(' ')}  (${seconds.toFixed(1)} s)`;
}

/** Assemble the report of a finished run, write it to `dir`/report.json and log its metrics. */
export function writeReport(
  dir: string,
  compiled: CompiledSpec,
  run: RunContext,
  metrics: Record<string, number>,
  history: EpochRecord[],
): Report {
  const report: Report = {
    spec: compiled.specRecord,
    objective: print(compiled.objective),
    seed: compiled.seed,
    metrics,
    history,
    estimators: explainJson(compiled.plan),
    backend: run.backend,
    native: run.native,
    epochs: history.length,
    seconds: (performance.now() - run.started) / 1000,
  };
  writeRunFile(dir, REPORT, `${JSON.stringify(report, null, 2)}\n`);
  run.log(metricsLine(metrics, report.seconds));
  return report;
}
