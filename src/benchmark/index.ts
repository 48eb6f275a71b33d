/**
 * The standard MI benchmark of "Beyond Normal" (Czyż et al., NeurIPS 2023; cbg-ethz/bmi): 40 tasks with known I(X; Y),
 * each a seeded sampler, so that any estimator can be scored on the same distributions (docs/mi-benchmark.md).
 */
export { type MiTask, type MiSample, makeTask } from './task.ts';
export { benchmarkTasks, benchmarkTask, selectTasks } from './list.ts';
export * from './tasks.ts';
export type { MiSampler, MiDraw } from './samplers/types.ts';
export type { MiTransform } from './transforms/types.ts';
export { transformedSampler } from './samplers/transformed.ts';
export { splitMultinormal, bivariateNormal, gaussianMI } from './samplers/multinormal.ts';
export { splitStudentT, studentCorrection } from './samplers/student.ts';
export { additiveUniform, additiveUniformMI } from './samplers/additiveUniform.ts';
export { standardiseSample } from './standardise.ts';
export { ccaEstimate } from './cca.ts';
export {
  runBenchmark,
  memoryStore,
  cellKey,
  type EstimateFn,
  type BenchmarkCell,
  type CellStore,
  type CellKey,
  type BenchmarkProgress,
} from './runner.ts';
export { summariseCells, type SummaryRow, type EstimateSummary } from './summary.ts';
