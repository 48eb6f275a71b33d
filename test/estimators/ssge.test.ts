/** SSGE against analytic scores (Gaussians, a correlated Gaussian, a mixture), and with random projection. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { medianDistance, randomProjection, ssge, symmetricEigen } from '../../src/estimators/index.ts';
import { leadingEigen, rbfGram } from '../../src/estimators/ssge.ts';
import { loadAddon } from '../../src/backend/addon.ts';

/** ‖ĝ − g‖ / ‖g‖ over the samples. */
const relError = (est: tf.Tensor, truth: tf.Tensor) =>
  tf.tidy(() => tf.div(tf.norm(tf.sub(est, truth)), tf.norm(truth)).dataSync()[0]);

describe('median heuristic', () => {
  it('is the median of the distinct pairwise distances', () => {
    for (const M of [5, 6, 40]) {
      const d2 = Float32Array.from({ length: M * M }, (_, i) =>
        Math.floor(i / M) === i % M ? 0 : ((i * 7919) % 101) + 1,
      );
      for (let i = 0; i < M; i++) for (let j = 0; j < i; j++) d2[i * M + j] = d2[j * M + i]; // symmetric
      const upper = [];
      for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) upper.push(d2[i * M + j]);
      upper.sort((a, b) => a - b);
      expect(medianDistance(d2, M)).toBeCloseTo(Math.sqrt(upper[Math.floor(upper.length / 2)]), 6);
    }
  });
});

describe('symmetric eigendecomposition', () => {
  it('LAPACK (native addon) and ml-matrix agree on eigenvalues and eigenvectors (up to sign)', () => {
    const M = 60;
    const x = tf.randomNormal([M, 3], 0, 1, 'float32', 21) as tf.Tensor2D;
    const K = Float64Array.from(
      tf.tidy(() => tf.exp(tf.neg(tf.sum(tf.square(tf.sub(tf.expandDims(x, 1), tf.expandDims(x, 0))), 2)))).dataSync(),
    );
    const js = symmetricEigen(K, M, false);
    const load = loadAddon();
    if (!load.ok) return console.log(`native addon not built (${load.reason}): only the ml-matrix path is checked`);
    const lapack = symmetricEigen(K, M);
    for (let j = 0; j < 10; j++) {
      expect(lapack.values[j]).toBeCloseTo(js.values[j], 8);
      const dot = Array.from({ length: M }, (_, m) => lapack.vector(j, m) * js.vector(j, m)).reduce((a, b) => a + b);
      expect(Math.abs(dot)).toBeCloseTo(1, 6);
    }
    expect(js.values[0]).toBeGreaterThan(js.values[1]); // largest first
  });
});

/** An RBF Gram matrix (median bandwidth, 1e-6 jitter) of M samples, as ssge builds it, in float64. */
function gram(M: number, d: number, seed: number): Float64Array {
  const x = tf.randomNormal([M, d], 0, 1, 'float32', seed).arraySync() as number[][];
  const d2 = new Float64Array(M * M),
    off: number[] = [];
  for (let i = 0; i < M; i++)
    for (let j = 0; j < M; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i][k] - x[j][k]) ** 2;
      d2[i * M + j] = s;
      if (j > i) off.push(s);
    }
  off.sort((a, b) => a - b);
  const s2 = off[off.length >> 1];
  const K = d2.map((v) => Math.exp(-v / (2 * s2)));
  for (let i = 0; i < M; i++) K[i * M + i] += 1e-6;
  return K;
}

