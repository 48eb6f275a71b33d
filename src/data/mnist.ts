/**
 * The 10,000 real MNIST digits shipped by the `mnist` package, split deterministically into train/validation/test.
 * The package's `mnist.set()` copies every sample pixel by pixel on each call; the raw per-digit arrays
 * (`mnist/src/digits/<d>.json`, 784 values in [0, 1] per image) are read once instead and kept as one Float32Array.
 */
import { createRequire } from 'node:module';
import { MNIST_SIZE } from './mnistSizes.ts';
import { resolveOptional } from './optionalPackage.ts';
import { makeRng } from './rng.ts';
import { subset } from './transforms.ts';
import { DataError, type Dataset } from './types.ts';
import { checkArgs, Num, Obj } from '../api/arguments.ts';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;

let cache: Dataset | undefined;

/** All digits, pixels in [0, 1], in the package's order (all 0s, then all 1s, …). Decoded once per process. */
function allDigits(): Dataset {
  if (cache) return cache;
  const raws = Array.from(
    { length: 10 },
    (_, d) =>
      (
        require(resolveOptional(require, `mnist/src/digits/${d}.json`, 'mnist', 'MNIST (data.set sample)')) as {
          data: number[];
        }
      ).data,
  );
  const n = raws.reduce((s, r) => s + Math.floor(r.length / PIXELS), 0);
  const x = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let row = 0;
  raws.forEach((raw, digit) => {
    const count = Math.floor(raw.length / PIXELS);
    x.set(raw.slice(0, count * PIXELS), row * PIXELS);
    labels.fill(digit, row, row + count);
    row += count;
  });
  cache = { name: 'mnist', x, n, dim: PIXELS, labels, imageShape: [28, 28, 1] };
  return cache;
}

/** `n` distinct digits drawn without replacement by `seed`, in random order. */
function draw(n: number, seed: number, min: number): Int32Array {
  const total = allDigits().n;
  if (!Number.isInteger(n) || n < min || n > total)
    throw new DataError('data.n', `expected an integer in [${min}, ${total}], got ${n}`);
  return makeRng(`${seed}:mnist`).permutation(total).subarray(0, n);
}

/** `n` digits (default all 10,000) in an order shuffled by `seed`, as one data set. */
export function loadMnistAll(n = MNIST_SIZE, seed = 0): Dataset {
  checkArgs('loadMnistAll', { n: [Num, n], seed: [Num, seed] });
  return subset(allDigits(), draw(n, seed, 1), 'mnist');
}

/** `n` digits drawn without replacement by `seed`, split by the fractions `split` (default 0.7/0.1/0.2) into disjoint sets. */
export function loadMnist(o: { n: number; seed: number; split?: readonly [number, number, number] }): {
  train: Dataset;
  val: Dataset;
  test: Dataset;
} {
  checkArgs('loadMnist', { options: [Obj('options { n, seed, split? }'), o] });
  const split = o.split ?? [0.7, 0.1, 0.2];
  if (
    split.length !== 3 ||
    !split.every((f) => Number.isFinite(f) && f >= 0) ||
    Math.abs(split[0] + split[1] + split[2] - 1) > 1e-6
  ) {
    throw new DataError(
      'data.split',
      `expected three fractions ≥ 0 summing to 1 (train, validation, test), got [${split.join(', ')}]`,
    );
  }
  const perm = draw(o.n, o.seed, 10);
  const nTrain = Math.round(split[0] * o.n);
  const nVal = Math.round(split[1] * o.n);
  if (nTrain < 1 || o.n - nTrain - nVal < 1)
    throw new DataError('data.split', `[${split.join(', ')}] of n = ${o.n} leaves an empty training or test set`);
  return {
    train: subset(allDigits(), perm.subarray(0, nTrain), 'mnist train'),
    val: subset(allDigits(), perm.subarray(nTrain, nTrain + nVal), 'mnist validation'),
    test: subset(allDigits(), perm.subarray(nTrain + nVal), 'mnist test'),
  };
}
