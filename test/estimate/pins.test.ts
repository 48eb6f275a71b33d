/**
 * The new bounds pinned to a term of a training objective (`objective.pins`): SMILE and TUBA train their critics inside
 * a spec; CLUB and L1Out read the Gaussian encoder's own conditional; BA and DoE, sample estimators only, are refused
 * with the reason. The channel is y = ρx + √(1−ρ²)ε with ρ = 0.75, so I(X;Y) = 0.4133 nats.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { correlatedGaussian, correlatedGaussianMI } from '../../src/data/index.ts';
import { encoder, I, maximize, variable, type Encoder } from '../../src/expr/index.ts';
import { lower, type ModelLike } from '../../src/lower/index.ts';
import { plan, PlanError } from '../../src/plan/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { parseSpecText } from '../../src/spec/index.ts';

const out = mkdtempSync(join(tmpdir(), 'infobj-pins-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const rho = 0.75;
const truth = correlatedGaussianMI(1, rho);

const spec = (estimator: string) => `name: pin-${estimator}
seed: 0
data: { kind: correlated-gaussian, dim: 1, rho: ${rho}, n: 1024 }
model:
  encoders:
    - { name: q, target: Y, given: X, family: gaussian, size: 1, net: { kind: gaussian-channel, trainable: false } }
objective:
  text: "max I(X;Y)"
  pins: { "I(X;Y)": ${estimator} }
train: { lr: 0.002, batch: 256, epochs: 40 }
eval: { metrics: [] }
`;

describe('pinned bounds in training objectives', () => {
  it('SMILE and TUBA train their critics in a spec and end near I(X;Y) from below', async () => {
    for (const estimator of ['smile', 'tuba']) {
      const { report } = await trainSpec(parseSpecText(spec(estimator)), { out: join(out, estimator) });
      expect(report.estimators.map((t) => t.estimator)).toEqual([estimator]);
      const last = report.history.slice(-5).map((h) => -h.loss); // max I: the loss is −bound
      const bound = last.reduce((a, b) => a + b, 0) / last.length;
      expect(bound, estimator).toBeLessThan(truth + 0.1);
      expect(bound, estimator).toBeGreaterThan(truth - 0.15);
    }
  });

  const [X, Y] = [variable('X'), variable('Y')];
  const q = encoder(Y, X, { family: 'gaussian', model: 'q', size: 1 });
  const channel: ModelLike = {
    apply: (x) => tf.concat([tf.mul(rho, x), tf.fill(x.shape as [number, number], Math.log(1 - rho * rho))], 1),
  };

  it('CLUB and L1Out read the encoder’s conditional: ρ²/(1−ρ²) = 1.286 and just above I', () => {
    const n = 2048;
    const x = tf.tensor2d(correlatedGaussian({ dim: 1, rho, n }, 5).x, [n, 1]);
    const value = (estimator: 'club' | 'l1out') => {
      const compiled = lower(plan(maximize(I(X, Y, q)), { pins: [{ expr: I(X, Y, q), estimator }] }));
      expect(compiled.plan.terms[0].network).toBeUndefined();
      return compiled.value({ batch: { X: x }, models: { q: channel }, seed: 3 }).dataSync()[0];
    };
    expect(Math.abs(value('club') - rho ** 2 / (1 - rho ** 2))).toBeLessThan(0.1);
    const l1out = value('l1out');
    expect(l1out).toBeGreaterThan(truth - 0.05);
    expect(l1out).toBeLessThan(truth + 0.1);
    x.dispose();
  });

  it('refuses BA, DoE and a CLUB without a Gaussian conditional, saying why', () => {
    const pin = (estimator: 'ba' | 'doe' | 'club', enc: Encoder<'Y', 'X'> = q) =>
      plan(maximize(I(X, Y, enc)), { pins: [{ expr: I(X, Y, enc), estimator }] });
    expect(() => pin('ba')).toThrow(PlanError);
    expect(() => pin('ba')).toThrow(
      /'ba' does not apply to it: within an objective ba estimates I\(Z;Y\) of the data’s labels Y with a classifier/,
    );
    expect(() => pin('doe')).toThrow(/doe is a sample estimator \(infobj estimate\): it fits density models/);
    const det = encoder(Y, X, { family: 'deterministic', model: 'f', size: 1 });
    expect(() => pin('club', det)).toThrow(
      /club scores log q\(z_i\|x_j\) with the encoder's own Gaussian conditional, and f is deterministic/,
    );
  });
});
