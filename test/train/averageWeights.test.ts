/**
 * Moving averages of the weights (`train.averageWeights`, the VIB authors' evaluation): the loop ends with the
 * averages a ← d·a + (1 − d)·w of every update's weights, and a resumed run ends with the same averages.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCheckpoints } from '../../src/run/checkpoints.ts';
import { runLoop } from '../../src/train/loop.ts';
import { linear } from './linear.ts';

const config = { epochs: 3, batch: 16, lr: 0.05, optimizer: 'sgd' as const, seed: 2, checkpointEvery: 1 };

describe('averageWeights', () => {
  it('ends with the moving average of the weights after every update', async () => {
    const d = 0.6;
    const model = linear(7);
    let average = model.weights();
    await runLoop(model, config, {
      onStep: () => {
        average = model.weights().map((w, i) => d * average[i] + (1 - d) * w);
      },
    });
    const last = model.weights(); // without averaging
    const averaged = linear(7);
    await runLoop(averaged, { ...config, averageWeights: d });
    averaged.weights().forEach((a, i) => expect(a).toBeCloseTo(average[i], 5));
    expect(Math.max(...averaged.weights().map((a, i) => Math.abs(a - last[i])))).toBeGreaterThan(1e-3);
  });

  it('a resumed run ends with the averages an uninterrupted one has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infobj-average-'));
    const c = { ...config, averageWeights: 0.9 };
    const straight = linear(4);
    await runLoop(straight, { ...c, checkpoints: folderCheckpoints(join(dir, 'a')) });
    await runLoop(linear(4), { ...c, checkpoints: folderCheckpoints(join(dir, 'b')), stopAfter: 1 });
    const again = linear(99);
    await runLoop(again, { ...c, checkpoints: folderCheckpoints(join(dir, 'b')), resume: true });
    expect(again.weights()).toEqual(straight.weights());
    // a checkpoint written without averages cannot give them
    await runLoop(linear(4), { ...config, checkpoints: folderCheckpoints(join(dir, 'c')), stopAfter: 1 });
    await expect(
      runLoop(linear(4), { ...c, checkpoints: folderCheckpoints(join(dir, 'c')), resume: true }),
    ).rejects.toThrow(/holds no weight averages/);
  });
});
