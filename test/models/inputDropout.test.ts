import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/models/index.ts';

/** Which of the 64 inputs the network's input dropout zeroed at a step: the gradient of the output's sum is 0 there. */
function dropped(net: ReturnType<typeof mlp>, step: number): boolean[] {
  net.reseed?.(step);
  const x = tf.ones([1, 64]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(net.apply(v, true)))(x);
  return [...g.dataSync()].map((v) => v === 0);
}

describe('input dropout', () => {
  const net = mlp({ input: 64, hidden: [], output: 1, inputDropout: 0.5, seed: 3 });

  it('draws a fresh mask at every step, the same one for every pass of a step and for the same step again', () => {
    const [a, b] = [dropped(net, 1), dropped(net, 2)];
    expect(a).not.toEqual(b);
    expect(dropped(net, 1)).toEqual(a);
    const zeroed = a.filter(Boolean).length;
    expect(zeroed).toBeGreaterThan(16); // about half of 64
    expect(zeroed).toBeLessThan(48);
  });

  it('keeps every input and scales nothing outside training', () => {
    const x = tf.randomNormal([4, 64], 0, 1, 'float32', 1);
    const kernel = net.trainableVariables[0]; // [64, 1], then the bias
    const linear = tf.add(tf.matMul(x, kernel), net.trainableVariables[1]);
    const out = net.apply(x, false);
    [...out.dataSync()].forEach((v, i) => expect(v).toBeCloseTo(linear.dataSync()[i], 5));
  });
});
