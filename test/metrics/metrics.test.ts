import { describe, expect, it } from 'vitest';
import { makeSynthetic, loadMnist } from '../../src/data/index.ts';
import { adjustedRandIndex, kmeansBaseline, linearProbe, normalizedMutualInfo } from '../../src/metrics/index.ts';

const L = (...v: number[]) => Int32Array.from(v);

describe('clustering agreement', () => {
  it('ARI matches scikit-learn on known cases', () => {
    expect(adjustedRandIndex(L(0, 0, 1, 1), L(0, 0, 1, 2))).toBeCloseTo(0.5714285714285715, 12);
    expect(adjustedRandIndex(L(0, 0, 1, 1), L(1, 1, 0, 0))).toBe(1);
    expect(adjustedRandIndex(L(0, 0, 0, 0), L(0, 1, 2, 3))).toBeCloseTo(0, 12);
    expect(adjustedRandIndex(L(0, 0, 1, 2), L(0, 0, 1, 1))).toBeCloseTo(0.5714285714285715, 12);
  });
  it('NMI: 1 for a relabelling, known value otherwise, ≈ 0 for independent labels', () => {
    expect(normalizedMutualInfo(L(0, 0, 1, 1, 2, 2), L(5, 5, 3, 3, 4, 4))).toBeCloseTo(1, 12);
    expect(normalizedMutualInfo(L(0, 0, 1, 1), L(0, 0, 1, 2))).toBeCloseTo(0.8, 12);
    const a = Int32Array.from({ length: 4000 }, (_, i) => i % 2);
    const b = Int32Array.from({ length: 4000 }, (_, i) => Math.floor(i / 2) % 2);
    expect(normalizedMutualInfo(a, b)).toBeLessThan(1e-6);
  });
});

describe('baselines', () => {
  it('k-means separates well-separated blobs and fails on moons in 512-D', () => {
    const blobs = makeSynthetic({ shape: 'blobs', n: 300, noise: 0.3, clusters: 3, embed: { dim: 16, rotation: 'random' } }, 1);
    expect(adjustedRandIndex(blobs.labels!, kmeansBaseline(blobs, 3, 0))).toBeGreaterThan(0.99);
    const moons = makeSynthetic({ shape: 'moons', n: 400, noise: 0.1, embed: { dim: 64, rotation: 'random' } }, 1);
    expect(adjustedRandIndex(moons.labels!, kmeansBaseline(moons, 2, 0))).toBeLessThan(0.7);
  });

  it('the linear probe learns MNIST digits from pixels and is scored on held-out digits', () => {
    const { train, test } = loadMnist({ n: 2000, seed: 1 });
    const r = linearProbe({ trainX: train.x, trainY: train.labels!, testX: test.x, testY: test.labels!, dim: 784, classes: 10, epochs: 10, seed: 0 });
    expect(r.testAcc).toBeGreaterThan(0.8);
    const shuffled = Int32Array.from(train.labels!).reverse(); // labels no longer belong to their images
    const chance = linearProbe({ trainX: train.x, trainY: shuffled, testX: test.x, testY: test.labels!, dim: 784, classes: 10, epochs: 5, seed: 0 });
    expect(chance.testAcc).toBeLessThan(0.3);
  });
});
