import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { embedPlane, liftPlane, makeRng, makeSynthetic, randomFrame } from '../../src/data/index.ts';
import { SPIRAL_SWEEP } from '../../src/data/synthetic.ts';

const column = (x: ArrayLike<number>, n: number, dim: number, j: number) =>
  Float64Array.from({ length: n }, (_, i) => x[i * dim + j]);
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);
const point = (plane: Float32Array, i: number) => [plane[2 * i], plane[2 * i + 1]];

describe('2-D shapes (scikit-learn geometry)', () => {
  it('moons without noise lie on the two half circles of make_moons, n/2 rounded down on the upper one', () => {
    const ds = makeSynthetic({ shape: 'moons', n: 101, noise: 0 }, 0);
    expect([ds.n, ds.dim]).toEqual([101, 2]);
    expect(ds.labels!.filter((l) => l === 0).length).toBe(50);
    for (let i = 0; i < ds.n; i++) {
      const [u, v] = point(ds.plane!, i);
      if (ds.labels![i] === 0) {
        expect(Math.hypot(u, v)).toBeCloseTo(1, 5);
        expect(v).toBeGreaterThanOrEqual(-1e-6);
      } else {
        expect(Math.hypot(u - 1, v - 0.5)).toBeCloseTo(1, 5);
        expect(v).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
    const xsUpper = Array.from({ length: ds.n }, (_, i) => i)
      .filter((i) => ds.labels![i] === 0)
      .map((i) => ds.plane![2 * i]);
    // linspace(0, π) includes both ends
    expect([Math.min(...xsUpper), Math.max(...xsUpper)].map((v) => +v.toFixed(5))).toEqual([-1, 1]);
  });

  it('circles without noise have radii 1 (label 0) and 0.5 (label 1), evenly spaced angles', () => {
    const ds = makeSynthetic({ shape: 'circles', n: 80, noise: 0 }, 0);
    const angles: number[] = [];
    for (let i = 0; i < ds.n; i++) {
      const [u, v] = point(ds.plane!, i);
      expect(Math.hypot(u, v)).toBeCloseTo(ds.labels![i] === 0 ? 1 : 0.5, 5);
      if (ds.labels![i] === 0) angles.push(Math.atan2(v, u));
    }
    const sorted = angles.sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((a, i) => a - sorted[i]);
    for (const g of gaps) expect(g).toBeCloseTo((2 * Math.PI) / 40, 5);
  });

  it('circles take the inner radius as `factor` (scikit-learn), only in (0, 1) and only for circles', () => {
    const ds = makeSynthetic({ shape: 'circles', n: 40, noise: 0, factor: 0.4 }, 0);
    for (let i = 0; i < ds.n; i++)
      expect(Math.hypot(...point(ds.plane!, i))).toBeCloseTo(ds.labels![i] === 0 ? 1 : 0.4, 5);
    expect(() => makeSynthetic({ shape: 'circles', n: 40, noise: 0, factor: 1 }, 0)).toThrow(/data.factor/);
    expect(() => makeSynthetic({ shape: 'moons', n: 40, noise: 0, factor: 0.4 }, 0)).toThrow(/data.factor/);
  });

  it('spirals without noise: k balanced arms r = t at angle t + 2πc/k, t from 1 to 1 + SPIRAL_SWEEP', () => {
    const k = 3;
    const ds = makeSynthetic({ shape: 'spirals', n: 301, noise: 0, clusters: k }, 0);
    expect([ds.n, ds.dim]).toEqual([301, 2]);
    expect([0, 1, 2].map((c) => ds.labels!.filter((l) => l === c).length)).toEqual([101, 100, 100]);
    const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
    for (let i = 0; i < ds.n; i++) {
      const [u, v] = point(ds.plane!, i);
      const r = Math.hypot(u, v);
      expect(r).toBeGreaterThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(1 + SPIRAL_SWEEP);
      expect(Math.abs(wrap(Math.atan2(v, u) - r - (2 * Math.PI * ds.labels![i]) / k))).toBeLessThan(1e-4);
    }
    // the arms never meet: two points of different arms are at least the gap between neighbouring turns apart
    let closest = Infinity;
    for (let i = 0; i < ds.n; i++)
      for (let j = i + 1; j < ds.n; j++)
        if (ds.labels![i] !== ds.labels![j]) {
          const [a, b] = [point(ds.plane!, i), point(ds.plane!, j)];
          closest = Math.min(closest, Math.hypot(a[0] - b[0], a[1] - b[1]));
        }
    expect(closest).toBeGreaterThan(1.5);
    expect(() => makeSynthetic({ shape: 'spirals', n: 30, noise: 0, clusters: 1 }, 0)).toThrow(/data.clusters/);
    expect(makeSynthetic({ shape: 'spirals', n: 30, noise: 0 }, 0).labels!.every((l) => l < 2)).toBe(true);
  });

  it('blobs: k balanced clusters with spread `noise` around centres at least 6 apart', () => {
    const k = 6;
    const noise = 0.3;
    const ds = makeSynthetic({ shape: 'blobs', n: 1200, noise, clusters: k }, 2);
    const centres = Array.from({ length: k }, (_, c) => {
      const rows = Array.from({ length: ds.n }, (_, i) => i).filter((i) => ds.labels![i] === c);
      expect(rows.length).toBe(200);
      const m = [mean(rows.map((i) => ds.plane![2 * i])), mean(rows.map((i) => ds.plane![2 * i + 1]))];
      const spread = Math.sqrt(
        mean(rows.map((i) => (ds.plane![2 * i] - m[0]) ** 2 + (ds.plane![2 * i + 1] - m[1]) ** 2)) / 2,
      );
      expect(spread).toBeGreaterThan(noise * 0.9);
      expect(spread).toBeLessThan(noise * 1.1);
      return m;
    });
    for (let a = 0; a < k; a++)
      for (let b = a + 1; b < k; b++)
        expect(Math.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1])).toBeGreaterThan(5.8);
  });

  it('rows come shuffled and the same seed gives the same data, another seed other data', () => {
    const o = { shape: 'moons', n: 400, noise: 0.1, embed: { dim: 32, rotation: 'random' } } as const;
    const ds = makeSynthetic(o, 3);
    expect(Array.from(ds.labels!.subarray(0, 20)).some((l) => l !== ds.labels![0])).toBe(true);
    const again = makeSynthetic(o, 3);
    expect(again.x).toEqual(ds.x);
    expect(again.labels).toEqual(ds.labels);
    expect(makeSynthetic(o, 4).x).not.toEqual(ds.x);
  });
});

