/**
 * I(Z;W) of two continuous encoders on paired samples: planned as InfoNCE with a critic T(z, w) by default (van den
 * Oord et al. 2018); for Z = X and W = Y of correlated Gaussians the truth is I(X;Y) = −d/2·log(1−ρ²).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { correlatedGaussian, correlatedGaussianMI } from '../../src/data/index.ts';
import { encoder, parse, variable } from '../../src/expr/index.ts';
import { lower, type ModelLike } from '../../src/lower/index.ts';
import { mlp } from '../../src/models/index.ts';
import { plan } from '../../src/plan/index.ts';

const d = 2;
const rho = 0.8;
const [X, Y, Z, W] = ['X', 'Y', 'Z', 'W'].map(variable);
const f = encoder(Z, X, { family: 'deterministic', model: 'f', size: d });
const g = encoder(W, Y, { family: 'deterministic', model: 'g', size: d });
const identity: ModelLike = { apply: (x) => x };
const objective = parse('max I(Z;W)', { encoders: [f, g] });

describe('I(Z;W) of continuous encoders', () => {
  it('is planned as InfoNCE with a critic reading z and w, and says why', () => {
    const [term] = plan(objective).terms;
    expect(term.estimator).toBe('infonce');
    expect(term.network?.inputs).toEqual([
      { variable: 'Z', size: d },
      { variable: 'W', size: d },
    ]);
    expect(term.reason).toMatch(/known only by paired samples: InfoNCE/);
    expect(plan(objective, { pins: [{ expr: objective.body, estimator: 'nwj' }] }).terms[0].estimator).toBe('nwj');
  });

  it('plans a discrete and a continuous encoder with a critic too (test/estimators/dataPaired.test.ts)', () => {
    const c = encoder(W, Y, { family: 'categorical', model: 'g', size: 3 });
    expect(plan(parse('max I(Z;W)', { encoders: [f, c] })).terms[0].estimator).toBe('infonce');
  });

  it('a trained critic bounds the true information from below and gets close to it', () => {
    const compiled = lower(plan(objective));
    const id = compiled.plan.terms[0].network!.id;
    const critic = mlp({ input: 2 * d, hidden: [32, 32], output: 1, batchNorm: false, seed: 3 });
    const optimizer = tf.train.adam(0.005);
    const n = 64;
    const batch = (seed: number) => {
      const s = correlatedGaussian({ dim: d, rho, n }, seed);
      return { X: tf.tensor2d(s.x, [n, d]), Y: tf.tensor2d(s.y, [n, d]) };
    };
    const models = { f: identity, g: identity, [id]: critic };
    for (let s = 0; s < 150; s++) {
      const b = batch(s);
      optimizer.minimize(() => compiled.loss({ batch: b, models, seed: s + 1 }), false, critic.trainableVariables);
      tf.dispose(b);
    }
    let value = 0;
    for (let s = 0; s < 5; s++) {
      const b = batch(10_000 + s);
      value += compiled.value({ batch: b, models, seed: 99 + s }).dataSync()[0] / 5;
      tf.dispose(b);
    }
    critic.dispose();
    optimizer.dispose();
    const truth = correlatedGaussianMI(d, rho);
    expect(value).toBeLessThan(Math.min(truth, Math.log(n)) + 0.08);
    expect(value).toBeGreaterThan(0.6 * truth);
  });

  it('stays below log B between views that determine each other, where the true information is unbounded', () => {
    // z = w exactly (ρ = 1): I(Z;W) = ∞, and even a critic that picks the positive out of B candidates with
    // certainty, T(z, w) = −10⁴·‖z − w‖², only reaches InfoNCE's ceiling log B (van den Oord et al. 2018, Eq. 5)
    const compiled = lower(plan(objective));
    const id = compiled.plan.terms[0].network!.id;
    const sharp: ModelLike = {
      apply: (zw) =>
        tf.tidy(() => {
          const [z, w] = tf.split(zw as tf.Tensor2D, 2, 1);
          return tf.mul(-1e4, tf.sum(tf.square(tf.sub(z, w)), 1, true));
        }),
    };
    for (const n of [16, 64]) {
      const x = tf.randomNormal([n, d], 0, 1, 'float32', n);
      const value = compiled.value({
        batch: { X: x, Y: x },
        models: { f: identity, g: identity, [id]: sharp },
        seed: 1,
      });
      expect(value.dataSync()[0]).toBeLessThanOrEqual(Math.log(n) + 1e-5);
      expect(value.dataSync()[0]).toBeGreaterThan(Math.log(n) - 0.05);
      tf.dispose([x, value]);
    }
  });
});
