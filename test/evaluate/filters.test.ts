import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.ts';
import { buildNetworks } from '../../src/run/networks.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { parseSpecText } from '../../src/spec/index.ts';

const spec = `name: filters-test
seed: 3
data: { kind: mnist, n: 300 }
model:
  encoders:
    - { name: L, family: categorical, size: 10, net: { kind: mlp, hidden: [6], batchNorm: true } }
objective: { preset: mim-v2, hypers: { α: 1, β: 1 } }
train: { lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [] }
`;

describe('first-layer filter images (Neural Bayes appendix F)', () => {
  it('shows W, the initial W₀ rebuilt from the seed, and W − W₀', () => {
    const compiled = compileSpec(parseSpecText(spec, 'filters.yaml'));
    const nets = buildNetworks(compiled.networks, compiled.data.train);
    const weights = nets.L.getWeights();
    const w0 = weights[0].arraySync() as number[][]; // [784, 6]
    const shift = tf.randomNormal(weights[0].shape, 0, 0.5, 'float32', 11);
    nets.L.setWeights([tf.add(weights[0], shift), ...weights.slice(1)]); // stands in for training
    const w = nets.L.getWeights()[0].arraySync() as number[][];
    const images = evaluateRun(compiled, nets, 100).images!;
    expect(Object.keys(images).sort()).toEqual(['filters', 'filters-delta', 'filters-init']);
    const pixel = (name: string, unit: number, p: number) => images[name].pixels[unit * 784 + p];
    for (const [unit, p] of [
      [0, 0],
      [2, 400],
      [5, 783],
    ]) {
      expect(pixel('filters', unit, p)).toBeCloseTo(w[p][unit], 5);
      expect(pixel('filters-init', unit, p)).toBeCloseTo(w0[p][unit], 5);
      expect(pixel('filters-delta', unit, p)).toBeCloseTo(w[p][unit] - w0[p][unit], 5);
    }
    expect(images['filters-delta'].pixels.length).toBe(6 * 784);
  });
});
