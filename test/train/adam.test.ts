/**
 * The fused Adam optimiser (src/train/adam.ts, src/backend/adam_kernel.ts) against tf.train.adam: bit-identical
 * parameters, moments and running powers over several steps, with the native kernel (when built) and with tfjs-core's
 * own update where there is none (plain wasm, cpu backend); the same optimiser weights for checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.ts';
import { loadAddon } from '../../src/backend/addon.ts';
import { makeRng } from '../../src/data/rng.ts';
import { fusedAdam } from '../../src/train/adam.ts';

const SHAPES = [[3], [70, 90], [300, 310]]; // below the native element-wise threshold, above it, threaded

/** Parameters, optimiser weights and accBeta1/2 after `steps` updates with seeded gradients. */
async function train(optimizer: tf.Optimizer, steps: number, lr: number) {
  const rng = makeRng(11);
  const rand = (shape: number[], scale: number) =>
    tf.tensor(
      Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.uniform() * 2 - 1) * scale),
      shape,
    );
  const vars = SHAPES.map((s, i) =>
    tf.variable(rand(s, 1), true, `adam_test_${lr}_${i}_${optimizer.constructor.name}`),
  );
  for (let t = 0; t < steps; t++) {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (grads[v.name] = rand(SHAPES[i], t === 2 ? 1e-6 : 10 ** (i - 1))));
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const params = vars.map((v) => Array.from(v.dataSync()));
  const weights = (await optimizer.getWeights()).map((w) => ({ name: w.name, value: Array.from(w.tensor.dataSync()) }));
  const fields = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  const powers = [fields.accBeta1, fields.accBeta2].map((p) => p.dataSync()[0]);
  tf.dispose(vars);
  optimizer.dispose();
  return {
    params,
    weights: weights.map((w) => ({ ...w, name: w.name.replace(/_(FusedAdamOptimizer|AdamOptimizer)/, '') })),
    powers,
  };
}

const addon = loadAddon();
const paths: [string, () => Promise<unknown>][] = [
  [`native kernel${addon.ok ? '' : " (no addon: tfjs-core's update)"}`, () => useBackend('wasm')],
  ["tfjs-core's update (plain wasm)", () => useBackend('wasm', { native: false })],
  ["tfjs-core's update (cpu backend)", () => useBackend('cpu')],
];

describe('fused Adam equals tf.train.adam bit for bit', () => {
  afterAll(() => useBackend('wasm'));
  it.each(paths)('%s', async (_, select) => {
    await select();
    for (const lr of [1e-3, 0.05]) {
      const fused = await train(fusedAdam(lr), 6, lr);
      const stock = await train(tf.train.adam(lr), 6, lr);
      expect(fused.params).toEqual(stock.params);
      expect(fused.weights).toEqual(stock.weights);
      expect(fused.powers).toEqual(stock.powers);
      expect(fused.params[1].some((x, i) => x !== stock.params[1][i] + 1)).toBe(true); // sanity: compared values
    }
    // other decay rates (train.betas: the VIB authors' β₁ = 0.5), which move the parameters elsewhere
    const halfFused = await train(fusedAdam(1e-3, [0.5, 0.99]), 6, 1e-3);
    const halfStock = await train(tf.train.adam(1e-3, 0.5, 0.99), 6, 1e-3);
    expect(halfFused.params).toEqual(halfStock.params);
    expect(halfFused.powers).toEqual(halfStock.powers);
    const usual = await train(fusedAdam(1e-3), 6, 1e-3);
    expect(halfFused.params[1].some((x, i) => x !== usual.params[1][i])).toBe(true);
  });
});
