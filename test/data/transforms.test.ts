import { describe, expect, it } from 'vitest';
import { batches, gather, makeRng, standardise, subset, type Dataset } from '../../src/data/index.ts';

describe('standardise', () => {
  it('gives each column zero mean and unit variance; a constant column becomes zero', () => {
    const n = 500;
    const rng = makeRng(0);
    const x = Float32Array.from({ length: n * 3 }, (_, k) =>
      k % 3 === 0 ? 5 + 3 * rng.normal() : k % 3 === 1 ? -2 + 0.01 * rng.uniform() : 4,
    );
    standardise(x, n, 3);
    for (let j = 0; j < 3; j++) {
      const col = Float64Array.from({ length: n }, (_, i) => x[i * 3 + j]);
      const m = col.reduce((a, b) => a + b) / n;
      const v = col.reduce((a, b) => a + (b - m) ** 2, 0) / n;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(v).toBeCloseTo(j === 2 ? 0 : 1, 4);
    }
    expect(() => standardise(new Float32Array(5), 2, 3)).toThrow(/^data: expected 2 × 3 = 6 values, got 5$/);
  });
});

describe('gather and subset', () => {
  const ds: Dataset = {
    name: 'toy',
    x: Float32Array.from([0, 1, 10, 11, 20, 21]),
    n: 3,
    dim: 2,
    labels: Int32Array.from([7, 8, 9]),
    plane: Float32Array.from([1, 2, 3, 4, 5, 6]),
  };
  it('pick rows, labels and plane coordinates in the order asked', () => {
    expect(Array.from(gather(ds, Int32Array.from([2, 0, 2])))).toEqual([20, 21, 0, 1, 20, 21]);
    const s = subset(ds, Int32Array.from([1, 2]), 'part');
    expect([s.name, s.n, s.dim]).toEqual(['part', 2, 2]);
    expect(Array.from(s.labels!)).toEqual([8, 9]);
    expect(Array.from(s.plane!)).toEqual([3, 4, 5, 6]);
    expect(() => gather(ds, Int32Array.from([3]))).toThrow(/^data: row 3 is out of range for toy \(n = 3\)$/);
  });
});

describe('minibatches', () => {
  it('one epoch visits every row once, in batches of the size asked (the last one smaller)', () => {
    const epoch = [...batches(10, 4, makeRng(0))];
    expect(epoch.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(epoch.flatMap((b) => Array.from(b)).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('dropLast drops the incomplete batch; each epoch is shuffled anew; the seed fixes the order', () => {
    const rng = makeRng(1);
    const e1 = [...batches(10, 4, rng, { dropLast: true })];
    const e2 = [...batches(10, 4, rng, { dropLast: true })];
    expect(e1.map((b) => b.length)).toEqual([4, 4]);
    expect(e1).not.toEqual(e2);
    const replay = makeRng(1);
    expect([...batches(10, 4, replay, { dropLast: true })]).toEqual(e1);
    expect([...batches(10, 10, makeRng(2))]).toHaveLength(1);
  });

  it('refuses sizes that make no batches', () => {
    expect(() => [...batches(10, 0, makeRng(0))]).toThrow(/^batchSize: expected a positive integer, got 0$/);
    expect(() => [...batches(3, 4, makeRng(0), { dropLast: true })]).toThrow(
      /^batchSize: 4 is larger than the 3 samples/,
    );
    expect(() => [...batches(0, 4, makeRng(0))]).toThrow(/^data\.n: /);
  });
});
