/**
 * The run builds exactly the networks the plan declares, sized from their input lists, and the lowering finds each one
 * under its id: an encoder given a list of variables reads them concatenated, and so does the critic of its MI.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { add, encoder, I, maximize, variable, type Expr } from '../../src/expr/index.ts';
import { correlatedGaussian, type Dataset } from '../../src/data/index.ts';
import { lower } from '../../src/lower/index.ts';
import { plan } from '../../src/plan/index.ts';
import { buildCritics, buildNetworks } from '../../src/run/networks.ts';
import type { EncoderSpec } from '../../src/spec/schema.ts';

const [X, Y, Z] = [variable('X'), variable('Y'), variable('Z')];
const f = encoder(Z, X, { family: 'deterministic', model: 'f', size: 3 });
const g = encoder(Y, [X, Z], { family: 'gaussian', model: 'g', size: 2 });
const net: EncoderSpec['net'] = { kind: 'mlp', hidden: [4], batchNorm: false };
const specs: EncoderSpec[] = [
  { name: 'f', target: 'Z', family: 'deterministic', size: 3, net },
  { name: 'g', target: 'Y', given: ['X', 'Z'], family: 'gaussian', size: 2, net },
];
/** The compiled spec's network plans for these encoders: f reads X (8), g reads X and Z (8 + 3). */
const plans = [
  { encoder: specs[0], input: 8, output: 3, heads: [], seed: 1000 },
  { encoder: specs[1], input: 11, output: 4, heads: [], seed: 1001 },
];

describe('networks declared by the plan', () => {
  it('an encoder given [X, Z] and the critic of I(X,Z;Y) read X (8) and Z (3) concatenated', () => {
    const miOfG: Expr = { kind: 'mutualInfo', enc: g };
    const objective = maximize(add(I(X, Z, f), miOfG));
    const p = plan(objective, { pins: [{ expr: miOfG, estimator: 'nwj' }] });
    expect(g.given).toEqual(['X', 'Z']);
    expect(p.terms.map((t) => [t.term, t.estimator])).toEqual([
      ['I(X;Z)', 'mige'],
      ['I(X,Z;Y)', 'nwj'],
    ]);
    const inputs = [{ variable: 'X' }, { variable: 'Z' }, { variable: 'Y', size: 2 }];
    expect(p.terms[1].network).toEqual({ id: 'critic@[1]', role: 'critic', inputs });

    const data: Dataset = { name: 'gaussian', ...correlatedGaussian({ dim: 8, rho: 0.5, n: 32 }, 1) };
    const prepared = { encoders: [f, g], objective, plan: p, hypers: {} };
    const critics = buildCritics(prepared, { X: 8, Z: 3, Y: 2 }, 1);
    expect(Object.keys(critics)).toEqual(['critic@[1]']);
    expect(critics['critic@[1]'].describe).toBe('MLP 13-256-256-1 ReLU'); // x = (X, Z): 8 + 3, z = Y: 2
    const nets = buildNetworks(plans, data);
    expect(nets.g.describe).toBe('MLP 11-4-4 ReLU'); // a Gaussian of 2 dims: 2 means and 2 log-variances

    const x = tf.tensor2d(data.x, [data.n, data.dim]);
    const value = lower(p)
      .value({ batch: { X: x }, models: { ...nets, ...critics }, seed: 1 })
      .dataSync()[0];
    expect(Number.isFinite(value)).toBe(true);
  });

  it('builds nothing when the plan declares nothing', () => {
    const p = plan(maximize(I(X, Z, f)));
    expect(buildCritics({ encoders: [f], objective: p.objective, plan: p, hypers: {} }, { X: 8, Z: 3 }, 1)).toEqual({});
  });
});
