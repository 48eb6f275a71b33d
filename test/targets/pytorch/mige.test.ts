/**
 * MIGE (SSGE over the whole minibatch) and Gaussian encoders in the generated PyTorch program: against the tfjs lowering
 * (same initial weights, batch and noise: loss, terms and every parameter gradient), and 2 processes against one.
 * Skipped, saying why, when no python imports torch.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNpyTable } from '../../../src/data/files.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import type { CompiledSpec } from '../../../src/spec/compiled.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import {
  expectAgreement,
  normalDraws,
  oneUpdate,
  relativeError,
  title,
  torch,
  expectSameTensors,
  oneAndTwoProcesses,
} from './harness.ts';

/** mige-dim-mnist made small: 360 digits (252 to train on), batches of 50 (5 steps an epoch). */
const dimMnist = (): Spec => {
  const s = loadSpec('specs/mige-dim-mnist.yaml');
  return {
    ...s,
    name: 'mige-dim-small',
    data: { kind: 'mnist', n: 360 },
    train: { ...s.train, batch: 50, epochs: 1 },
  } as Spec;
};

/**
 * A Gaussian encoder under every Gaussian lowering: MIGE Circumstance III (its SSGE at a set eigenvalue ratio), the
 * reparameterised KL and cross-entropy (one shared sample), the closed-form entropy and cross-entropy.
 */
const gaussianSpec = (): Spec =>
  ({
    name: 'gaussian-small',
    seed: 0,
    data: { kind: 'synthetic', shape: 'moons', n: 200, noise: 0.1 },
    model: {
      encoders: [
        {
          name: 'q',
          target: 'Z',
          given: 'X',
          family: 'gaussian',
          size: 3,
          net: { kind: 'mlp', hidden: [32], batchNorm: true },
        },
      ],
    },
    objective: {
      text: 'max I(X;Z) − β·KL(p(z|x) ‖ N(z)) + H(Z|X) − CE(p(z), N(z)) − γ·CE(p(z|x), N(z))',
      hypers: { β: 0.5, γ: 0.25 },
      pins: { 'KL(p(z|x) ‖ N(z))': 'reparam-mc' },
      ssge: { eigenRatio: 0.95 },
    },
    train: { optimizer: 'adam', lr: 0.001, batch: 50, epochs: 1 },
    eval: { metrics: [] },
  }) as Spec;

/** A generator G(z) of a standard-normal latent z ~ N(0, I) (model.priors), its entropy by MIGE (Eq. 9). */
const priorSpec = (): Spec =>
  ({
    name: 'prior-small',
    seed: 0,
    data: { kind: 'synthetic', shape: 'moons', n: 200, noise: 0.1 },
    model: {
      priors: [{ name: 'Z', family: 'standard-normal', size: 4 }],
      encoders: [
        {
          name: 'G',
          target: 'G',
          given: 'Z',
          family: 'deterministic',
          size: 2,
          net: { kind: 'mlp', hidden: [32], batchNorm: true },
        },
      ],
    },
    objective: { text: 'max H(G)' },
    train: { optimizer: 'adam', lr: 0.001, batch: 50, epochs: 1 },
    eval: { metrics: [] },
  }) as Spec;

// float32 tolerances: the Gram matrix and its eigendecomposition run in float64 on both sides (the same σ and J), the
// rest in float32 in another order; measured ≤ 3e-6 on a gradient. A kernel width one pair off the median, or one
// eigenfunction more or less, moves the gradients by far more.
const LOSS_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 5e-5;

describe('the MIGE term of the generated program', () => {
  it('names its circumstance and equation, and estimates the scores on the samples of every process', () => {
    const text = pytorchProgram(compileSpec(dimMnist()), 'data');
    expect(text).toMatch(/def mige_information_f\(b\):\n {4}""".*MIGE Eq\. 9–16.*\n {4}# Circumstance I \(Eq\. 12\)/);
    expect(text).toContain(
      '    surrogate = -score_surrogate(b, b.sample("f"), 0.99) + joint_surrogate(b, "f", 0.99, 32)\n',
    );
    expect(text).toContain('    everything = all_gather_rows(v.detach())\n');
    expect(text).toContain('    return global_mean((scores * v).sum(1))\n');
  });
});

describe.skipIf(!torch)(title('Gaussian encoders and latents: the PyTorch program computes the tfjs lowering'), () => {
  // mige-dim-mnist and gan-ring as shipped: equivalence.test.ts (every shipped spec)
  const cases: [string, () => Spec, number][] = [
    // the Gaussian sample's ε [B, 3], drawn once and read by every term
    ['a Gaussian encoder', gaussianSpec, 3],
    // the latent z [B, 4], drawn once
    ['a generator of a latent', priorSpec, 4],
  ];
  for (const [name, spec, width] of cases)
    it(`${name}: the loss, the terms and every parameter gradient of one update agree`, async () => {
      const draws = (_: CompiledSpec, rows: number, seed: number) => normalDraws([{ shape: [rows, width] }], seed);
      expectAgreement(await oneUpdate(compileSpec(spec()), { draws }), {
        loss: LOSS_TOLERANCE,
        gradient: GRADIENT_TOLERANCE,
      });
    });
});

describe.skipIf(!torch)(
  title('MIGE, Gaussian encoders, latents: 2 processes × batch B/2 reproduce 1 process × batch B'),
  () => {
    const cases: [string, () => Spec, string][] = [
      ['mige-dim-mnist', dimMnist, 'f'],
      // ε drawn for the whole minibatch, each process taking its rows
      ['a Gaussian encoder', gaussianSpec, 'q'],
      // z ~ N(0, I) likewise
      ['a generator of a latent', priorSpec, 'G'],
    ];
    for (const [name, spec, network] of cases)
      it(`${name}: the parameters after an epoch agree (float64), and they moved`, async () => {
        const runs = await oneAndTwoProcesses(spec());
        const initial = loadNpyTable(join(runs.data, 'init', `${network}.npy`), `${network}.npy`).x;
        const trained = runs.one.networks.flatMap((w) => [...w.dataSync()]);
        expect(relativeError(trained, initial)).toBeGreaterThan(1e-3);
        // float64 keeps the SSGE of the gathered samples and the split BatchNorm statistics below float32's rounding
        expectSameTensors(runs);
      });
  },
);