const addon = loadAddon();
const topTitle = `leading eigenpairs without LAPACK (native/src/eig_top.cc)${addon.ok ? '' : ' — SKIPPED: no addon'}`;
describe.skipIf(!addon.ok)(topTitle, () => {
  const cases = [
    [120, 3, 0.99],
    [300, 20, 0.99],
    [200, 8, 0.9],
  ];
  it.each(cases)("M = %i, d = %i, ratio %f: the full decomposition's values, J and vectors", (M, d, ratio) => {
    const K = gram(M, d, M + d);
    const full = symmetricEigen(K, M, false); // ml-matrix, all pairs
    const top = leadingEigen(K, M, { ratio }, 'top');
    expect(top.solver).toBe('top');
    for (let j = 0; j < M; j++) expect(Math.abs(top.values[j] - full.values[j])).toBeLessThan(1e-10 * full.values[0]);
    const ref = leadingEigen(K, M, { ratio }, 'ml-matrix');
    expect(top.J).toBe(ref.J);
    // eigenvectors up to sign, where the eigenvalue is separated from its neighbours (else only their span is defined)
    for (let j = 0; j < top.J; j++) {
      const gap = Math.min(j > 0 ? full.values[j - 1] - full.values[j] : Infinity, full.values[j] - full.values[j + 1]);
      if (gap < 1e-6 * full.values[0]) continue;
      let dot = 0;
      for (let m = 0; m < M; m++) dot += top.U[m * top.J + j] * full.vector(j, m);
      expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-4);
    }
    // K u = λ u for every kept pair
    let worst = 0;
    for (let j = 0; j < top.J; j++)
      for (let i = 0; i < M; i++) {
        let s = 0;
        for (let m = 0; m < M; m++) s += K[i * M + m] * top.U[m * top.J + j];
        worst = Math.max(worst, Math.abs(s - top.values[j] * top.U[i * top.J + j]));
      }
    expect(worst).toBeLessThan(1e-5 * full.values[0]); // U is float32
  });

  it('the native RBF Gram matrix, row sums and median bandwidth equal the tfjs ones', () => {
    for (const [M, d, bandwidth] of [
      [7, 3, 'median'],
      [131, 5, 'median'],
      [300, 32, 'median'],
      [50, 2, 0.7],
    ] as const) {
      const x = tf.randomNormal([M, d], 0, 1, 'float32', M) as tf.Tensor2D;
      const fast = rbfGram(x, bandwidth, 1e-6),
        ref = rbfGram(x, bandwidth, 1e-6, false);
      expect(Math.abs(fast.sigma - ref.sigma)).toBeLessThan(1e-5 * ref.sigma);
      let worst = 0;
      for (let i = 0; i < M * M; i++) worst = Math.max(worst, Math.abs(fast.K[i] - ref.K[i]));
      expect(worst).toBeLessThan(2e-6);
      for (let i = 0; i < M; i++) expect(Math.abs(fast.r[i] - ref.r[i])).toBeLessThan(1e-5 * ref.r[i]);
      for (let i = 0; i < M; i++) for (let j = 0; j < i; j++) expect(fast.K[i * M + j]).toBe(fast.K[j * M + i]);
      x.dispose();
    }
  });

  it('a fixed count', () => {
    const K = gram(80, 4, 3);
    const top = leadingEigen(K, 80, { count: 17 }, 'top');
    expect(top.J).toBe(17);
    expect(top.U.length).toBe(80 * 17);
  });

  it('SSGE scores with it equal those of the full decomposition (ml-matrix), at the samples and elsewhere', () => {
    for (const [M, d] of [
      [200, 5],
      [500, 32],
    ]) {
      const x = tf.randomNormal([M, d], 0, 1, 'float32', 9) as tf.Tensor2D;
      const y = tf.randomNormal([20, d], 0, 1, 'float32', 10) as tf.Tensor2D;
      const a = ssge(x, { eigensolver: 'top' }),
        b = ssge(x, { eigensolver: 'ml-matrix' });
      expect(a.eigensolver).toBe('top');
      expect(a.numEigen).toBe(b.numEigen);
      expect(relError(a.scores, b.scores)).toBeLessThan(1e-3);
      const [sa, sb] = [a.scoreAt(y), b.scoreAt(y)];
      expect(relError(sa, sb)).toBeLessThan(1e-3);
      tf.dispose([x, y, sa, sb]);
      a.dispose();
      b.dispose();
    }
  });
});

