/** The step decay of the learning rate (`train.lrDecay`): its schedule, under SGD exactly, and across a resume. */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCheckpoints } from '../../src/run/checkpoints.ts';
import { learningRateAt, runLoop, type Trainable } from '../../src/train/loop.ts';
import { linear } from './linear.ts';

/** loss = Σ v, a constant gradient of 1: one SGD step moves v by −lr exactly. */
function slope(): Trainable & { value(): number } {
  const v = tf.variable(tf.zeros([1]));
  return {
    samples: 4,
    variables: [v],
    loss: () => tf.tidy(() => tf.sum(v) as tf.Scalar),
    terms: () => [],
    state: () => [v.clone()],
    setState: ([s]) => v.assign(s as tf.Tensor1D),
    value: () => v.dataSync()[0],
  };
}

describe('learning-rate decay', () => {
  it('is lr·factor^⌊epoch / every⌋, and moves SGD by exactly that in each epoch', async () => {
    const c = { lr: 1, lrDecay: { factor: 0.5, every: 2 } };
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(c, e))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(learningRateAt({ lr: 0.1 }, 7)).toBe(0.1);
    const m = slope();
    await runLoop(m, { ...c, epochs: 5, batch: 4, optimizer: 'sgd', seed: 0 });
    expect(m.value()).toBeCloseTo(-3.25, 6);
  });

  it('takes the base rate afterEpoch answers for the epochs after it, still decayed, and sees every record', async () => {
    const m = slope();
    const seen: number[] = [];
    const c = { lr: 1, lrDecay: { factor: 0.5, every: 2 } };
    await runLoop(
      m,
      { ...c, epochs: 4, batch: 4, optimizer: 'sgd', seed: 0 },
      {
        afterEpoch: async (record) => {
          seen.push(record.epoch);
          return record.epoch === 1 ? { lr: 4 } : undefined;
        },
      },
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    // epochs 0..3 at 1, 4, 4·0.5, 4·0.5 (the answer replaces the base rate; the decay still halves it from epoch 2)
    expect(m.value()).toBeCloseTo(-(1 + 4 + 2 + 2), 6);
  });

  it('continues its schedule after a resume: Adam’s weights equal the uninterrupted run’s', async () => {
    const config = {
      epochs: 6,
      batch: 16,
      lr: 0.05,
      seed: 2,
      optimizer: 'adam' as const,
      lrDecay: { factor: 0.5, every: 1 },
    };
    const whole = linear(3);
    await runLoop(whole, config);
    const checkpoints = folderCheckpoints(mkdtempSync(join(tmpdir(), 'lrdecay-')));
    const split = linear(3);
    await runLoop(split, { ...config, checkpoints, checkpointEvery: 1, stopAfter: 3 });
    const resumed = linear(3);
    await runLoop(resumed, { ...config, checkpoints, checkpointEvery: 1, resume: true });
    resumed.weights().forEach((v, i) => expect(v).toBeCloseTo(whole.weights()[i], 6));
    const undecayed = linear(3);
    await runLoop(undecayed, { ...config, lrDecay: undefined });
    expect(undecayed.weights()[0]).not.toBeCloseTo(whole.weights()[0], 3);
  });
});
