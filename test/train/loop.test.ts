/** The training loop on a linear model: gradient accumulation, checkpoints and resume, NaN stop. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCheckpoints } from '../../src/run/checkpoints.ts';
import { runLoop } from '../../src/train/loop.ts';
import { linear } from './linear.ts';

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
    const h1 = await runLoop(straight, { ...config, checkpoints: folderCheckpoints(join(dir, 'a')) });
    const cut = linear(4);
    await runLoop(cut, { ...config, checkpoints: folderCheckpoints(join(dir, 'b')), stopAfter: 2 });
    const again = linear(99); // a new process would start from other weights: the checkpoint must restore them
    const h2 = await runLoop(again, { ...config, checkpoints: folderCheckpoints(join(dir, 'b')), resume: true });
    expect(h2.map((h) => h.loss)).toEqual(h1.map((h) => h.loss));
    expect(again.weights()).toEqual(straight.weights());
  });

  it('stops with the step and the term when the loss is not finite', async () => {
    await expect(
      runLoop(linear(1, true), { epochs: 1, batch: 16, lr: 0.01, optimizer: 'adam', seed: 1 }),
    ).rejects.toThrow(/training stopped at epoch 1, step 1: the loss is NaN/);
  });
});
