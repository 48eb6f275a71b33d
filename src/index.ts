/**
 * info-objectives: information-theoretic objectives as typed expression trees.
 * The pipeline, one module per stage: spec → expr → rewrite → plan → lower → train (see docs/architecture.md).
 * This is the Node entry: the isomorphic core (src/core.ts, also `info-objectives/core`) plus what needs Node — spec
 * files, MNIST, CSV/.npy files, the native kernels, run folders, reports and plots.
 * Importing it has no side effects: choose a backend with `await useBackend('wasm' | 'cpu')` before running tensors
 * (`trainSpec` does so itself).
 */
export * from './core.ts';
export * from './spec/index.ts';
export { loadMnist, loadMnistAll } from './data/mnist.ts';
export { loadMnistFull } from './data/mnistFull.ts';
export { MNIST_SIZE, MNIST_FULL_TRAIN, MNIST_FULL_TEST } from './data/mnistSizes.ts';
export { loadCsv, loadNpy, loadNpyTable } from './data/files.ts';
export { readSamples } from './estimate/files.ts';
export * from './report/index.ts';
export { fileStore, readResults } from './benchmark/resultsFile.ts';
export { useBackend, nativeStatus, type BackendName } from './backend/index.ts';
export { loadRunData, trainingVariables, type RunData } from './spec/data.ts';
export { buildCritics, buildNetworks } from './run/networks.ts';
export { prepareRun, type PreparedRun } from './run/prepare.ts';
export { evaluateRun, type Evaluation } from './evaluate/index.ts';
export { trainSpec, type TrainOptions, type Report } from './run/run.ts';
