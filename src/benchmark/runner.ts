/**
 * The benchmark's protocol (Czyż et al. 2023, §5): for every estimator, task and seed, draw n rows, standardise every
 * column, estimate, and record the estimate and the seconds it took. Cells already in the store are skipped, so an
 * interrupted run resumes where it stopped.
 */
import { standardiseSample } from './standardise.ts';
import type { MiSample, MiTask } from './task.ts';
import { checkArgs, List, Obj } from '../api/arguments.ts';

/**
 * An estimator under test: a sample (standardised) in, an estimate of I(X; Y) in nats out, or the estimate with the
 * estimator it chose (as `auto` does).
 */
export type EstimateFn = (sample: MiSample, o: { readonly seed: number }) => Promise<number | Chosen> | number | Chosen;

export interface Chosen {
  readonly estimate: number;
  readonly chosen: string;
}

/** One estimate: estimator × task × seed at n rows. */
export interface BenchmarkCell {
  readonly task: string;
  readonly estimator: string;
  readonly seed: number;
  readonly n: number;
  readonly mi_true: number;
  /** null when the estimator threw or returned a non-finite number (then `error` says what). */
  readonly estimate: number | null;
  readonly seconds: number;
  readonly error?: string;
  /** The estimator an estimator that chooses (`auto`) used on this cell. */
  readonly chosen?: string;
}

/** Where cells are kept: `has` before running one, `add` after. */
export interface CellStore {
  has(key: CellKey): boolean;
  add(cell: BenchmarkCell): void;
}

export type CellKey = Pick<BenchmarkCell, 'task' | 'estimator' | 'seed' | 'n'>;

export const cellKey = (c: CellKey): string => {
  checkArgs('cellKey', { key: [Obj('a cell key { task, estimator, seed, n }'), c] });
  return `${c.task}|${c.estimator}|${c.seed}|${c.n}`;
};

/** A store in memory (tests, or a caller who keeps the cells); a second cell under a stored key is ignored. */
export function memoryStore(cells: BenchmarkCell[] = []): CellStore & { readonly cells: BenchmarkCell[] } {
  checkArgs('memoryStore', { cells: [List('a list of benchmark cells'), cells] });
  const keys = new Set(cells.map(cellKey));
  return {
    cells,
    has: (k) => keys.has(cellKey(k)),
    add: (c) => {
      // a cell another process stored meanwhile stays as it was (the runner checks `has` before it starts a cell)
      if (keys.has(cellKey(c))) return;
      keys.add(cellKey(c));
      cells.push(c);
    },
  };
}

export interface BenchmarkProgress {
  /** Cells run or skipped so far, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly skipped: boolean;
  readonly cell?: BenchmarkCell;
}

/** Run every (estimator, task, seed) cell not in the store, estimator by estimator, in the order given. */
export async function runBenchmark(o: {
  tasks: readonly MiTask[];
  estimators: Readonly<Record<string, EstimateFn>>;
  seeds: readonly number[];
  n: number;
  store: CellStore;
  onCell?: (p: BenchmarkProgress) => void;
  /** The clock, in ms (performance.now by default). */
  now?: () => number;
}): Promise<void> {
  checkArgs('runBenchmark', { options: [Obj('benchmark options { tasks, estimators, … }'), o] });
  const now = o.now ?? (() => performance.now());
  const total = Object.keys(o.estimators).length * o.tasks.length * o.seeds.length;
  let done = 0;
  for (const [estimator, estimate] of Object.entries(o.estimators))
    for (const task of o.tasks)
      for (const seed of o.seeds) {
        const key = { task: task.id, estimator, seed, n: o.n };
        if (o.store.has(key)) {
          o.onCell?.({ done: ++done, total, skipped: true });
          continue;
        }
        const sample = standardiseSample(task.sample(o.n, seed));
        const t0 = now();
        let value: number | null = null;
        let error: string | undefined;
        let chosen: string | undefined;
        try {
          const result = await estimate(sample, { seed });
          [value, chosen] = typeof result === 'number' ? [result, undefined] : [result.estimate, result.chosen];
          if (!Number.isFinite(value)) [value, error] = [null, `the estimate is ${value}`];
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const cell: BenchmarkCell = {
          ...key,
          mi_true: task.mutualInformation,
          estimate: value,
          seconds: (now() - t0) / 1000,
          ...(error === undefined ? {} : { error }),
          ...(chosen === undefined ? {} : { chosen }),
        };
        o.store.add(cell);
        o.onCell?.({ done: ++done, total, skipped: false, cell });
      }
}
