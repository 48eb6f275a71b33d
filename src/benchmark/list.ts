/** The benchmark's 40 tasks in bmi's order (cbg-ethz/bmi, src/bmi/benchmark/task_list.py, `BENCHMARK_TASKS_LIST`). */
import type { MiTask } from './task.ts';
import {
  additiveNoiseTask,
  bimodalTask,
  bivariateNormalTask,
  multinormal2PairTask,
  multinormalDenseTask,
  studentIdentityTask,
  swissRollTask,
  transformTask,
} from './tasks.ts';
import { checkArgs, Str } from '../api/arguments.ts';

const GAUSSIAN_CORRELATION = 0.75;

function buildList(): MiTask[] {
  const binormal = bivariateNormalTask(GAUSSIAN_CORRELATION);
  const uniform = transformTask(binormal, 'normal-cdf');
  const bistudent = studentIdentityTask(1, 1, 1);
  const oneDim = [
    binormal,
    uniform,
    additiveNoiseTask(0.1),
    additiveNoiseTask(0.75),
    bimodalTask(GAUSSIAN_CORRELATION),
    transformTask(binormal, 'wiggly'),
    transformTask(binormal, 'half-cube'),
    bistudent,
    transformTask(bistudent, 'asinh'),
  ];
  const embeddings = [swissRollTask(uniform, 'Swiss roll 2 × 1')];
  const multinormal = [
    ...[2, 3, 5, 25, 50].map((d) => multinormalDenseTask(d, d)),
    ...[2, 3, 5, 25].map((d) => multinormal2PairTask(d, d)),
  ];
  const studentPairs: [number, number][] = [
    [2, 1],
    [2, 2],
    [3, 2],
    [3, 3],
    [5, 2],
    [5, 3],
  ];
  const student = studentPairs.map(([d, df]) => studentIdentityTask(d, d, df));
  const pairs = [3, 5, 25].map((d) => multinormal2PairTask(d, d));
  const transformed = [
    ...pairs.map((t) => transformTask(t, 'normal-cdf')),
    ...pairs.map((t) => transformTask(t, 'half-cube')),
    ...pairs.map((t) => transformTask(t, 'spiral')),
    ...pairs.map((t) => transformTask(transformTask(t, 'normal-cdf'), 'spiral')),
    ...(
      [
        [2, 1],
        [3, 2],
        [5, 2],
      ] as const
    ).map(([d, df]) => transformTask(studentIdentityTask(d, d, df), 'asinh')),
  ];
  return [...oneDim, ...embeddings, ...multinormal, ...student, ...transformed];
}

let list: readonly MiTask[] | undefined;

/** The 40 tasks of "Beyond Normal" (Czyż et al., NeurIPS 2023), built on first use. */
export function benchmarkTasks(): readonly MiTask[] {
  list ??= buildList();
  return list;
}

/** The task with bmi's id `id`. */
export function benchmarkTask(id: string): MiTask {
  checkArgs('benchmarkTask', { id: [Str, id] });
  const t = benchmarkTasks().find((task) => task.id === id);
  if (!t) throw new RangeError(`no benchmark task ${JSON.stringify(id)}`);
  return t;
}

/** The tasks whose id matches a glob (`*` any run of characters, `?` one character), in the benchmark's order. */
export function selectTasks(glob: string): readonly MiTask[] {
  checkArgs('selectTasks', { glob: [Str, glob] });
  const re = new RegExp(
    `^${glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return benchmarkTasks().filter((t) => re.test(t.id));
}
