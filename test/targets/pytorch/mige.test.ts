/**
 * MIGE (SSGE over the whole minibatch) and Gaussian encoders in the generated PyTorch program: against the tfjs lowering
 * (same initial weights, batch and noise: loss, terms and every parameter gradient), and 2 processes against one.
 * Skipped, saying why, when no python imports torch.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/backend/index.ts';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { loadNpyTable } from '../../../src/data/files.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { runNetworks } from '../../../src/run/networks.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { exportRunData, npyBytes } from '../../../src/targets/pytorch/export.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { findTorchPython, TORCH_INSTALL } from '../../../src/targets/pytorch/python.ts';
import { makeTrainable } from '../../../src/train/trainable.ts';
import { scratch } from '../../cli/run.ts';

const torch = findTorchPython();
const title = (what: string) => (torch ? what : `${what} — SKIPPED: no python imports torch; ${TORCH_INSTALL}`);

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

/** gan-ring made small: G(z) of z ~ N(0, I) against the discriminator (jsd-discriminator). */
const ganRing = (): Spec => {
  const s = loadSpec('specs/gan-ring.yaml');
  return {
    ...s,
    name: 'gan-ring-small',
    data: { ...s.data, n: 200 },
    train: { ...s.train, batch: 50, epochs: 1 },
  } as Spec;
};

/** ‖a − b‖ / ‖b‖. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

const python = (args: string[]) => {
  const r = spawnSync(torch!.python, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
};

// float32 tolerances: the Gram matrix and its eigendecomposition run in float64 on both sides (the same σ and J), the
// rest in float32 in another order; measured ≤ 3e-6 on a gradient. A kernel width one pair off the median, or one
// eigenfunction more or less, moves the gradients by far more.
const LOSS_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 5e-5;

/** The tfjs draws of a step with seed `seed`, in the order TermContext.nextSeed hands them out. */
type Draws = (seed: number, B: number) => { shape: number[]; std?: number }[];

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

describe.skipIf(!torch)(
  title('MIGE, Gaussian encoders, latents: the PyTorch program computes the tfjs lowering'),
  () => {
    const cases: [string, () => Spec, Draws][] = [
      // Circumstance I: the random projection R [784, 32] of x (MIGE §3.3); z = f(x) draws no noise
      ['mige-dim-mnist', dimMnist, () => [{ shape: [784, 32] }]],
      // the Gaussian sample's ε [B, 3], drawn once and read by every term
      ['a Gaussian encoder', gaussianSpec, (_, B) => [{ shape: [B, 3] }]],
      // the latent z [B, 4], drawn once
      ['a generator of a latent', priorSpec, (_, B) => [{ shape: [B, 4] }]],
      ['gan-ring', ganRing, (_, B) => [{ shape: [B, 4] }]],
    ];
    for (const [name, spec, draws] of cases)
      it(`${name}: the loss, the terms and every parameter gradient on one batch agree`, async () => {
        await useBackend('cpu');
        const B = 50;
        const compiled = compileSpec(spec());
        const dir = scratch();
        const nets = runNetworks(compiled);
        exportRunData(compiled, dir, nets);
        writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
        const rows = Object.values(compiled.variables)[0].n;
        const idx = Int32Array.from({ length: B }, (_, i) => (i * 7) % rows);
        writeFileSync(join(dir, 'idx.npy'), npyBytes(idx, [B]));
        const seed = 5;
        draws(seed, B).forEach(({ shape, std }, i) => {
          const noise = tf.randomNormal(shape, 0, std ?? 1, 'float32', seed * 7919 + i + 1).dataSync() as Float32Array;
          writeFileSync(join(dir, `noise_${i}.npy`), npyBytes(noise, shape));
        });
        const trainable = makeTrainable(
          compiled,
          nets,
          compiled.variables,
          compiled.sample,
          undefined,
          compiled.priors,
        );
        const { value, grads } = tf.variableGrads(() => trainable.loss(idx, seed), trainable.variables);
        const values = trainable.reporting!.lossWithValues(idx, seed).values.flatMap((v) => [...v.dataSync()]);
        const out = join(dir, 'out');
        mkdirSync(out);
        python(['test/targets/pytorch/grads.py', join(dir, 'train.py'), dir, out]);
        const read = (f: string) => loadNpyTable(join(out, f), f).x;
        // MIGE's terms are valued 0 (only their gradient is estimated): the loss of mige-dim-mnist is 0 on both sides
        const loss = value.dataSync()[0];
        if (loss === 0) expect(Math.abs(read('loss.npy')[0])).toBe(0);
        else expect(relativeError(read('loss.npy'), [loss])).toBeLessThan(LOSS_TOLERANCE);
        expect(read('terms.npy').length).toBe(values.length);
        if (values.length) expect(relativeError(read('terms.npy'), values)).toBeLessThan(LOSS_TOLERANCE);
        trainable.variables.forEach((v, i) => {
          const tfjs = grads[v.name].dataSync();
          expect(
            tfjs.some((g) => g !== 0),
            `${v.name}: a gradient to compare`,
          ).toBe(true);
          expect(relativeError(read(`grad_${i}.npy`), tfjs), v.name).toBeLessThan(GRADIENT_TOLERANCE);
        });
      });
  },
);

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
        const dir = scratch();
        const data = join(dir, 'data');
        const program = join(dir, 'train.py');
        writeFileSync(program, await generatePytorch(spec(), data));
        const run = (nproc: number) =>
          python([program, '--out', join(dir, `nproc-${nproc}`), '--nproc', String(nproc), '--dtype', 'float64']);
        run(1);
        run(2);
        const [one, two] = [1, 2].map((n) => loadCheckpoint(listCheckpoints(join(dir, `nproc-${n}`))[0]));
        expect(one.epoch).toBe(1);
        expect(two.epoch).toBe(1);
        const initial = loadNpyTable(join(data, 'init', `${network}.npy`), `${network}.npy`).x;
        expect(
          relativeError(
            one.networks.flatMap((w) => [...w.dataSync()]),
            initial,
          ),
        ).toBeGreaterThan(1e-3);
        // float64 keeps the SSGE of the gathered samples and the split BatchNorm statistics below float32's rounding
        one.networks.forEach((w, i) =>
          expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6),
        );
      });
  },
);
