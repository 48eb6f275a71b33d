import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { randomFrame } from '../../src/data/synthetic.ts';
import { makeRng, correlatedGaussian, correlatedGaussianMI, correlatedGaussianMIGrad, loadCsv, loadMnist, loadNpy, makeSynthetic } from '../../src/data/index.ts';

const column = (x: Float32Array, n: number, dim: number, j: number) => Float64Array.from({ length: n }, (_, i) => x[i * dim + j]);
const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;

describe('synthetic sets (Neural Bayes §4.1)', () => {
  it('moons in 512-D: balanced labels, standardised plane coordinates carried by the rotation, deterministic by seed', () => {
    const ds = makeSynthetic({ shape: 'moons', n: 400, noise: 0.1, embed: { dim: 512, rotation: 'random' } }, 3);
    expect([ds.n, ds.dim, ds.x.length]).toEqual([400, 512, 400 * 512]);
    expect(ds.labels!.reduce((a, b) => a + b, 0)).toBe(200);
    for (const j of [0, 100, 511]) expect(Math.abs(mean(column(ds.x, ds.n, ds.dim, j)))).toBeLessThan(1e-4); // centred
    const meanSquaredNorm = Array.from({ length: ds.n }, (_, i) => ds.x.subarray(i * 512, (i + 1) * 512).reduce((s, v) => s + v * v, 0)).reduce((a, b) => a + b) / ds.n;
    expect(meanSquaredNorm).toBeCloseTo(2, 3); // two unit-variance coordinates, rotated
    expect(ds.plane!.length).toBe(800);
    expect(makeSynthetic({ shape: 'moons', n: 400, noise: 0.1, embed: { dim: 512, rotation: 'random' } }, 3).x).toEqual(ds.x);
    expect(makeSynthetic({ shape: 'moons', n: 400, noise: 0.1, embed: { dim: 512, rotation: 'random' } }, 4).x).not.toEqual(ds.x);
  });

  it('the embedding is a random rotation of the plane: an orthonormal frame, and the data keep rank 2', () => {
    const rng = makeRng(0);
    const [q1, q2] = randomFrame(256, rng);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(q1, q1)).toBeCloseTo(1, 10);
    expect(dot(q2, q2)).toBeCloseTo(1, 10);
    expect(dot(q1, q2)).toBeCloseTo(0, 10);
    const ds = makeSynthetic({ shape: 'circles', n: 60, noise: 0.05, embed: { dim: 64, rotation: 'random' } }, 1);
    const singular = new SingularValueDecomposition(new Matrix(Array.from({ length: ds.n }, (_, i) => Array.from(ds.x.subarray(i * 64, (i + 1) * 64))))).diagonal;
    expect(singular[1] / singular[0]).toBeGreaterThan(0.1);
    expect(singular[2] / singular[0]).toBeLessThan(1e-5);
  });

  it('blobs have the requested clusters; bad parameters name the field', () => {
    const ds = makeSynthetic({ shape: 'blobs', n: 90, noise: 0.1, clusters: 3 }, 0);
    expect(new Set(ds.labels).size).toBe(3);
    expect(() => makeSynthetic({ shape: 'blobs', n: 90, noise: 0.1, clusters: 1 }, 0)).toThrow(/data\.clusters/);
    expect(() => makeSynthetic({ shape: 'moons', n: 90, noise: -1 }, 0)).toThrow(/data\.noise/);
  });
});

describe('correlated Gaussians (MIGE §4.1)', () => {
  it('have correlation ρ per coordinate and the closed-form MI and gradient', () => {
    const g = correlatedGaussian({ dim: 3, rho: 0.6, n: 20000 }, 1);
    const xy = g.x.reduce((s, v, i) => s + v * g.y[i], 0) / g.x.length;
    expect(xy).toBeCloseTo(0.6, 1);
    expect(correlatedGaussianMI(10, 0.5)).toBeCloseTo(-5 * Math.log(0.75), 10);
    const h = 1e-6;
    expect(correlatedGaussianMIGrad(10, 0.5)).toBeCloseTo((correlatedGaussianMI(10, 0.5 + h) - correlatedGaussianMI(10, 0.5 - h)) / (2 * h), 4);
    expect(() => correlatedGaussian({ dim: 2, rho: 1, n: 10 }, 0)).toThrow(/data\.rho: expected a number in \(−1, 1\), got 1/);
  });
});

describe('MNIST from the mnist package', () => {
  it('splits n real digits into disjoint train/validation/test sets with pixels in [0, 1]', () => {
    const { train, val, test } = loadMnist({ n: 1000, seed: 0 });
    expect([train.n, val.n, test.n]).toEqual([700, 100, 200]);
    expect(train.imageShape).toEqual([28, 28, 1]);
    expect(Math.max(...train.x.subarray(0, 784 * 10))).toBeLessThanOrEqual(1);
    expect(new Set(test.labels).size).toBe(10);
    const key = (ds: typeof train, i: number) => ds.x.subarray(i * 784, (i + 1) * 784).join(',');
    const trainKeys = new Set(Array.from({ length: train.n }, (_, i) => key(train, i)));
    expect(Array.from({ length: test.n }, (_, i) => key(test, i)).filter((k) => trainKeys.has(k)).length).toBeLessThan(3); // the package has a few duplicate images
    expect(() => loadMnist({ n: 20000, seed: 0 })).toThrow(/data\.n/);
  });
});

describe('user files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infobj-data-'));
  it('reads CSV with a header and a label column', () => {
    const p = join(dir, 'a.csv');
    writeFileSync(p, 'u,v,label\n1,2,0\n3,4,1\n');
    const ds = loadCsv(p, { labelColumn: 'label' });
    expect([ds.n, ds.dim]).toEqual([2, 2]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(ds.labels!)).toEqual([0, 1]);
  });

  it('reads float32 and float64 .npy with labels', () => {
    const npy = (descr: string, shape: number[], bytes: Buffer) => {
      let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
      header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
      const pre = Buffer.alloc(10);
      pre.write('\x93NUMPY', 0, 'latin1');
      pre[6] = 1;
      pre.writeUInt16LE(header.length, 8);
      return Buffer.concat([pre, Buffer.from(header, 'latin1'), bytes]);
    };
    const f64 = Buffer.alloc(6 * 8);
    [1, 2, 3, 4, 5, 6].forEach((v, i) => f64.writeDoubleLE(v, i * 8));
    const lab = Buffer.alloc(3 * 8);
    [0, 1, 1].forEach((v, i) => lab.writeBigInt64LE(BigInt(v), i * 8));
    writeFileSync(join(dir, 'x.npy'), npy('<f8', [3, 2], f64));
    writeFileSync(join(dir, 'y.npy'), npy('<i8', [3], lab));
    const ds = loadNpy(join(dir, 'x.npy'), join(dir, 'y.npy'));
    expect([ds.n, ds.dim]).toEqual([3, 2]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(ds.labels!)).toEqual([0, 1, 1]);
    const nan = Buffer.alloc(4 * 4);
    [1, NaN, 3, 4].forEach((v, i) => nan.writeFloatLE(v, i * 4));
    writeFileSync(join(dir, 'nan.npy'), npy('<f4', [2, 2], nan));
    expect(() => loadNpy(join(dir, 'nan.npy'))).toThrow(/NaN at row 1, column 2/);
    expect(() => loadNpy(join(dir, 'missing.npy'))).toThrow(/data\.path: cannot read/);
  });
});