describe('SSGE score estimates', () => {
  it('standard Gaussians in d = 2…20: error falls with M and stays bounded (score = −x)', () => {
    const rows: string[] = [];
    for (const d of [2, 5, 10, 20]) {
      const errors = [100, 300].map((M) => {
        const x = tf.randomNormal([M, d], 0, 1, 'float32', d * 7 + M) as tf.Tensor2D;
        const est = ssge(x);
        const e = relError(est.scores, tf.neg(x));
        rows.push(`d=${d} M=${M} J=${est.numEigen} rel.err=${e.toFixed(3)}`);
        est.dispose();
        return e;
      });
      expect(errors[1]).toBeLessThan({ 2: 0.35, 5: 0.45, 10: 0.6, 20: 0.8 }[d]!);
      if (d <= 10) expect(errors[1]).toBeLessThan(errors[0]); // more samples, better estimate
    }
    console.log(rows.join('\n'));
  });

  it('a correlated Gaussian (score = −Σ⁻¹x), at the samples and at new points', () => {
    const L = tf.tensor2d([
      [1, 0, 0],
      [0.8, 0.6, 0],
      [0.3, 0.2, 0.9],
    ]);
    const cov = tf.matMul(L, L, false, true);
    const precision = tf.tensor2d(invert3(cov.arraySync() as number[][]));
    const x = tf.matMul(tf.randomNormal([400, 3], 0, 1, 'float32', 3), L, false, true) as tf.Tensor2D;
    const est = ssge(x);
    expect(relError(est.scores, tf.neg(tf.matMul(x, precision)))).toBeLessThan(0.3);
    const fresh = tf.matMul(tf.randomNormal([100, 3], 0, 0.5, 'float32', 4), L, false, true) as tf.Tensor2D;
    expect(relError(est.scoreAt(fresh), tf.neg(tf.matMul(fresh, precision)))).toBeLessThan(0.35);
    est.dispose();
  });

  it('a two-component Gaussian mixture in 2-D', () => {
    const M = 400;
    const c = tf.tensor2d([[-2, 0]]);
    const sign = tf.tensor2d(Array.from({ length: M }, (_, i) => [i % 2 ? 1 : -1]));
    const x = tf.add(tf.mul(sign, c), tf.randomNormal([M, 2], 0, 1, 'float32', 9)) as tf.Tensor2D;
    // ∇log(½N(x;μ,I) + ½N(x;−μ,I)) = −x + μ·tanh(μᵀx)
    const truth = tf.add(tf.neg(x), tf.mul(tf.tanh(tf.matMul(x, c, false, true)), c));
    const est = ssge(x);
    expect(relError(est.scores, truth)).toBeLessThan(0.35);
    const flipped = ssge(tf.neg(x));
    expect(relError(flipped.scores, tf.neg(truth))).toBeLessThan(0.35); // symmetric case gives the mirrored score
    est.dispose();
    flipped.dispose();
  });

  it('fails the comparison if broken: a wrong bandwidth or a sign flip is detected', () => {
    const x = tf.randomNormal([300, 2], 0, 1, 'float32', 11) as tf.Tensor2D;
    const good = ssge(x);
    const narrow = ssge(x, { bandwidth: 0.02 });
    expect(relError(good.scores, tf.neg(x))).toBeLessThan(0.35);
    expect(relError(tf.neg(good.scores), tf.neg(x))).toBeGreaterThan(1.5);
    expect(relError(narrow.scores, tf.neg(x))).toBeGreaterThan(0.6);
    good.dispose();
    narrow.dispose();
  });

  it('random projection keeps the error bounded on 512-D inputs of low intrinsic rank', () => {
    const R = randomProjection(512, 16, 5);
    expect(
      tf.tidy(() =>
        tf
          .norm(R, 'euclidean', 1)
          .dataSync()
          .every((v) => Math.abs(v - 1) < 1e-5),
      ),
    ).toBe(true);
    // a 5-D standard Gaussian embedded by an orthonormal 5×512 frame; its score on the 5-D coordinates is −u
    const frame = tf.tidy(() => {
      const [q] = tf.linalg.qr(tf.randomNormal([512, 5], 0, 1, 'float32', 6));
      return tf.transpose(q) as tf.Tensor2D;
    });
    const u = tf.randomNormal([400, 5], 0, 1, 'float32', 8) as tf.Tensor2D;
    const x = tf.matMul(u, frame);
    const projected = tf.matMul(x, R) as tf.Tensor2D; // y = xR, a 16-D linear image of u
    const est = ssge(projected);
    // score of y is A⁺ᵀ(−u)-like; check the chain rule instead: ĝ_y·(∂y/∂u) = ĝ_y Aᵀ should be ≈ −u, A = frame·R
    const A = tf.matMul(frame, R);
    expect(relError(tf.matMul(est.scores, A, false, true), tf.neg(u))).toBeLessThan(0.45);
    est.dispose();
  });
});

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}
