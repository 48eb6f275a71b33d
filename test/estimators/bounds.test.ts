/** Critic bounds on I(X;Y) for correlated Gaussians (true I = −d/2·log(1−ρ²)), trained through plan → lower. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { correlatedGaussian, correlatedGaussianMI } from '../../src/data/index.ts';
import { encoder, I, maximize, variable } from '../../src/expr/index.ts';
import { lower, type ModelLike } from '../../src/lower/index.ts';
import { mlp } from '../../src/models/index.ts';
import { plan, type EstimatorName } from '../../src/plan/index.ts';

const d = 2;
const rho = 0.8;
const X = variable('X');
const Y = variable('Y');
const q = encoder(Y, X, { family: 'gaussian', model: 'q', size: d });
const channel: ModelLike = {
  apply: (x) => tf.concat([tf.mul(rho, x), tf.fill(x.shape as [number, number], Math.log(1 - rho * rho))], 1),
};
const truth = correlatedGaussianMI(d, rho);

/** Train only the critic for `steps` Adam steps, then the bound's mean value on fresh batches. */
function trainedBound(estimator: EstimatorName, steps = 150): number {
  const compiled = lower(plan(maximize(I(X, Y, q)), { pins: [{ expr: I(X, Y, q), estimator }] }));
  const criticId = compiled.plan.terms[0].network!.id;
  const critic = mlp({ input: 2 * d, hidden: [32, 32], output: 1, batchNorm: false, seed: 3 });
  const optimizer = tf.train.adam(0.005);
  const batch = (seed: number) => tf.tensor2d(correlatedGaussian({ dim: d, rho, n: 256 }, seed).x, [256, d]);
  for (let s = 0; s < steps; s++) {
    const x = batch(s);
    optimizer.minimize(
      () => compiled.loss({ batch: { X: x }, models: { q: channel, [criticId]: critic }, seed: s + 1 }),
      false,
      critic.trainableVariables,
    );
    x.dispose();
  }
  let value = 0;
  for (let s = 0; s < 5; s++) {
    const x = batch(10_000 + s);
    value +=
      compiled.value({ batch: { X: x }, models: { q: channel, [criticId]: critic }, seed: 99 + s }).dataSync()[0] / 5;
    x.dispose();
  }
  critic.dispose();
  optimizer.dispose();
  return value;
}

describe('critic bounds', () => {
  it('a zero critic gives 0 for MINE and InfoNCE and −1/e for NWJ', () => {
    const zero: ModelLike = { apply: (v) => tf.zeros([v.shape[0], 1]) };
    const x = tf.tensor2d(correlatedGaussian({ dim: d, rho, n: 64 }, 1).x, [64, d]);
    const value = (e: EstimatorName) => {
      const compiled = lower(plan(maximize(I(X, Y, q)), { pins: [{ expr: I(X, Y, q), estimator: e }] }));
      return compiled
        .value({ batch: { X: x }, models: { q: channel, [compiled.plan.terms[0].network!.id]: zero }, seed: 1 })
        .dataSync()[0];
    };
    expect(value('mine')).toBeCloseTo(0, 5);
    expect(value('infonce')).toBeCloseTo(0, 5);
    expect(value('nwj')).toBeCloseTo(-Math.exp(-1), 5);
  });

  it('trained critics bound the true MI from below and get close to it', () => {
    for (const e of ['nwj', 'mine', 'infonce'] as const) {
      const v = trainedBound(e);
      expect(v).toBeLessThan(truth + 0.08);
      expect(v).toBeGreaterThan(0.6 * truth);
    }
  });

  it('a missing critic fails with the id of the network the plan declares', () => {
    const compiled = lower(plan(maximize(I(X, Y, q)), { pins: [{ expr: I(X, Y, q), estimator: 'infonce' }] }));
    const x = tf.zeros([8, d]);
    expect(() => compiled.value({ batch: { X: x }, models: { q: channel } })).toThrow(
      /I\(X;Y\) needs its critic network 'critic@\[\]' in the models/,
    );
  });
});
