/** The training loop on a linear model: gradient accumulation, checkpoints and resume, NaN stop. */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoop, type Trainable } from '../../src/train/loop.ts';

const N = 64;
const D = 3;

/** Least squares y ≈ x·w + b on fixed data, optionally poisoned so the loss becomes NaN. */
function linear(seed: number, poison = false): Trainable & { weights(): number[] } {
  const x = tf.randomNormal([N, D], 0, 1, 'float32', 1);
  const y = tf.add(tf.matMul(x, tf.tensor2d([[1], [-2], [0.5]])), tf.randomNormal([N, 1], 0, 0.1, 'float32', 2));
  const w = tf.variable(tf.randomNormal([D, 1], 0, 1, 'float32', seed));
  const b = tf.variable(tf.zeros([1]));
  const rows = (t: tf.Tensor, idx: Int32Array) => tf.gather(t, tf.tensor1d(idx, 'int32'));
  const loss = (idx: Int32Array) => {
    const err = tf.mean(tf.square(tf.sub(tf.add(tf.matMul(rows(x, idx), w), b), rows(y, idx))));
    return (poison ? tf.log(tf.sub(err, 1e6)) : err) as tf.Scalar;
  };
  return {
    samples: N,
    variables: [w, b],
    loss: (idx) => tf.tidy(() => loss(idx)),
    terms: (idx) => [{ term: 'E[(y − ŷ)²]', value: tf.tidy(() => loss(idx).dataSync()[0]) }],
    state: () => [w.clone(), b.clone()],
    setState: ([w2, b2]) => {
      w.assign(w2 as tf.Tensor2D);
      b.assign(b2 as tf.Tensor1D);
    },
    weights: () => [...w.dataSync(), ...b.dataSync()],
  };
}

describe('training loop', () => {
  it('accumulating micro-batches of MBS < BS gives the same update as one batch of BS (Neural Bayes §5.1)', async () => {
    const whole = linear(3);
    const accumulated = linear(3);
    await runLoop(whole, { epochs: 2, batch: 32, lr: 0.05, optimizer: 'sgd', seed: 9 });
    await runLoop(accumulated, { epochs: 2, batch: 32, microBatch: 8, lr: 0.05, optimizer: 'sgd', seed: 9 });
    const a = whole.weights();
    const b = accumulated.weights();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    const fresh = linear(3).weights();
    expect(Math.abs(a[0] - fresh[0])).toBeGreaterThan(1e-3); // the updates did move the weights
  });

  it('a resumed run ends where an uninterrupted one does (weights and history)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infobj-loop-'));
    const config = { epochs: 4, batch: 16, lr: 0.01, optimizer: 'adam' as const, seed: 5, checkpointEvery: 1 };
    const straight = linear(4);
    const h1 = await runLoop(straight, { ...config, dir: join(dir, 'a') });
    const cut = linear(4);
    await runLoop(cut, { ...config, dir: join(dir, 'b'), stopAfter: 2 });
    const again = linear(99); // a new process would start from other weights: the checkpoint must restore them
    const h2 = await runLoop(again, { ...config, dir: join(dir, 'b'), resume: true });
    expect(h2.map((h) => h.loss)).toEqual(h1.map((h) => h.loss));
    expect(again.weights()).toEqual(straight.weights());
  });

  it('stops with the step and the term when the loss is not finite', async () => {
    await expect(runLoop(linear(1, true), { epochs: 1, batch: 16, lr: 0.01, optimizer: 'adam', seed: 1 })).rejects.toThrow(
      /training stopped at epoch 1, step 1: the loss is NaN/,
    );
  });
});
