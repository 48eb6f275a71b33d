/**
 * Plain wasm's transpose-free matMul kernels (src/backend/transpose_free_matmul.ts) against the stock wasm kernels:
 * the same products and the same gradients (matMul, batched and broadcast, fused with bias and activation), and no
 * leaked tensors or heap data. Runs with and without the addon (the native kernels are removed for the comparison).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.ts';
import { installNativeKernels, uninstallNativeKernels } from '../../src/backend/native.ts';
import {
  installTransposeFreeMatMul,
  transposeFreeMatMulInstalled,
  uninstallTransposeFreeMatMul,
} from '../../src/backend/transpose_free_matmul.ts';
import { makeRng } from '../../src/data/rng.ts';

const rng = makeRng(5);
const rand = (shape: number[]) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform() * 2 - 1),
    shape,
  );

/** f's values with the stock kernels, then with the transpose-free ones. */
function bothWays(f: () => tf.Tensor[]): { stock: Float32Array[]; free: Float32Array[] } {
  const run = () =>
    tf.tidy(f).map((t) => {
      const v = t.dataSync() as Float32Array;
      t.dispose();
      return v;
    });
  uninstallTransposeFreeMatMul();
  const stock = run();
  installTransposeFreeMatMul();
  expect(transposeFreeMatMulInstalled()).toBe(true);
  return { stock, free: run() };
}

function expectSame(f: () => tf.Tensor[]): void {
  const { stock, free } = bothWays(f);
  stock.forEach((s, i) => {
    let scale = 1,
      worst = 0;
    for (let j = 0; j < s.length; j++) scale = Math.max(scale, Math.abs(s[j]));
    for (let j = 0; j < s.length; j++) worst = Math.max(worst, Math.abs(free[i][j] - s[j]));
    expect(free[i].length).toBe(s.length);
    expect(worst).toBeLessThanOrEqual(1e-5 * scale);
  });
}

describe('transpose-free matMul on plain wasm', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    uninstallNativeKernels();
  });
  afterAll(() => {
    uninstallTransposeFreeMatMul();
    installNativeKernels({ quiet: true });
  });

  const flags = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ];
  it.each(flags)('matMul and its gradients, transposeA=%s transposeB=%s', (ta, tb) => {
    for (const [m, k, n] of [
      [37, 53, 29],
      [64, 300, 70],
      [1, 5, 1],
    ]) {
      const a = rand(ta ? [k, m] : [m, k]),
        b = rand(tb ? [n, k] : [k, n]),
        dy = rand([m, n]);
      const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), dy));
      expectSame(() => [tf.matMul(a, b, ta, tb), ...tf.grads(loss)([a, b])]);
      tf.dispose([a, b, dy]);
    }
  });

  it('batched and broadcast matMul gradients', () => {
    const a = rand([3, 2, 13, 20]),
      b = rand([3, 2, 20, 17]),
      b1 = rand([17, 20]),
      dy = rand([3, 2, 13, 17]);
    const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), dy));
    // (tfjs-core cannot differentiate a broadcast batch: the gradient of b1 keeps the batch axes; values only)
    expectSame(() => [...tf.grads(loss)([a, b]), tf.matMul(a, b1, false, true), tf.matMul(b1, a, false, true)]);
    tf.dispose([a, b, b1, dy]);
  });

  const acts = ['linear', 'relu', 'elu'] as const;
  it.each(acts)('fused matMul (bias, %s) and its gradients, as tf.layers.dense trains', (act) => {
    const a = rand([50, 30]),
      b = rand([30, 20]),
      bias = rand([20]),
      dy = rand([50, 20]);
    const loss = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation: act }), dy));
    expectSame(() => tf.grads(loss)([a, b, bias]));
    tf.dispose([a, b, bias, dy]);
  });

  it('leaves no tensors or heap data behind', () => {
    installTransposeFreeMatMul();
    const a = rand([40, 30]),
      b = rand([20, 30]);
    const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y, false, true));
    const before = tf.memory(),
      ids = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(tf.tidy(() => tf.grads(loss)([a, b])));
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.backend().numDataIds()).toBe(ids); // the transposed copies are freed
    tf.dispose([a, b]);
  });
});
