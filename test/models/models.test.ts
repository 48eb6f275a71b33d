import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cnnMnist, mlp } from '../../src/models/index.ts';

describe('networks', () => {
  it('an MLP has the parameter count of its widths, is deterministic by seed, and describes itself', () => {
    const net = mlp({ input: 512, hidden: [400, 400], output: 1, batchNorm: true, seed: 3 });
    const count = net.trainableVariables.reduce((s, v) => s + v.size, 0);
    expect(count).toBe(512 * 400 + 2 * 400 + 400 * 400 + 2 * 400 + 400 * 1 + 1); // BN replaces the hidden biases
    expect(net.describe).toBe('MLP 512-400-400-1 BN ReLU');
    const again = mlp({ input: 512, hidden: [400, 400], output: 1, batchNorm: true, seed: 3 });
    expect(again.getWeights()[0].dataSync()).toEqual(net.getWeights()[0].dataSync());
    net.dispose();
    again.dispose();
  });

  it('seed 0 is a seed too (tfjs initialisers read 0 as "unseeded"): two networks of seed 0 are equal', () => {
    const [a, b] = [0, 0].map(() => mlp({ input: 8, hidden: [4], output: 2, batchNorm: false, seed: 0 }));
    a.getWeights().forEach((w, i) => expect(w.dataSync()).toEqual(b.getWeights()[i].dataSync()));
    [a, b].forEach((n) => n.dispose());
  });

  it('BatchNorm uses batch statistics and updates its running ones in training mode, and running ones in eval mode', () => {
    const net = mlp({ input: 4, hidden: [8], output: 2, batchNorm: true, seed: 1 });
    const x = tf.randomNormal([64, 4], 3, 2, 'float32', 5);
    const evalBefore = net.apply(x, false).dataSync();
    const running = () =>
      net
        .getWeights()
        .slice(net.trainableVariables.length)
        .map((w) => Array.from(w.dataSync())); // moving mean and variance
    const before = running();
    tf.variableGrads(() => tf.sum(net.apply(x, true)) as tf.Scalar, net.trainableVariables);
    expect(running()).not.toEqual(before);
    expect(net.apply(x, false).dataSync()).not.toEqual(evalBefore);
    const snapshot = net.getWeights().map((w) => w.clone());
    const out = net.apply(x, false).dataSync();
    tf.variableGrads(() => tf.sum(net.apply(x, true)) as tf.Scalar, net.trainableVariables);
    net.setWeights(snapshot);
    expect(net.apply(x, false).dataSync()).toEqual(out);
  });

  it('the MNIST CNN of Neural Bayes Appendix C maps 28×28 digits to its outputs and exposes four hidden maps', () => {
    const net = cnnMnist({ output: 10, widthScale: 0.1, seed: 0 });
    const x = tf.randomUniform([2, 28, 28, 1]);
    expect(net.apply(x, false).shape).toEqual([2, 10]);
    expect(net.hidden(x, false).map((h) => h.shape)).toEqual([
      [2, 26, 26, 10],
      [2, 11, 11, 10],
      [2, 9, 9, 20],
      [2, 2, 2, 50],
    ]);
    expect(net.describe).toBe('CNN C(10,3)-P-C(10,3)-C(20,3)-P-C(50,3)-avgpool-FC(10) BN ReLU');
  });
});
