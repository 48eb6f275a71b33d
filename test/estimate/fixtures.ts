/** Samples with a known I(X;Y), and writers of the files `infobj estimate` reads. */
import { writeFileSync } from 'node:fs';
import { makeRng } from '../../src/data/rng.ts';

/** n pairs of correlated standard Gaussians, x and y of `dim` columns with correlation ρ per column. */
export function gaussianPairs(n: number, dim: number, rho: number, seed: number) {
  const rng = makeRng(`${seed}:test-gaussian`);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Array.from({ length: dim }, () => rng.normal());
    x.push(a);
    y.push(a.map((v) => rho * v + Math.sqrt(1 - rho * rho) * rng.normal()));
  }
  return { x, y, mi: (-dim / 2) * Math.log(1 - rho * rho) };
}

/**
 * X ~ U(0, 1), Y = X + U(−ε, ε): for ε ≤ 1/2, h(Y|X) = log 2ε and h(Y) = ε (Y's density is a trapezoid), so
 * I = ε − log 2ε; for ε ≥ 1/2 the same argument gives I = 1/(4ε).
 */
export function uniformNoise(n: number, eps: number, seed: number) {
  const rng = makeRng(`${seed}:test-uniform`);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform();
    x.push([a]);
    y.push([a + eps * (2 * rng.uniform() - 1)]);
  }
  return { x, y, mi: eps <= 0.5 ? eps - Math.log(2 * eps) : 1 / (4 * eps) };
}

/** n samples of (X, Y) ∈ R² × R³, Gaussian with covariance LLᵀ for a dense lower-triangular L. */
export function denseGaussian(n: number, seed: number) {
  const L = [
    [1, 0, 0, 0, 0],
    [0.5, 1, 0, 0, 0],
    [0.6, -0.4, 0.8, 0, 0],
    [-0.3, 0.7, 0.2, 0.9, 0],
    [0.4, 0.3, -0.5, 0.1, 0.7],
  ];
  const rng = makeRng(seed);
  const rows = Array.from({ length: n }, () => {
    const z = L.map(() => rng.normal());
    return L.map((r) => r.reduce((s, v, j) => s + v * z[j], 0));
  });
  const cov = L.map((a) => L.map((b) => a.reduce((s, v, j) => s + v * b[j], 0)));
  const det = (m: number[][]): number =>
    m.length === 1 ? m[0][0] : m[0].reduce((s, v, j) => s + (j % 2 ? -1 : 1) * v * det(minor(m, j)), 0);
  const minor = (m: number[][], j: number) => m.slice(1).map((r) => r.filter((_, c) => c !== j));
  const block = (idx: number[]) => idx.map((a) => idx.map((b) => cov[a][b]));
  const mi = 0.5 * Math.log((det(block([0, 1])) * det(block([2, 3, 4]))) / det(cov));
  return { x: rows.map((r) => r.slice(0, 2)), y: rows.map((r) => r.slice(2)), mi };
}

/** A float64 .npy (format 1.0, C order) of the rows. */
export function writeNpy(
  path: string,
  rows: readonly (readonly number[])[] | readonly number[],
  shape = [rows.length, (rows[0] as readonly number[]).length],
) {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(Float64Array.from(rows.flat()).buffer);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

export const writeCsv = (path: string, rows: readonly (readonly (number | string)[])[]) =>
  writeFileSync(path, `${rows.map((r) => r.join(',')).join('\n')}\n`);