describe('embedding by zero-padding and a random rotation (Neural Bayes §4.1)', () => {
  it('liftPlane maps plane points to the embedded rows exactly (the embedding is affine), and any other point likewise', () => {
    const ds = makeSynthetic(
      { shape: 'spirals', n: 300, noise: 0.1, clusters: 3, embed: { dim: 24, rotation: 'random' } },
      1,
    );
    const lifted = liftPlane(ds, ds.plane!);
    for (let k = 0; k < ds.x.length; k += 37) expect(lifted[k]).toBeCloseTo(ds.x[k], 4);
    // midpoints of two rows lift to the midpoints of their embeddings
    const mid = Float32Array.from([0, 1].map((d) => (ds.plane![d] + ds.plane![2 + d]) / 2));
    const m = liftPlane(ds, mid);
    for (let j = 0; j < ds.dim; j++) expect(m[j]).toBeCloseTo((ds.x[j] + ds.x[ds.dim + j]) / 2, 4);
    expect(() => liftPlane({ ...ds, plane: undefined }, mid)).toThrow(/no 2-D plane/);
  });

  it('the rotation frame is orthonormal: QᵀQ = I', () => {
    for (const dim of [2, 3, 512]) {
      const [q1, q2] = randomFrame(dim, makeRng(dim));
      expect(dot(q1, q1)).toBeCloseTo(1, 12);
      expect(dot(q2, q2)).toBeCloseTo(1, 12);
      expect(dot(q1, q2)).toBeCloseTo(0, 12);
    }
  });

  it('is the Gram–Schmidt frame of the same Gaussian draws (QR with positive diag R), and Haar: no sign bias', () => {
    const [q1, q2] = randomFrame(7, makeRng('gs'));
    const replay = makeRng('gs');
    const g1 = Array.from({ length: 7 }, () => replay.normal());
    const g2 = Array.from({ length: 7 }, () => replay.normal());
    const e1 = g1.map((v) => v / Math.hypot(...g1));
    const r = g2.map((v, i) => v - dot(g2, e1) * e1[i]);
    const e2 = r.map((v) => v / Math.hypot(...r));
    e1.forEach((v, i) => expect(q1[i]).toBeCloseTo(v, 12));
    e2.forEach((v, i) => expect(q2[i]).toBeCloseTo(v, 12));
    // Householder QR alone gives q₁₁ < 0 always (mean ≈ −0.5 in R³); the sign fix makes E[q₁] = 0 and E[q₁q₁ᵀ] = I/3.
    const rng = makeRng(9);
    const frames = Array.from({ length: 3000 }, () => randomFrame(3, rng));
    expect(Math.abs(mean(frames.map(([a]) => a[0])))).toBeLessThan(0.04);
    expect(Math.abs(mean(frames.map(([, b]) => b[1])))).toBeLessThan(0.04);
    expect(mean(frames.map(([a]) => a[0] * a[0]))).toBeCloseTo(1 / 3, 1);
  });

  it('keeps the standardised plane: distances preserved, unit variance along the plane, rank 2', () => {
    const ds = makeSynthetic({ shape: 'moons', n: 300, noise: 0.1, embed: { dim: 64, rotation: 'random' } }, 1);
    const p = Float64Array.from(ds.plane!);
    for (const j of [0, 1]) {
      const c = column(p, ds.n, 2, j);
      const m = mean(c);
      const sd = Math.sqrt(mean(c.map((v) => (v - m) ** 2)));
      for (let i = 0; i < ds.n; i++) p[2 * i + j] = (p[2 * i + j] - m) / sd;
    }
    const row = (i: number) => ds.x.subarray(i * 64, (i + 1) * 64);
    for (const [a, b] of [
      [0, 1],
      [5, 200],
      [17, 299],
    ]) {
      const dx = Math.sqrt(row(a).reduce((s, v, j) => s + (v - row(b)[j]) ** 2, 0));
      expect(dx).toBeCloseTo(Math.hypot(p[2 * a] - p[2 * b], p[2 * a + 1] - p[2 * b + 1]), 4);
    }
    for (const j of [0, 31, 63]) expect(Math.abs(mean(column(ds.x, ds.n, 64, j)))).toBeLessThan(1e-5);
    const meanSquaredNorm = mean(Array.from({ length: ds.n }, (_, i) => dot(row(i), row(i))));
    expect(meanSquaredNorm).toBeCloseTo(2, 4); // two unit-variance plane coordinates, rotated
    // Covariance spectrum: the 64-D data have the plane's 2 × 2 correlation eigenvalues 1 ± r and 62 zeros (rank 2).
    const cov = Matrix.zeros(64, 64);
    for (let i = 0; i < ds.n; i++)
      cov.add(
        Matrix.columnVector(Array.from(row(i)))
          .mmul(Matrix.rowVector(Array.from(row(i))))
          .div(ds.n),
      );
    const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
    const r = mean(Array.from({ length: ds.n }, (_, i) => p[2 * i] * p[2 * i + 1]));
    expect(eig[0]).toBeCloseTo(1 + Math.abs(r), 4);
    expect(eig[1]).toBeCloseTo(1 - Math.abs(r), 4);
    expect(Math.abs(eig[2])).toBeLessThan(1e-5);
  });

  it("rotation 'none' only pads with zeros", () => {
    const x = embedPlane([1, 2, 3, 4], 2, 4, 'none', makeRng(0));
    expect(Array.from(x)).toEqual([1, 2, 0, 0, 3, 4, 0, 0]);
    const ds = makeSynthetic({ shape: 'circles', n: 50, noise: 0.05, embed: { dim: 5, rotation: 'none' } }, 0);
    for (let i = 0; i < ds.n; i++) expect(Array.from(ds.x.subarray(i * 5 + 2, i * 5 + 5))).toEqual([0, 0, 0]);
    expect(mean(column(ds.x, ds.n, 5, 0).map((v) => v * v))).toBeCloseTo(1, 5);
  });
});

