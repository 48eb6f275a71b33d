/**
 * KSG (Kraskov et al. 2004, estimator 1): the k-d tree and the blocked brute force against a direct O(n²) reference
 * (exact equality), and the estimate against closed-form I(X;Y).
 */
import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours, kdTree, kthDistances, countWithin, type Points } from '../../src/estimate/knn.ts';
import { digammaTable, klEntropy, ksg, ksgNeighbours, KD_TREE_MAX_DIM } from '../../src/estimate/ksg.ts';
import { estimateMI } from '../../src/estimate/index.ts';
import { makeRng } from '../../src/data/rng.ts';
import { denseGaussian, gaussianPairs, uniformNoise } from './fixtures.ts';

const points = (rows: number[][]): Points => ({
  values: Float64Array.from(rows.flat()),
  n: rows.length,
  dim: rows[0].length,
});
const cheb = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, d) => Math.abs(v - b[d])));

/** The definition, pair by pair: ε_i the k-th smallest joint max-norm distance, n_x(i), n_y(i) strictly within it. */
function reference(x: number[][], y: number[][], k: number) {
  const n = x.length;
  const eps: number[] = [];
  const nx: number[] = [];
  const ny: number[] = [];
  for (let i = 0; i < n; i++) {
    const others = [...Array(n).keys()].filter((j) => j !== i);
    const d = others.map((j) => Math.max(cheb(x[i], x[j]), cheb(y[i], y[j]))).sort((a, b) => a - b);
    eps.push(d[k - 1]);
    nx.push(others.filter((j) => cheb(x[i], x[j]) < d[k - 1]).length);
    ny.push(others.filter((j) => cheb(y[i], y[j]) < d[k - 1]).length);
  }
  // ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩ with ψ by its series, summed in the same order as the implementation
  const psi = (m: number) => [...Array(m - 1).keys()].reduce((s, j) => s + 1 / (j + 1), -0.5772156649015329);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += psi(nx[i] + 1) + psi(ny[i] + 1);
  return { eps, nx, ny, mi: psi(k) + psi(n) - mean / n };
}

/** Standard normals rounded to a grid, so that the sample has ties at exactly ε. */
function sample(n: number, dx: number, dy: number, seed: number, grid?: number) {
  const rng = makeRng(seed);
  const v = () => (grid ? Math.round(rng.normal() * grid) / grid : rng.normal());
  const x = Array.from({ length: n }, () => Array.from({ length: dx }, v));
  const y = x.map((r) => Array.from({ length: dy }, (_, d) => 0.6 * r[d % dx] + v()));
  return { x, y };
}

describe('KSG', () => {
  it('the k-d tree and the brute force give the reference neighbour statistics and estimate exactly', () => {
    for (const [dx, dy, k, grid] of [
      [1, 1, 5, 0],
      [2, 3, 3, 0],
      [1, 2, 4, 8], // ties on a grid: "strictly closer than ε" decides
      [6, 6, 5, 0], // above KD_TREE_MAX_DIM: the brute force
    ]) {
      const { x, y } = sample(150, dx, dy, dx * 10 + dy, grid);
      const ref = reference(x, y, k);
      const brute = bruteForceNeighbours(points(x), points(y), k);
      const eps = kthDistances(kdTree(points(x.map((r, i) => [...r, ...y[i]]))), k);
      const tree = { eps, nx: countWithin(kdTree(points(x)), eps), ny: countWithin(kdTree(points(y)), eps) };
      for (const got of [brute, tree]) {
        expect(Array.from(got.eps)).toEqual(ref.eps);
        expect(Array.from(got.nx)).toEqual(ref.nx);
        expect(Array.from(got.ny)).toEqual(ref.ny);
      }
      expect(dx + dy > KD_TREE_MAX_DIM).toBe(dx === 6);
      expect(Array.from(ksgNeighbours(points(x), points(y), k).nx)).toEqual(ref.nx);
      expect(ksg(points(x), points(y), k)).toBe(ref.mi);
    }
  });

  it('ψ by its recurrence', () => {
    const psi = digammaTable(5);
    expect(psi[1]).toBeCloseTo(-0.5772156649015329, 15);
    expect(psi[5]).toBeCloseTo(-0.5772156649015329 + 1 + 1 / 2 + 1 / 3 + 1 / 4, 14);
  });

  it('estimates closed-form I: correlated Gaussians (ρ = 0.75: 0.4133 nats), a dense 5-dim Gaussian, uniform noise', async () => {
    const g = gaussianPairs(3000, 1, 0.75, 1);
    expect(g.mi).toBeCloseTo(0.4133, 4);
    const e = await estimateMI(g.x, g.y, { estimator: 'ksg' });
    expect(Math.abs(e.estimate - g.mi)).toBeLessThan(0.04);
    expect(e.std).toBeGreaterThan(0);
    expect(e.std).toBeLessThan(0.05);
    // X ∈ R², Y ∈ R³ jointly Gaussian with a dense covariance Σ = LLᵀ: I = ½ log(det Σ_xx det Σ_yy / det Σ)
    const { x, y, mi } = denseGaussian(4000, 2);
    const dense = await estimateMI(x, y, { estimator: 'ksg' });
    expect(Math.abs(dense.estimate - mi)).toBeLessThan(0.1);
    // Y = X + U(−ε, ε): I = ε − log 2ε for ε ≤ ½ (1.7094 at ε = 0.1), 1/(4ε) above (0.3333 at ε = 0.75)
    for (const [eps, tol] of [
      [0.1, 0.08],
      [0.75, 0.04],
    ]) {
      const u = uniformNoise(3000, eps, 2);
      expect(u.mi).toBeCloseTo(eps === 0.1 ? 1.7094 : 0.3333, 4);
      expect(Math.abs((await estimateMI(u.x, u.y, { estimator: 'ksg' })).estimate - u.mi)).toBeLessThan(tol);
    }
  });

  it('Kozachenko–Leonenko entropy of N(0, 1) is ½ log 2πe', () => {
    const rng = makeRng(3);
    const y = points(Array.from({ length: 3000 }, () => [rng.normal()]));
    expect(Math.abs(klEntropy(y) - 0.5 * Math.log(2 * Math.PI * Math.E))).toBeLessThan(0.05);
  });

  it('refuses samples with k identical neighbours, naming the row', () => {
    const x = [[0], [0], [0], [0], [0], [0], [1], [2]];
    expect(() => ksg(points(x), points(x), 5)).toThrow(/ksg: row 1 has 5 or more identical samples/);
  });
});
