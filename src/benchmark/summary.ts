/** The benchmark's cells summarised per task and estimator: mean ± standard deviation over seeds, as the paper's tables. */
import type { BenchmarkCell } from './runner.ts';
import type { MiTask } from './task.ts';
import { checkArgs, List, Obj } from '../api/arguments.ts';

export interface EstimateSummary {
  /** Mean over the seeds that gave an estimate. */
  readonly mean: number;
  /** Sample standard deviation (n − 1) over those seeds; 0 with one seed. */
  readonly std: number;
  /** Seeds that gave an estimate. */
  readonly count: number;
  /** Seeds whose estimator failed (threw or gave a non-finite number). */
  readonly failed: number;
  /** Mean seconds per cell. */
  readonly seconds: number;
}

export interface SummaryRow {
  readonly task: string;
  readonly name: string;
  readonly mi_true: number;
  /** By estimator; an estimator without a cell on this task is absent. */
  readonly estimates: Readonly<Record<string, EstimateSummary>>;
}

function summarise(cells: readonly BenchmarkCell[]): EstimateSummary {
  const values = cells.flatMap((c) => (c.estimate === null ? [] : [c.estimate]));
  const count = values.length;
  const mean = count ? values.reduce((a, v) => a + v, 0) / count : Number.NaN;
  const std = count > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (count - 1)) : 0;
  const seconds = cells.reduce((a, c) => a + c.seconds, 0) / cells.length;
  return { mean, std, count, failed: cells.length - count, seconds };
}

/** One row per task that has cells at n rows, in the tasks' order; estimators in the order given. */
export function summariseCells(
  cells: readonly BenchmarkCell[],
  tasks: readonly MiTask[],
  o: { n: number; estimators: readonly string[] },
): SummaryRow[] {
  checkArgs('summariseCells', {
    cells: [List('a list of benchmark cells'), cells],
    tasks: [List('a list of tasks'), tasks],
    options: [Obj('options { n, estimators }'), o],
  });
  const at = cells.filter((c) => c.n === o.n);
  return tasks.flatMap((task) => {
    const mine = at.filter((c) => c.task === task.id);
    if (mine.length === 0) return [];
    const estimates = Object.fromEntries(
      o.estimators.flatMap((e) => {
        const of = mine.filter((c) => c.estimator === e);
        return of.length ? [[e, summarise(of)] as const] : [];
      }),
    );
    return [{ task: task.id, name: task.name, mi_true: task.mutualInformation, estimates }];
  });
}
