/**
 * One update of every shipped spec the PyTorch target supports, made small, by the generated program against the tfjs
 * lowering: the same initial weights, rows, views and noise; the loss, every estimated term and every parameter gradient.
 * Skipped, saying why, when no python imports torch (.ci/run installs Debian's python3-torch).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dropoutSeed } from '../../../src/models/inputDropout.ts';
import { layerSeed } from '../../../src/models/network.ts';
import { print } from '../../../src/expr/index.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import type { CompiledSpec } from '../../../src/spec/compiled.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { checkPytorchSupport } from '../../../src/targets/pytorch/program.ts';
import {
  expectAgreement,
  gaussianEncoderNoise,
  normalDraws,
  oneUpdate,
  small,
  title,
  torch,
  type UpdateOptions,
} from './harness.ts';

// float32 tolerances: the sums run in another order, and R_c divides a difference of two forward passes by ζ² (ζ ~
// N(0, 0.1²)), which amplifies rounding: measured ≤ 1.1e-5 on the loss and ≤ 2e-4 on a gradient.
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;
// an absolute floor for what vanishes in theory and float32 leaves at ≈ 1e-7: IIC's I(Z;Z') at initialisation (≈ 4e-4,
// a difference of terms of order log K), a critic's output-bias gradient under InfoNCE (shift-invariant)
const VANISHING = 1e-6;

/**
 * Every shipped spec the target supports, made small (200 samples, batches of 50, micro-batches of 25 where the spec
 * has them); a spec the target refuses is listed by support.test.ts with its reason.
 */
const SHIPPED = readdirSync('specs')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

const SUPPORTED = SHIPPED.flatMap((name) => {
  const spec = small(`specs/${name}.yaml`, 200, 50);
  const micro = 'microBatch' in spec.train && spec.train.microBatch ? { microBatch: 25 } : {};
  try {
    const compiled = compileSpec({ ...spec, train: { ...spec.train, ...micro } } as Spec);
    checkPytorchSupport(compiled);
    return [{ name, compiled }];
  } catch {
    return [];
  }
});

/**
 * Made small, specs that differ only in sizes — of the data, the run, the layers, the batch — take the same code paths:
 * they are one case (named by all of them), keyed by the objective, its estimators, each network's kind, family and
 * options, whether micro-batches split the batch, the optimiser and the data's kind.
 */
const CASES = (() => {
  const cases = new Map<string, { names: string[]; compiled: CompiledSpec }>();
  for (const { name, compiled: c } of SUPPORTED) {
    const key = JSON.stringify([
      print(c.objective),
      c.plan.terms.map((t) => t.estimator),
      c.networks.map(({ encoder: e }) => [
        e.name,
        e.family,
        e.net.kind,
        'batchNorm' in e.net && e.net.batchNorm,
        e.heads,
      ]),
      c.networks.map(({ encoder: e }) => e.net.kind === 'mlp' && Boolean(e.net.inputDropout)),
      c.training.algorithm === 'gradient' && [c.training.optimizer, c.training.microBatch !== c.training.batch],
      c.specRecord.data.kind,
    ]);
    const same = cases.get(key);
    if (same) same.names.push(name);
    else cases.set(key, { names: [name], compiled: c });
  }
  return [...cases.values()];
})();

/**
 * The noise a spec's one update draws where it is not R_c's (smoothnessDraws), in the order tfjs draws it, by the name of
 * any spec of its case.
 */
const DRAWS: Record<string, UpdateOptions['draws']> = {
  // MIGE Circumstance I: the random projection R [784, 32] of x (MIGE §3.3); z = f(x) draws no noise
  'mige-dim-mnist': (_, __, seed) => normalDraws([{ shape: [784, 32] }], seed),
  // the latent z ~ N(0, I) [B, 4]
  'gan-ring': (_, rows, seed) => normalDraws([{ shape: [rows, 4] }], seed),
  // the Gaussian encoder's ε ~ N(0, I) [B, d] of z = μ + σ·ε, which the decoder or the classifier (and MIGE) reads
  ...Object.fromEntries(
    ['vae-mnist', ...['ib-vib-mnist', 'ib-mige-mnist'].flatMap((s) => [s, `${s}-paper`, `${s}-full`])].map((name) => [
      name,
      gaussianEncoderNoise,
    ]),
  ),
  // the generator's noise z ~ N(0, I) [B, 4], then its code c = onehot(⌊8u⌋), u ~ U[0, 1) [B]
  'infogan-ring': (_, rows, seed) => [
    ...normalDraws([{ shape: [rows, 4] }], seed),
    {
      kind: 'uniform',
      values: tf.randomUniform([rows], 0, 1, 'float32', seed * 7919 + 2).dataSync() as Float32Array,
      shape: [rows],
    },
  ],
  // the denoising encoder's input dropout: u ~ U[0, 1) from the layer's seed and the step's (src/models/inputDropout.ts)
  'dae-mnist': (c, rows, seed) => {
    const f = c.networks.find((n) => n.encoder.net.kind === 'mlp' && n.encoder.net.inputDropout)!;
    const at = dropoutSeed(layerSeed(f.seed, 77), seed);
    const u = tf.randomUniform([rows, f.input], 0, 1, 'float32', at).dataSync() as Float32Array;
    return [{ kind: 'uniform', values: u, shape: [rows, f.input] }];
  },
};

describe.skipIf(!torch)(
  title('the PyTorch program computes the tfjs lowering for every shipped spec it supports'),
  () => {
    it('supports every shipped spec but eight, each refused for a reason of its own', () => {
      // every shipped spec but EM (stays tfjs), the VRNN, a fixed channel with nothing to train, a spec whose data
      // file `npm run reproduce` makes, and four that train with what the target has not yet: moving averages of the
      // weights (the VIB authors' protocol), micro-batches sharing the whole batch's marginals, and a critic reading a
      // Gaussian encoder's reparameterised sample (MINE-IB)
      const refused = SHIPPED.filter((name) => !SUPPORTED.some((s) => s.name === name));
      const unmade = existsSync('reproductions/data/moons-blob-512d.npy') ? [] : ['nb-dms-moons-blob'];
      expect(refused).toEqual([
        'em-gmm',
        'ib-mige-mnist-authors',
        'ib-mine-mnist-full',
        'ib-vib-mnist-authors',
        'mige-correlated-d5',
        'nb-dms-cnn-mnist-paper',
        ...unmade,
        'vrnn-sines',
      ]);
    });
    for (const { names, compiled } of CASES)
      it(`${names.join(', ')}: the loss, every estimated term and every parameter gradient of one update agree`, async () => {
        const cnn = compiled.networks.some((n) => n.encoder.net.kind !== 'mlp');
        const draws = names.map((name) => DRAWS[name]).find(Boolean);
        expectAgreement(await oneUpdate(compiled, { backend: cnn ? 'wasm' : 'cpu', draws }), {
          loss: LOSS_TOLERANCE,
          gradient: GRADIENT_TOLERANCE,
          floor: VANISHING,
        });
      });
  },
);
