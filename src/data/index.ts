/** Data: synthetic sets, sine sequences, correlated Gaussians, MNIST from the `mnist` package, CSV and .npy files, minibatches. */
export * from './types.ts';
export { makeRng, tfSeed, type Rng } from './rng.ts';
export { standardise, gather, subset, batches, imageViews } from './transforms.ts';
export { makeSynthetic, embedPlane, liftPlane, randomFrame, type SyntheticOptions } from './synthetic.ts';
export { sineSequences, loadSequences, type SequenceOptions } from './sequences.ts';
export {
  correlatedGaussian,
  correlatedGaussianMI,
  correlatedGaussianMIGrad,
  type CorrelatedGaussian,
} from './correlated.ts';
export { loadMnist, loadMnistAll, MNIST_SIZE } from './mnist.ts';
export { loadCsv, loadNpy } from './files.ts';
export { augmentRows, type Augmentation } from './augment.ts';
