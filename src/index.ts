/**
 * info-objectives: information-theoretic objectives as typed expression trees.
 * The pipeline, one module per stage: expr → rewrite → plan → lower → train (see docs/architecture.md).
 */
export * from './expr/index.ts';
export * from './rewrite/index.ts';
export * from './plan/index.ts';
export * from './lower/index.ts';
export * from './estimators/index.ts';
export * from './equiv/index.ts';
export * from './spec/index.ts';
export * from './data/index.ts';
export * from './metrics/index.ts';
export * from './models/index.ts';
export * from './report/index.ts';
export { neuralBayes, lectureNotes, em, gan } from './objectives/index.ts';
export { useBackend, nativeStatus, type BackendName } from './backend/index.ts';
import { isBackendName, useBackend } from './backend/index.ts';

// The default backend is ready as soon as the library is imported: wasm, or INFOBJ_BACKEND=cpu.
const requested = process.env.INFOBJ_BACKEND ?? 'wasm';
if (!isBackendName(requested)) throw new Error(`INFOBJ_BACKEND must be wasm or cpu, got ${requested}`);
await useBackend(requested);
export { prepareObjective, type Prepared } from './spec/compile.ts';
export { loadRunData, trainingVariables, type RunData } from './spec/data.ts';
export { buildCritics, buildNetworks, sampleShape } from './run/networks.ts';
export { latentPriors, makeTrainable } from './train/trainable.ts';
export { runLoop, type Trainable, type LoopConfig, type EpochRecord } from './train/loop.ts';
export { evaluateRun } from './evaluate/evaluate.ts';
export { trainSpec, type TrainOptions, type Report } from './run/run.ts';
