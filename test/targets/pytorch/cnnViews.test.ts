/**
 * The PyTorch target's CNNs, augmented views and paired joint (IIC) against the tfjs lowering: loss and every parameter
 * gradient on one batch with tfjs' views and noise fed in, the views' shift as augment.ts moves pixels, and 2 processes
 * × B/2 against 1 × B. Skipped, saying why, when no python imports torch (.ci/run installs Debian's python3-torch).
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/backend/index.ts';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { augmentRows } from '../../../src/data/augment.ts';
import { loadNpyTable } from '../../../src/data/files.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { prepareRun } from '../../../src/run/prepare.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { exportRunData, npyBytes } from '../../../src/targets/pytorch/export.ts';
import { checkPytorchSupport, pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { findTorchPython, TORCH_INSTALL } from '../../../src/targets/pytorch/python.ts';
import { scratch } from '../../cli/run.ts';

const torch = findTorchPython();
if (!torch && process.env.INFOBJ_REQUIRE_TORCH)
  throw new Error(`INFOBJ_REQUIRE_TORCH: no python imports torch; ${TORCH_INSTALL}`);
const title = (what: string) => (torch ? what : `${what} — SKIPPED: no python imports torch; ${TORCH_INSTALL}`);

/** A shipped spec made small: n samples, batches of `batch`, one epoch; the widthScale as shipped. */
function small(name: string, n: number, batch: number): Spec {
  const s = loadSpec(`specs/${name}.yaml`);
  return { ...s, name: `${s.name}-small`, data: { ...s.data, n }, train: { ...s.train, batch, epochs: 1 } } as Spec;
}

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

// float32 tolerances: the convolutions and sums run in another order; R_c (dms-cnn-mnist) divides a difference of two
// forward passes by ζ² (ζ ~ N(0, 0.1²)), which amplifies rounding (as in equivalence.test.ts).
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;
// IIC's I(Z;Z') at initialisation is ≈ 4e-4, a difference of terms of order log K that float32 rounds at ≈ 1e-7
// (measured 1.5e-7 apart): its loss is compared absolutely; its gradients agree within 1e-4.
const LOSS_ABSOLUTE = 1e-6;

describe('the PyTorch target accepts CNNs and augmented views', () => {
  it('iic-mnist, iic-moons and dms-cnn-mnist pass its check; a view read outside a paired term is refused', () => {
    for (const name of ['iic-mnist', 'iic-moons', 'dms-cnn-mnist'])
      expect(() => checkPytorchSupport(compileSpec(loadSpec(`specs/${name}.yaml`)))).not.toThrow();
    const s = loadSpec('specs/iic-moons.yaml');
    expect(() =>
      checkPytorchSupport(compileSpec({ ...s, objective: { text: "max I(Z;Z') + H(Z')" } } as Spec)),
    ).toThrow(/model\.encoders\[0\]\.also: the PyTorch target reads Phi on X' \(Z'\) only inside paired terms/);
  });

  it("writes IIC's joint of the two views, symmetrised, and the CNN of the spec's widths", () => {
    const text = pytorchProgram(compileSpec(loadSpec('specs/iic-mnist.yaml')), 'data');
    expect(text).toContain(
      'joint = paired_joint(b.probs("Phi", given="X"), b.probs("Phi", given="X\'"), symmetric=True)',
    );
    expect(text).toContain('"Phi": CNN((28, 28, 1), [25, "pool", 25, 50, "pool", 125], 10),');
    expect(text).toContain('VIEWS = {"X\'": {"of": "X", "shift": 2, "mask": 0.1, "noise": 0.1, "image": [28, 28, 1]}}');
  });
});