describe('parameter checks', () => {
  const bad: [object, RegExp][] = [
    [{ shape: 'moons', n: 1, noise: 0.1 }, /^data\.n: expected an integer ≥ 2, got 1$/],
    [{ shape: 'moons', n: 2.5, noise: 0.1 }, /^data\.n: /],
    [{ shape: 'moons', n: 10, noise: -1 }, /^data\.noise: expected a finite number ≥ 0, got -1$/],
    [{ shape: 'moons', n: 10, noise: NaN }, /^data\.noise: /],
    [
      { shape: 'blobs', n: 10, noise: 0.1, clusters: 1 },
      /^data\.clusters: blobs need an integer number of clusters in \[2, n = 10\], got 1$/,
    ],
    [{ shape: 'blobs', n: 10, noise: 0.1, clusters: 11 }, /^data\.clusters: /],
    [{ shape: 'circles', n: 10, noise: 0.1, clusters: 3 }, /^data\.clusters: circles always have 2 clusters, got 3$/],
    [
      { shape: 'moons', n: 10, noise: 0.1, embed: { dim: 1, rotation: 'random' } },
      /^data\.embed\.dim: expected an integer ≥ 2, got 1$/,
    ],
    [{ shape: 'moons', n: 10, noise: 0.1, embed: { dim: 4, rotation: 'sideways' } }, /^data\.embed\.rotation: /],
    [{ shape: 'spiral', n: 10, noise: 0.1 }, /^data\.shape: expected moons, circles, spirals or blobs, got spiral$/],
  ];
  it.each(bad)('%o is refused', (o, message) => {
    expect(() => makeSynthetic(o as never, 0)).toThrow(message);
  });
  it('throws DataError with the field in .path', () => {
    try {
      makeSynthetic({ shape: 'moons', n: -3, noise: 0 }, 0);
      expect.unreachable();
    } catch (e) {
      expect((e as { name: string; path: string }).name).toBe('DataError');
      expect((e as { path: string }).path).toBe('data.n');
    }
  });
});
