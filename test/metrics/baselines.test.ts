import { describe, expect, it } from 'vitest';
import { loadMnist, makeRng, makeSynthetic, type Dataset } from '../../src/data/index.ts';
import { adjustedRandIndex, kmeansBaseline, linearProbe, logisticRegression } from '../../src/metrics/index.ts';

/** Within-cluster sum of squares of a labelling. */
function inertia(ds: Dataset, labels: Int32Array): number {
  const sums = new Map<number, { n: number; s: Float64Array }>();
  labels.forEach((l, i) => {
    const c = sums.get(l) ?? { n: 0, s: new Float64Array(ds.dim) };
    c.n++;
    for (let j = 0; j < ds.dim; j++) c.s[j] += ds.x[i * ds.dim + j];
    sums.set(l, c);
  });
  let total = 0;
  labels.forEach((l, i) => {
    const c = sums.get(l)!;
    for (let j = 0; j < ds.dim; j++) total += (ds.x[i * ds.dim + j] - c.s[j] / c.n) ** 2;
  });
  return total;
}

describe('k-means baseline', () => {
  it('recovers well-separated blobs (ARI ≈ 1) and fails on moons', () => {
    const blobs = makeSynthetic(
      { shape: 'blobs', n: 300, noise: 0.3, clusters: 3, embed: { dim: 16, rotation: 'random' } },
      1,
    );
    expect(adjustedRandIndex(blobs.labels!, kmeansBaseline(blobs, 3, 0))).toBeGreaterThan(0.99);
    const moons = makeSynthetic({ shape: 'moons', n: 400, noise: 0.1, embed: { dim: 64, rotation: 'random' } }, 1);
    expect(adjustedRandIndex(moons.labels!, kmeansBaseline(moons, 2, 0))).toBeLessThan(0.7);
  });

  it('keeps the restart with the lowest inertia, deterministically by seed', () => {
    const ds = makeSynthetic({ shape: 'blobs', n: 400, noise: 2.5, clusters: 8 }, 3);
    const single = kmeansBaseline(ds, 8, 1, 1);
    const best = kmeansBaseline(ds, 8, 1, 6);
    expect(inertia(ds, best)).toBeLessThanOrEqual(inertia(ds, single) + 1e-9); // the first restart is the single run
    expect(kmeansBaseline(ds, 8, 1, 6)).toEqual(best);
    expect(() => kmeansBaseline(ds, 401, 0)).toThrow(/k must be an integer in \[1, 400\], got 401/);
  });
});

describe('logistic regression (lecture notes, Appendix C)', () => {
  // Gaussian classes with a shared diagonal covariance: the notes' example where the log odds are linear in closed
  // form, log p(k|x)/p(0|x) = (μ_k − μ_0)ᵀΣ⁻¹x − ½(μ_kᵀΣ⁻¹μ_k − μ_0ᵀΣ⁻¹μ_0) + log π_k/π_0.
  const priors = [0.5, 0.3, 0.2];
  const means = [
    [0, 0],
    [1, -0.5],
    [-1, -1],
  ];
  const variances = [1, 0.5];
  const trueLogOdds = (k: number, x: number[]) =>
    x.reduce(
      (s, v, i) =>
        s +
        ((means[k][i] - means[0][i]) * v) / variances[i] -
        (means[k][i] ** 2 - means[0][i] ** 2) / (2 * variances[i]),
      0,
    ) + Math.log(priors[k] / priors[0]);
  const sample = (n: number, seed: number) => {
    const rng = makeRng(seed);
    const y = Int32Array.from({ length: n }, () => {
      const u = rng.uniform();
      return u < priors[0] ? 0 : u < priors[0] + priors[1] ? 1 : 2;
    });
    const x = Float32Array.from(
      { length: 2 * n },
      (_, k) => means[y[k >> 1]][k & 1] + Math.sqrt(variances[k & 1]) * rng.normal(),
    );
    return { x, y };
  };
  const points = [
    [0, 0],
    [1, -1],
    [-1, 1],
    [2, 0.5],
    [-0.5, -2],
  ];
  const logOdds = (p: Float32Array, row: number, k: number) => Math.log(p[row * 3 + k] / p[row * 3]);

  it('fits the closed-form log odds; raw feature scales do not matter (standardised with training statistics)', () => {
    const { x, y } = sample(20000, 0); // sampling error of the fitted log odds ≈ 1/√n: about 0.05 here
    const opts = { dim: 2, classes: 3, epochs: 120, lr: 0.1, weightDecay: 0, batchSize: 20000, seed: 0 };
    const model = logisticRegression(x, y, opts);
    const p = model.probabilities(Float32Array.from(points.flat()));
    points.forEach((pt, r) =>
      [1, 2].forEach((k) => expect(Math.abs(logOdds(p, r, k) - trueLogOdds(k, pt))).toBeLessThan(0.12)),
    );
    const stretch = (v: Float32Array) => v.map((t, i) => (i % 2 === 1 ? 1000 * t + 500 : t));
    const stretched = logisticRegression(stretch(x), y, opts).probabilities(stretch(Float32Array.from(points.flat())));
    points.forEach((_, r) => [1, 2].forEach((k) => expect(logOdds(stretched, r, k)).toBeCloseTo(logOdds(p, r, k), 2)));
    expect(Array.from(model.predict(Float32Array.from([0, 0, 3, -1])))).toEqual([0, 1]);
  });

  it('weight decay shrinks the log odds towards those of the priors', () => {
    const { x, y } = sample(2000, 1);
    const spread = (decay: number) => {
      const p = logisticRegression(x, y, {
        dim: 2,
        classes: 3,
        epochs: 100,
        lr: 0.05,
        weightDecay: decay,
        batchSize: 2000,
        seed: 0,
      }).probabilities(Float32Array.from([3, -1.5]));
      return logOdds(p, 0, 1);
    };
    expect(spread(0)).toBeGreaterThan(trueLogOdds(1, [3, -1.5]) - 0.5);
    expect(spread(1)).toBeLessThan(spread(0) - 1);
  });

  it('refuses labels outside the classes and mismatched sizes', () => {
    expect(() =>
      logisticRegression(new Float32Array(4), Int32Array.from([0, 3]), { dim: 2, classes: 3, seed: 0 }),
    ).toThrow(/label 3 at row 2 is outside \[0, 3\)/);
    expect(() =>
      logisticRegression(new Float32Array(6), Int32Array.from([0, 1]), { dim: 2, classes: 3, seed: 0 }),
    ).toThrow(/3 feature rows but 2 labels/);
    expect(() =>
      logisticRegression(new Float32Array(5), Int32Array.from([0, 1]), { dim: 2, classes: 3, seed: 0 }),
    ).toThrow(/5 values are not rows of dim 2/);
  });
});

