/** Data: synthetic sets, correlated Gaussians, MNIST from the `mnist` package, CSV and .npy files. */
export * from './types.ts';
export { makeRng, type Rng } from './rng.ts';
export { makeSynthetic, type SyntheticOptions } from './synthetic.ts';
export { correlatedGaussian, correlatedGaussianMI, correlatedGaussianMIGrad, type CorrelatedGaussian } from './correlated.ts';
export { loadMnist, MNIST_SIZE } from './mnist.ts';
export { loadCsv, loadNpy } from './files.ts';
