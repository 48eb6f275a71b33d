/**
 * info-objectives: information-theoretic objectives as typed expression trees.
 * The pipeline, one module per stage: spec → expr → rewrite → plan → lower → train (see docs/architecture.md).
 * Importing it has no side effects: choose a backend with `await useBackend('wasm' | 'cpu')` before running tensors
 * (`trainSpec` does so itself).
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
export { loadRunData, trainingVariables, type RunData } from './spec/data.ts';
export { buildCritics, buildNetworks } from './run/networks.ts';
export { makeTrainable } from './train/trainable.ts';
export { runLoop, type Trainable, type LoopConfig, type EpochRecord } from './train/loop.ts';
export { evaluateRun, type Evaluation } from './evaluate/index.ts';
export { trainSpec, type TrainOptions, type Report } from './run/run.ts';
