/**
 * Decoupled weight decay (`train.weightDecay`): with SGD it is the gradient of the penalty ½λ‖W‖² (the same weights
 * step for step); with Adam it is not (the penalty's gradient would be rescaled per coordinate, AdamW's point); it
 * decays weight matrices only, not biases.
 */
import { describe, expect, it } from 'vitest';
import { runLoop } from '../../src/train/loop.ts';
import { linear } from './linear.ts';

const CONFIG = { epochs: 3, batch: 16, lr: 0.05, seed: 2 };
const LAMBDA = 0.3;

describe('decoupled weight decay', () => {
  it('with SGD equals the penalty ½λ‖W‖² in the loss', async () => {
    const decayed = linear(7);
    const penalised = linear(7, false, LAMBDA);
    await runLoop(decayed, { ...CONFIG, optimizer: 'sgd', weightDecay: LAMBDA });
    await runLoop(penalised, { ...CONFIG, optimizer: 'sgd' });
    penalised.weights().forEach((v, i) => expect(decayed.weights()[i]).toBeCloseTo(v, 5));
  });

  it('with Adam differs from the penalty and shrinks the weights against no decay', async () => {
    const [decayed, penalised, plain] = [linear(7), linear(7, false, LAMBDA), linear(7)];
    await runLoop(decayed, { ...CONFIG, optimizer: 'adam', weightDecay: LAMBDA });
    await runLoop(penalised, { ...CONFIG, optimizer: 'adam' });
    await runLoop(plain, { ...CONFIG, optimizer: 'adam' });
    const norm = (ws: number[]) => Math.hypot(...ws.slice(0, 3)); // w is the first three values, b the last
    expect(Math.abs(norm(decayed.weights()) - norm(penalised.weights()))).toBeGreaterThan(1e-3);
    expect(norm(decayed.weights())).toBeLessThan(norm(plain.weights()));
  });
});
