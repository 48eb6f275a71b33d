/**
 * The generated PyTorch program against the tfjs lowering (same initial weights, batch and noise: loss and every
 * parameter gradient), N processes against one, and `infobj train --engine pytorch` end to end. Skipped, saying why,
 * when no python imports torch (.ci/run installs Debian's python3-torch).
 */
import * as tf from '@tensorflow/tfjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/backend/index.ts';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { loadNpyTable } from '../../../src/data/files.ts';
import { termKeys } from '../../../src/plan/termKeys.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { runNetworks } from '../../../src/run/networks.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { exportRunData, npyBytes } from '../../../src/targets/pytorch/export.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { findTorchPython, TORCH_INSTALL } from '../../../src/targets/pytorch/python.ts';
import { makeTrainable } from '../../../src/train/trainable.ts';
import { infobj, scratch, writeSpec } from '../../cli/run.ts';

const torch = findTorchPython();
if (!torch && process.env.INFOBJ_REQUIRE_TORCH)
  throw new Error(`INFOBJ_REQUIRE_TORCH: no python imports torch; ${TORCH_INSTALL}`);
const title = (what: string) => (torch ? what : `${what} — SKIPPED: no python imports torch; ${TORCH_INSTALL}`);

/** A shipped spec made small: n samples, batches of `batch`, `epochs` epochs, a checkpoint every epoch. */
function small(file: string, n: number, batch: number, epochs: number): Spec {
  const s = loadSpec(file);
  return {
    ...s,
    name: `${s.name}-small`,
    data: { ...s.data, n },
    train: { ...s.train, batch, epochs, checkpointEvery: 1 },
  } as Spec;
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

// float32 tolerances: the sums run in another order, and R_c divides a difference of two forward passes by ζ² (ζ ~
// N(0, 0.1²)), which amplifies rounding: measured ≤ 1.1e-5 on the loss and ≤ 2e-4 on a gradient.
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;

describe.skipIf(!torch)(title('the PyTorch program computes the tfjs lowering'), () => {
  for (const name of ['dms-moons', 'dms-blobs3'])
    it(`${name}: the loss and every parameter gradient on one batch agree`, async () => {
      await useBackend('cpu');
      const B = 100;
      const compiled = compileSpec(small(`specs/${name}.yaml`, 300, B, 1));
      const dir = scratch();
      const nets = runNetworks(compiled);
      exportRunData(compiled, dir, nets);
      writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
      const idx = Int32Array.from({ length: B }, (_, i) => (i * 7) % 300);
      writeFileSync(join(dir, 'idx.npy'), npyBytes(idx, [B]));
      // R_c's noise as the tfjs lowering draws it: V ~ N(0, 1) [B, B], then ζ ~ N(0, 0.1²) (TermContext.nextSeed)
      const seed = 5;
      const V = tf.randomNormal([B, B], 0, 1, 'float32', seed * 7919 + 1).dataSync() as Float32Array;
      const zeta = tf.randomNormal([], 0, 0.1, 'float32', seed * 7919 + 2).dataSync() as Float32Array;
      writeFileSync(join(dir, 'noise_0.npy'), npyBytes(V, [B, B]));
      writeFileSync(join(dir, 'noise_1.npy'), npyBytes(zeta, [1]));
      const trainable = makeTrainable(compiled, nets, compiled.variables, compiled.sample);
      const { value, grads } = tf.variableGrads(() => trainable.loss(idx, seed), trainable.variables);
      const reporting = trainable.reporting!;
      const values = reporting.lossWithValues(idx, seed).values.flatMap((v) => [...v.dataSync()]);
      const out = join(dir, 'out');
      mkdirSync(out);
      python(['test/targets/pytorch/grads.py', join(dir, 'train.py'), dir, out]);
      const read = (f: string) => loadNpyTable(join(out, f), f).x;
      expect(relativeError(read('loss.npy'), value.dataSync())).toBeLessThan(LOSS_TOLERANCE);
      // the history's terms: the same values from the same forward pass
      expect(relativeError(read('terms.npy'), values)).toBeLessThan(LOSS_TOLERANCE);
      trainable.variables.forEach((v, i) => {
        const error = relativeError(read(`grad_${i}.npy`), grads[v.name].dataSync());
        expect(error, v.name).toBeLessThan(GRADIENT_TOLERANCE);
      });
    });
});

/** Run the program until its stderr shows `line`, then send it `signal`; resolves to its exit code and stdout. */
function interrupted(
  args: string[],
  line: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(torch!.python, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (!sent && stderr.includes(line)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout })));
}

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  for (const name of ['dms-moons', 'dms-blobs3'])
    it(`${name}: the parameters after 5 steps agree (float64)${name === 'dms-moons' ? ', through a SIGTERM and --resume' : ''}`, async () => {
      const dir = scratch();
      const data = join(dir, 'data');
      const program = join(dir, 'train.py');
      writeFileSync(program, await generatePytorch(small(`specs/${name}.yaml`, 200, 40, 1), data));
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
      if (name === 'dms-moons') {
        // stopped after step 2 with a checkpoint (exit 143), continued from it
        const stopped = await interrupted(args(2), 'step 2/5', 'SIGTERM');
        expect(stopped.code).toBe(143);
        expect(JSON.parse(stopped.stdout.trim().split('\n').pop()!)).toMatchObject({
          interrupted: 'SIGTERM',
          epoch: 1,
        });
        python([...args(2), '--resume']);
      } else python(args(2));
      const [one, two] = [1, 2].map((n) => loadCheckpoint(listCheckpoints(join(dir, `nproc-${n}`))[0]));
      expect(one.epoch).toBe(1);
      expect(two.epoch).toBe(1);
      // float64 keeps rounding (which R_c's 1/ζ² amplifies: float32 runs part by 1e-2 within 5 steps) below what a
      // checkpoint's float32 stores; the resumed run restarts from float32 weights and moments (≈ 6e-8 each)
      one.networks.forEach((w, i) =>
        expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6),
      );
      // the epoch's term means, the 2-process run's through its checkpoint's partial sums when resumed mid-epoch
      const history = (n: number) => JSON.parse(readFileSync(join(dir, `nproc-${n}`, 'report.json'), 'utf8')).history;
      const [termsOne, termsTwo] = [history(1)[0].terms, history(2)[0].terms];
      expect(Object.keys(termsOne)).toEqual([
        ...termKeys(compileSpec(small(`specs/${name}.yaml`, 200, 40, 1)).plan).values(),
      ]);
      expect(Object.keys(termsTwo)).toEqual(Object.keys(termsOne));
      for (const key of Object.keys(termsOne))
        expect(relativeError([termsTwo[key]].flat(), [termsOne[key]].flat()), key).toBeLessThan(1e-6);
    });
});

