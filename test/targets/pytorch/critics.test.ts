/**
 * Critic bounds in the generated PyTorch program: against the tfjs lowering (same initial weights of the encoders and
 * the critic, same batch: the loss and every parameter gradient, the critic's included), and 2 processes × B/2 against
 * 1 × B (the critic's scores over the all-gathered minibatch). Skipped, saying why, when no python imports torch.
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
import { scratch, writeSpec } from '../../cli/run.ts';

const torch = findTorchPython();
if (!torch && process.env.INFOBJ_REQUIRE_TORCH)
  throw new Error(`INFOBJ_REQUIRE_TORCH: no python imports torch; ${TORCH_INSTALL}`);
const title = (what: string) => (torch ? what : `${what} — SKIPPED: no python imports torch; ${TORCH_INSTALL}`);

/** A shipped spec made small: n samples, batches of `batch`, `epochs` epochs, a checkpoint every epoch. */
function small(file: string, n: number, batch: number, epochs: number, objective?: Spec['objective']): Spec {
  const s = loadSpec(file);
  return {
    ...s,
    name: `${s.name}-small`,
    data: { ...s.data, n },
    objective: objective ?? s.objective,
    train: { ...s.train, batch, epochs, checkpointEvery: 1 },
  } as Spec;
}

const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x) => s + x * x, 0));

/** ‖a − b‖ / ‖b‖. */
const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>) => norm(Array.from(b, (x, i) => a[i] - x)) / norm(b);

const python = (args: string[]) => {
  const r = spawnSync(torch!.python, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
};

// float32 tolerances: the critic's sums and the log-mean-exps run in another order; measured ≤ 1e-6 relative on the
// loss and ≤ 2e-6 on a gradient. VANISHING is an absolute floor for a gradient that is 0 in exact arithmetic: the critic's
// output bias under InfoNCE and Donsker–Varadhan, which a constant shift of T leaves unchanged (float32 leaves ≈ 6e-8).
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;
const VANISHING = 1e-6;

/** The tfjs loss and gradients of `spec` on one batch against the PyTorch program's (grads.py). */
async function compareOneBatch(spec: Spec) {
  await useBackend('cpu');
  const compiled = compileSpec(spec);
  if (compiled.training.algorithm !== 'gradient') throw new Error(`${spec.name}: not trained by gradient`);
  const B = compiled.training.batch;
  const n = Object.values(compiled.variables)[0].n;
  const dir = scratch();
  const nets = runNetworks(compiled);
  exportRunData(compiled, dir, nets);
  writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
  const idx = Int32Array.from({ length: B }, (_, i) => (i * 7) % n);
  writeFileSync(join(dir, 'idx.npy'), npyBytes(idx, [B]));
  const trainable = makeTrainable(compiled, nets, compiled.variables, compiled.sample);
  const { value, grads } = tf.variableGrads(() => trainable.loss(idx, 0), trainable.variables);
  const out = join(dir, 'out');
  mkdirSync(out);
  python(['test/targets/pytorch/grads.py', join(dir, 'train.py'), dir, out]);
  const read = (f: string) => loadNpyTable(join(out, f), f).x;
  expect(relativeError(read('loss.npy'), value.dataSync())).toBeLessThan(LOSS_TOLERANCE);
  // the encoders' and the critic's (the last network: 256-256-1 kernels and biases)
  const names = Object.keys(nets);
  expect(names.at(-1)).toMatch(/^(critic|discriminator)@/);
  expect(trainable.variables.length).toBeGreaterThan(6);
  trainable.variables.forEach((v, i) => {
    const [torchGradient, tfjsGradient] = [read(`grad_${i}.npy`), grads[v.name].dataSync()];
    const difference = norm(Array.from(tfjsGradient, (g, j) => torchGradient[j] - g));
    expect(difference, v.name).toBeLessThan(GRADIENT_TOLERANCE * norm(tfjsGradient) + VANISHING);
  });
}

describe.skipIf(!torch)(title('a critic bound in the PyTorch program computes the tfjs lowering'), () => {
  it('cpc-mnist-halves (InfoNCE between two deterministic codes): the loss and every parameter gradient agree', () =>
    compareOneBatch(small('specs/cpc-mnist-halves.yaml', 200, 50, 1)));

  it('dim-jsd-mnist (the JSD critic of I(X;Z)): the loss and every parameter gradient agree', () =>
    compareOneBatch(small('specs/dim-jsd-mnist.yaml', 200, 50, 1)));

  // the other formulas over the same critic scores, and TUBA's and FLO's second output
  for (const bound of ['mine', 'nwj', 'smile', 'tuba', 'flo'] as const)
    it(`dim-jsd-mnist with I(X;Z) pinned to ${bound}: the loss and every parameter gradient agree`, () =>
      compareOneBatch(
        small('specs/dim-jsd-mnist.yaml', 200, 50, 1, { text: 'max I(X;Z)', pins: { 'I(X;Z)': bound } }),
      ));

  it('an adversarial critic (min I(X;Z) by NWJ): reversed inputs, the bound played against, gradients agree', () =>
    compareOneBatch(small('specs/dim-jsd-mnist.yaml', 200, 50, 1, { text: 'min I(X;Z)', pins: { 'I(X;Z)': 'nwj' } })));

  it('a GAN discriminator (min JSD(p(x), p(g)), the non-saturating step): the loss and every gradient agree', () => {
    const file = writeSpec(
      scratch(),
      'gan.yaml',
      `name: gan-moons
seed: 0
data: { kind: synthetic, shape: moons, n: 200, noise: 0.1 }
model:
  encoders:
    - { name: G, target: G, given: X, family: deterministic, size: 2, net: { kind: mlp, hidden: [16], batchNorm: false } }
objective: "min JSD[0.5, 0.5](p(x), p(g))"
train: { optimizer: adam, lr: 0.001, batch: 50, epochs: 1 }
eval: { metrics: [] }
`,
    );
    return compareOneBatch(loadSpec(file));
  });
});

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B with a critic'), () => {
  it('cpc-mnist-halves: the parameters after 5 steps agree (float64), the critic’s included', async () => {
    const dir = scratch();
    const program = join(dir, 'train.py');
    // 140 training rows (the rest held out for the probe), batches of 28: 5 steps
    const spec = small('specs/cpc-mnist-halves.yaml', 200, 28, 1);
    writeFileSync(program, await generatePytorch(spec, join(dir, 'data')));
    const args = (nproc: number) => [
      program,
      '--out',
      join(dir, `nproc-${nproc}`),
      '--nproc',
      String(nproc),
      '--dtype',
      'float64',
    ];
    python(args(1));
    python(args(2));
    const [one, two] = [1, 2].map((n) => loadCheckpoint(listCheckpoints(join(dir, `nproc-${n}`))[0]));
    expect(one.epoch).toBe(1);
    expect(two.epoch).toBe(1);
    // the networks' tensors: Φ's, Ψ's, 7 each (kernel, BatchNorm γ β, kernel, bias, BatchNorm statistics), then
    // the critic's 256-256-1 kernels and biases (what a checkpoint stores: float32)
    expect(one.networks.length).toBe(2 * 7 + 6);
    // except the critic's output bias: InfoNCE is unchanged by a constant shift of T, so its gradient is 0 up to
    // rounding, which Adam's normalised step turns into moves of ±lr in either run
    const shiftInvariant = one.networks.length - 1;
    one.networks.forEach((w, i) => {
      if (i !== shiftInvariant)
        expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6);
    });
  });
});
