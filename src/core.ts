/**
 * info-objectives/core: the isomorphic part of the library, for Node and for browsers alike. It imports no Node
 * built-in and reads no `process` (test/package/isomorphic.test.ts checks): the engine's loop writes checkpoints only
 * through a `CheckpointStore` it is given (src/run/checkpoints.ts is the Node one).
 * Choose a tfjs backend before running tensors: in a page `await tf.setBackend('webgl')`; on Node use the full entry's
 * `useBackend`.
 */
export * from './expr/index.ts';
export * from './rewrite/index.ts';
export * from './plan/index.ts';
export * from './lower/index.ts';
export * from './estimators/index.ts';
export * from './equiv/index.ts';
export * from './estimate/index.ts';
export * from './metrics/index.ts';
export * from './models/index.ts';
export { neuralBayes, lectureNotes, em, gan } from './objectives/index.ts';
export * from './data/types.ts';
export { makeRng, tfSeed, type Rng } from './data/rng.ts';
export { standardise, gather, subset, batches, imageViews } from './data/transforms.ts';
export { makeSynthetic, embedPlane, randomFrame, type SyntheticOptions } from './data/synthetic.ts';
export { sineSequences, loadSequences, type SequenceOptions } from './data/sequences.ts';
export {
  correlatedGaussian,
  correlatedGaussianMI,
  correlatedGaussianMIGrad,
  type CorrelatedGaussian,
} from './data/correlated.ts';
export * from './benchmark/index.ts';
export { makeTrainable } from './train/trainable.ts';
export {
  runLoop,
  type Trainable,
  type LoopConfig,
  type EpochRecord,
  type TermReporting,
  type TermValues,
} from './train/loop.ts';