describe.skipIf(!torch)(title('infobj train --engine pytorch'), () => {
  it('trains with 2 processes into a run folder whose report and checkpoints infobj reads', () => {
    const dir = scratch();
    const spec = writeSpec(
      dir,
      'tiny.yaml',
      readFileSync('specs/dms-moons.yaml', 'utf8')
        .replace('n: 4000', 'n: 400')
        .replace('batch: 400, epochs: 30, checkpointEvery: 10', 'batch: 100, epochs: 2, checkpointEvery: 1'),
    );
    const out = join(dir, 'run');
    const r = infobj(['train', spec, '--engine', 'pytorch', '--nproc', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.backend).toMatch(/^pytorch .* \(cpu, 2 processes\)$/);
    expect(report.history).toHaveLength(2);
    const keys = [...termKeys(compileSpec(loadSpec(spec)).plan).values()];
    for (const entry of report.history) {
      expect(Object.keys(entry.terms)).toEqual(keys);
      for (const v of Object.values(entry.terms)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi', 'kmeans_ari', 'loss']));
    expect(existsSync(join(out, 'pytorch', 'train.py'))).toBe(true);
    expect(infobj(['train', spec, '--engine', 'pytorch', '--out', out]).stderr).toMatch(/already holds a run/);
    const evaluated = infobj(['eval', out]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const again = JSON.parse(readFileSync(evaluated.stdout.trim(), 'utf8'));
    expect(again.metrics.ari).toBeCloseTo(report.metrics.ari, 6);
  });
});
