/** The 10,000 real MNIST digits shipped by the `mnist` package, split deterministically into train/validation/test. */
import { createRequire } from 'node:module';
import { makeRng } from './rng.ts';
import { DataError, subset, type Dataset } from './types.ts';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;
export const MNIST_SIZE = 10_000;

let cache: Dataset | undefined;

/** All digits, pixels in [0, 1], in the package's order (all 0s, then all 1s, …). Decoded once per process. */
function allDigits(): Dataset {
  if (cache) return cache;
  const raws = Array.from({ length: 10 }, (_, d) => (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
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

/** `n` digits drawn without replacement by `seed`, split by the fractions `split` (default 0.7/0.1/0.2). */
export function loadMnist(o: { n: number; seed: number; split?: readonly [number, number, number] }): { train: Dataset; val: Dataset; test: Dataset } {
  const all = allDigits();
  if (!Number.isInteger(o.n) || o.n < 10 || o.n > all.n) throw new DataError('data.n', `expected an integer in [10, ${all.n}], got ${o.n}`);
  const [ft, fv] = o.split ?? [0.7, 0.1, 0.2];
  const perm = makeRng(`${o.seed}:mnist`).permutation(all.n).subarray(0, o.n);
  const nTrain = Math.round(ft * o.n);
  const nVal = Math.round(fv * o.n);
  return {
    train: subset(all, perm.subarray(0, nTrain), 'mnist train'),
    val: subset(all, perm.subarray(nTrain, nTrain + nVal), 'mnist validation'),
    test: subset(all, perm.subarray(nTrain + nVal), 'mnist test'),
  };
}