describe('linear probe', () => {
  it('with a validation set keeps the epoch that classifies it best, as training for that many epochs would give', () => {
    const { train, val, test } = loadMnist({ n: 1000, seed: 2 });
    const o = { dim: 784, classes: 10, lr: 0.05, weightDecay: 0, batchSize: 64, seed: 0 };
    const accuracy = (pred: Int32Array, truth: Int32Array) =>
      pred.filter((v, i) => v === truth[i]).length / truth.length;
    const runs = Array.from({ length: 8 }, (_, e) =>
      logisticRegression(train.x, train.labels!, { ...o, epochs: e + 1 }),
    );
    const valAcc = runs.map((m) => accuracy(m.predict(val.x), val.labels!));
    const best = valAcc.indexOf(Math.max(...valAcc));
    expect(new Set(valAcc).size).toBeGreaterThan(1); // the epochs differ, so the choice matters
    const stopped = logisticRegression(train.x, train.labels!, {
      ...o,
      epochs: 8,
      validation: { x: val.x, y: val.labels! },
    });
    expect(stopped.epoch).toBe(best + 1);
    expect(runs[7].epoch).toBe(8);
    expect(Array.from(stopped.predict(test.x))).toEqual(Array.from(runs[best].predict(test.x)));
    const r = linearProbe({
      trainX: train.x,
      trainY: train.labels!,
      testX: test.x,
      testY: test.labels!,
      valX: val.x,
      valY: val.labels!,
      ...o,
      batchSize: 64,
      epochs: 8,
    });
    expect(r.epoch).toBe(best + 1);
    expect(r.testAcc).toBe(accuracy(runs[best].predict(test.x), test.labels!));
  });

  it('learns MNIST digits from pixels and is scored on held-out digits', () => {
    const { train, test } = loadMnist({ n: 2000, seed: 1 });
    const r = linearProbe({
      trainX: train.x,
      trainY: train.labels!,
      testX: test.x,
      testY: test.labels!,
      dim: 784,
      classes: 10,
      epochs: 10,
      seed: 0,
    });
    expect(r.testAcc).toBeGreaterThan(0.8);
    expect(r.trainAcc).toBeGreaterThan(r.testAcc); // the test digits were not trained on
    const shuffled = Int32Array.from(train.labels!).reverse(); // labels no longer belong to their images
    const chance = linearProbe({
      trainX: train.x,
      trainY: shuffled,
      testX: test.x,
      testY: test.labels!,
      dim: 784,
      classes: 10,
      epochs: 5,
      seed: 0,
    });
    expect(chance.testAcc).toBeLessThan(0.3);
    expect(() =>
      linearProbe({
        trainX: train.x,
        trainY: train.labels!,
        testX: test.x.subarray(1),
        testY: test.labels!,
        dim: 784,
        classes: 10,
        seed: 0,
      }),
    ).toThrow(/test labels need/);
  });
});
