/**
 * `npm run reproduce -- mi-benchmark [--seeds N] [--tasks <glob,glob>] [--estimators a,b] [--steps S] [--n N] [--report-only]`:
 * every estimator on every task of "Beyond Normal" (n = 10,000 rows, every column standardised, seeds 0..N−1), the cells
 * kept in runs/mi-benchmark/results.json (a rerun skips the cells it has), and the report in docs/mi-benchmark.md with
 * its heat map in docs/img/mi-benchmark.svg.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type BenchmarkCell,
  benchmarkTasks,
  type EstimateFn,
  runBenchmark,
  selectTasks,
  summariseCells,
} from '../../../src/benchmark/index.ts';
import { fileStore } from '../../../src/benchmark/resultsFile.ts';
import { autoChecks, autoTable, heatmap, resultsTable, spliceGenerated, timingTable } from './report.ts';
import type { Size } from '../size.ts';

export interface MiBenchmarkOptions {
  readonly seeds: number;
  readonly tasks: string;
  readonly estimators?: readonly string[];
  readonly steps?: number;
  readonly n: number;
  readonly reportOnly: boolean;
  readonly out: string;
  readonly doc: string;
  readonly svg: string;
}

/** The smoke run's cells: one task, few rows, few training steps (scripts/reproduce/size.ts). */
const SMOKE = { tasks: '1v1-normal-0.75', n: 500, steps: 20 } as const;

/** The command's options from its arguments (after the experiment's name); seeds and folders from the run's size. */
export function parseOptions(argv: readonly string[], size: Size): MiBenchmarkOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (flag: string): number | undefined => {
    const v = value(flag);
    if (v === undefined) return undefined;
    const k = Number(v);
    if (!Number.isInteger(k) || k < 1) throw new Error(`${flag} needs a positive integer, got ${v}`);
    return k;
  };
  return {
    seeds: size.seeds,
    tasks: value('--tasks') ?? (size.smoke ? SMOKE.tasks : '*'),
    estimators: value('--estimators')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    steps: int('--steps') ?? (size.smoke ? SMOKE.steps : undefined),
    n: int('--n') ?? (size.smoke ? SMOKE.n : 10_000),
    reportOnly: argv.includes('--report-only'),
    out: value('--out') ?? (size.smoke ? join(size.out, 'mi-benchmark') : 'runs/mi-benchmark'),
    doc: join(size.docs, 'mi-benchmark.md'),
    svg: join(size.images, 'mi-benchmark.svg'),
  };
}

const clock = (s: number) =>
  s < 60
    ? `${s.toFixed(0)}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${(s / 3600).toFixed(1)}h`;

/** Run the cells the results file lacks, then render the report from every cell in it. */
export async function miBenchmark(
  o: MiBenchmarkOptions,
  estimators: {
    readonly names: readonly string[];
    readonly make: (names: readonly string[], steps?: number) => Record<string, EstimateFn>;
  },
): Promise<Record<string, unknown>[]> {
  const wanted = new Set(o.tasks.split(',').flatMap((glob) => selectTasks(glob.trim()).map((t) => t.id)));
  const tasks = benchmarkTasks().filter((t) => wanted.has(t.id));
  if (tasks.length === 0) throw new Error(`no task id matches ${o.tasks}`);
  const names = o.estimators ?? estimators.names;
  const table = estimators.make(names, o.steps);
  const store = fileStore(`${o.out}/results.json`);
  if (!o.reportOnly) {
    const t0 = performance.now();
    let ran = 0;
    await runBenchmark({
      tasks,
      estimators: table,
      seeds: Array.from({ length: o.seeds }, (_, i) => i),
      n: o.n,
      store,
      onCell: ({ done, total, skipped, cell }) => {
        if (skipped || !cell) return;
        ran++;
        const elapsed = (performance.now() - t0) / 1000;
        const eta = (elapsed / ran) * (total - done);
        const est = cell.estimate === null ? `failed: ${cell.error}` : cell.estimate.toFixed(3);
        process.stderr.write(
          `[${done}/${total}] ${cell.estimator} ${cell.task} seed ${cell.seed}: ${est} (true ${cell.mi_true.toFixed(3)}) ${cell.seconds.toFixed(1)}s · elapsed ${clock(elapsed)} ETA ≤ ${clock(eta)}\n`,
        );
      },
    });
  }
  // the report covers every estimator with cells in the file, those asked for first
  const shown = [...new Set([...Object.keys(table), ...store.cells.map((c) => c.estimator)])];
  const { rows, present, generated } = benchmarkReport(store.cells, shown, o.n);
  const svg = await heatmap(
    rows,
    present,
    `MI estimates, mean over seeds (n = ${o.n}); colour: log(estimate / true MI)`,
  );
  mkdirSync(dirname(o.svg), { recursive: true });
  writeFileSync(o.svg, svg);
  const doc = existsSync(o.doc) ? readFileSync(o.doc, 'utf8') : '# The MI benchmark\n';
  mkdirSync(dirname(o.doc), { recursive: true });
  writeFileSync(o.doc, spliceGenerated(doc, generated));
  return rows.flatMap((r) =>
    present.flatMap((e) => {
      const s = r.estimates[e];
      return s
        ? [
            {
              task: r.task,
              estimator: e,
              mi_true: Number(r.mi_true.toFixed(4)),
              mean: s.mean,
              std: s.std,
              seeds: s.count,
              failed: s.failed,
              seconds: s.seconds,
            },
          ]
        : [];
    }),
  );
}

/**
 * The generated part of docs/mi-benchmark.md from the benchmark's cells (`shown`: the estimators in column order), with
 * the summary rows and the estimators that have cells.
 */
export function benchmarkReport(cells: readonly BenchmarkCell[], shown: readonly string[], n: number) {
  const rows = summariseCells(cells, benchmarkTasks(), { n, estimators: shown });
  const present = shown.filter((e) => rows.some((r) => r.estimates[e]));
  const generated = [
    `![heat map of the estimates](img/mi-benchmark.svg)`,
    '',
    `Mean ± standard deviation over seeds, in nats; n = ${n.toLocaleString('en')} rows per cell, every column standardised.`,
    '',
    resultsTable(rows, present),
    '',
    '`auto` on every task (the estimator it chose on each seed, src/estimate/auto.ts) against the one of the paper’s',
    'estimators we have whose mean is closest to the true MI:',
    '',
    autoTable(autoChecks(rows, cells)),
    '',
    'Cells, seeds and time per cell (the estimate alone, sampling and standardising excluded):',
    '',
    timingTable(rows, present),
  ].join('\n');
  return { rows, present, generated };
}