describe.skipIf(!torch)(title('the PyTorch CNNs and views compute the tfjs lowering'), () => {
  for (const name of ['iic-mnist', 'dms-cnn-mnist'])
    it(`${name}: the loss and every parameter gradient on one batch agree`, async () => {
      await useBackend('wasm'); // the native kernels: tfjs' cpu backend takes minutes on the convolutions' gradients
      const B = 50;
      const compiled = compileSpec(small(name, 200, B));
      const dir = scratch();
      const run = prepareRun(compiled);
      exportRunData(compiled, dir, run.nets);
      writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
      const idx = Int32Array.from({ length: B }, (_, i) => (i * 3) % compiled.variables.X.n);
      writeFileSync(join(dir, 'idx.npy'), npyBytes(idx, [B]));
      const seed = 5;
      // the views as the tfjs trainable draws them from the step's seed (src/train/trainable.ts)
      compiled.views.forEach((aug, i) => {
        const ds = compiled.variables[aug.of];
        const rows = new Float32Array(B * ds.dim);
        idx.forEach((r, j) => rows.set(ds.x.subarray(r * ds.dim, (r + 1) * ds.dim), j * ds.dim));
        writeFileSync(
          join(dir, `view_${i}.npy`),
          npyBytes(augmentRows(rows, ds.dim, aug, seed, ds.imageShape), [B, ds.dim]),
        );
      });
      // R_c's noise as the tfjs lowering draws it: V ~ N(0, 1) [B, B], then ζ ~ N(0, 0.1²) (TermContext.nextSeed)
      const V = tf.randomNormal([B, B], 0, 1, 'float32', seed * 7919 + 1).dataSync() as Float32Array;
      const zeta = tf.randomNormal([], 0, 0.1, 'float32', seed * 7919 + 2).dataSync() as Float32Array;
      writeFileSync(join(dir, 'noise_0.npy'), npyBytes(V, [B, B]));
      writeFileSync(join(dir, 'noise_1.npy'), npyBytes(zeta, [1]));
      const { trainable } = run;
      const { value, grads } = tf.variableGrads(() => trainable.loss(idx, seed), trainable.variables);
      const out = join(dir, 'out');
      mkdirSync(out);
      python(['test/targets/pytorch/grads.py', join(dir, 'train.py'), dir, out]);
      const read = (f: string) => loadNpyTable(join(out, f), f).x;
      const [torchLoss, tfjsLoss] = [read('loss.npy')[0], value.dataSync()[0]];
      expect(Math.abs(torchLoss - tfjsLoss)).toBeLessThan(Math.max(LOSS_TOLERANCE * Math.abs(tfjsLoss), LOSS_ABSOLUTE));
      expect(trainable.variables).toHaveLength(14); // 4 × (conv kernel, γ, β), the dense kernel and bias
      trainable.variables.forEach((v, i) => {
        const error = relativeError(read(`grad_${i}.npy`), grads[v.name].dataSync());
        expect(error, v.name).toBeLessThan(GRADIENT_TOLERANCE);
      });
      run.dispose();
    });

  it('shifts an image as src/data/augment.ts does: out[y, x] = image[y − dy, x − dx], 0 outside', () => {
    const dir = scratch();
    const compiled = compileSpec(loadSpec('specs/iic-mnist.yaml'));
    writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
    const script = `
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
image = torch.arange(1, 13, dtype=torch.float64).reshape(1, 3, 4, 1)
print(train.shifted(image, torch.tensor([[1, -2]]), 2).reshape(-1).tolist())`;
    const r = python(['-c', script, join(dir, 'train.py')]);
    // a 3×4 image 1..12 moved down 1 and left 2
    expect(JSON.parse(r.stdout)).toEqual([0, 0, 0, 0, 3, 4, 0, 0, 7, 8, 0, 0]);
  });
});

describe.skipIf(!torch)(title('iic-mnist: 2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  it('the parameters after 4 steps agree (float64)', async () => {
    const dir = scratch();
    const data = join(dir, 'data');
    const program = join(dir, 'train.py');
    writeFileSync(program, await generatePytorch(small('iic-mnist', 300, 50), data)); // 210 training digits: 4 steps
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
    // float64 keeps the rounding of the two runs' different sums below what a checkpoint's float32 stores
    one.networks.forEach((w, i) =>
      expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6),
    );
  });
});
