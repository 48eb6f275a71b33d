/**
 * What the PyTorch target's tests share: the python that imports torch (skipping, saying why, without one), shipped specs
 * made small, and one update of a compiled spec computed by the tfjs lowering and by the generated program
 * (test/targets/pytorch/grads.py) on the same initial weights, rows and noise, compared term by term and gradient by
 * gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { useBackend } from '../../../src/backend/index.ts';
import { augmentRows } from '../../../src/data/augment.ts';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { loadNpyTable } from '../../../src/data/files.ts';
import { termKeys } from '../../../src/plan/termKeys.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import type { CheckpointState } from '../../../src/train/checkpoints.ts';
import { prepareRun } from '../../../src/run/prepare.ts';
import type { CompiledSpec } from '../../../src/spec/compiled.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { exportRunData, npyBytes } from '../../../src/targets/pytorch/export.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { findTorchPython, TORCH_INSTALL } from '../../../src/targets/pytorch/python.ts';
import { scratch } from '../../cli/run.ts';

export const torch = findTorchPython();
if (!torch && process.env.INFOBJ_REQUIRE_TORCH)
  throw new Error(`INFOBJ_REQUIRE_TORCH: no python imports torch; ${TORCH_INSTALL}`);

/** A test's title, saying why it is skipped when no python imports torch. */
export const title = (what: string): string =>
  torch ? what : `${what} — SKIPPED: no python imports torch; ${TORCH_INSTALL}`;

/** A shipped spec made small: n samples, batches of `batch`, `epochs` epochs, a checkpoint every epoch. */
export function small(file: string, n: number, batch: number, epochs = 1, objective?: Spec['objective']): Spec {
  const s = loadSpec(file);
  return {
    ...s,
    name: `${s.name}-small`,
    data: { ...s.data, n },
    ...(objective ? { objective } : {}),
    train: { ...s.train, batch, epochs, checkpointEvery: 1 },
  } as Spec;
}

/** ‖a − b‖ / ‖b‖. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

/** Run the torch python (one thread); throws with its stderr when it fails. */
export function python(args: string[]) {
  const r = spawnSync(torch!.python, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

/** A random draw the program makes (Batch.normal, Batch.uniform), as the tfjs run drew it, in the order of the draws. */
export interface Draw {
  readonly kind: 'normal' | 'uniform';
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** A normal draw of the tfjs lowering: its shape and standard deviation (1 unless said). */
export interface NormalDraw {
  readonly shape: readonly number[];
  readonly std?: number;
}

/** The tfjs lowering's normal draws of a micro-batch seeded `seed`, in the order TermContext.nextSeed hands them out. */
export const normalDraws = (draws: readonly NormalDraw[], seed: number): Draw[] =>
  draws.map(({ shape, std }, i) => ({
    kind: 'normal',
    values: tf.randomNormal([...shape], 0, std ?? 1, 'float32', seed * 7919 + i + 1).dataSync() as Float32Array,
    shape: shape.length ? shape : [1],
  }));

/** The ε [B, d] of z = μ + σ·ε of the spec's one Gaussian encoder, drawn once per call (its only noise). */
export const gaussianEncoderNoise = (c: CompiledSpec, rows: number, seed: number): Draw[] => {
  const gaussian = c.networks.find((n) => n.encoder.family === 'gaussian');
  if (!gaussian) throw new Error(`${c.name}: no Gaussian encoder`);
  return normalDraws([{ shape: [rows, gaussian.encoder.size] }], seed);
};

/** R_c's noise of a micro-batch of `rows`: per smoothness term in plan order, V ~ N(0, 1) [B, B] then ζ ~ N(0, 0.1²). */
export function smoothnessDraws(compiled: CompiledSpec, rows: number, seed: number): Draw[] {
  const terms = compiled.plan.terms.filter((t) => t.estimator.startsWith('finite-difference-jacobian'));
  return normalDraws(
    terms.flatMap((): NormalDraw[] => [{ shape: [rows, rows] }, { shape: [], std: 0.1 }]),
    seed,
  );
}

export interface UpdateOptions {
  /** The backend of the tfjs side (default cpu; wasm for CNNs, whose gradients take minutes on cpu). */
  readonly backend?: 'cpu' | 'wasm';
  /** Every draw of a micro-batch seeded `seed` (default: R_c's, smoothnessDraws). */
  readonly draws?: (compiled: CompiledSpec, rows: number, seed: number) => Draw[];
}

/** One update's loss, estimated terms and parameter gradients (tfjs' order of trainable variables). */
export interface Update {
  readonly loss: number;
  readonly terms: number[];
  readonly grads: Float32Array[];
}

/**
 * One update of the compiled spec on rows (i·7) mod n, by the tfjs lowering and by the generated program, from the same
 * initial weights, views and noise; micro-batch m is seeded m, as the loop seeds them.
 */
export async function oneUpdate(
  compiled: CompiledSpec,
  o: UpdateOptions = {},
): Promise<{ tfjs: Update; torch: Update; names: string[] }> {
  if (compiled.training.algorithm !== 'gradient') throw new Error(`${compiled.name}: not trained by gradient`);
  await useBackend(o.backend ?? 'cpu');
  const { batch } = compiled.training;
  const micro = compiled.training.microBatch ?? batch;
  const n = Object.values(compiled.variables)[0].n;
  const dir = scratch();
  const run = prepareRun(compiled);
  exportRunData(compiled, dir, run.nets);
  writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
  const idx = Int32Array.from({ length: batch }, (_, i) => (i * 7) % n);
  writeFileSync(join(dir, 'idx.npy'), npyBytes(idx, [batch]));
  const draws: Draw[] = [];
  const { trainable } = run;
  const tfjs: Update = { loss: 0, terms: [], grads: trainable.variables.map((v) => new Float32Array(v.size)) };
  const parts = batch / micro;
  for (let m = 0; m < parts; m++) {
    const rows = idx.subarray(m * micro, (m + 1) * micro);
    // the views as the tfjs trainable draws them from the micro-batch's seed (src/train/trainable.ts)
    compiled.views.forEach((aug, i) => {
      const ds = compiled.variables[aug.of];
      const x = new Float32Array(micro * ds.dim);
      rows.forEach((r, j) => x.set(ds.x.subarray(r * ds.dim, (r + 1) * ds.dim), j * ds.dim));
      const view = augmentRows(x, ds.dim, aug, m, ds.imageShape);
      writeFileSync(join(dir, `view_${m}_${i}.npy`), npyBytes(view, [micro, ds.dim]));
    });
    draws.push(...(o.draws ?? smoothnessDraws)(compiled, micro, m));
    const { value, grads } = tf.variableGrads(() => trainable.loss(rows, m), trainable.variables);
    (tfjs as { loss: number }).loss += value.dataSync()[0] / parts;
    trainable.variables.forEach((v, i) => grads[v.name].dataSync().forEach((g, j) => (tfjs.grads[i][j] += g / parts)));
    const values = trainable.reporting!.lossWithValues(rows, m).values.flatMap((v) => [...v.dataSync()]);
    values.forEach((x, i) => (tfjs.terms[i] = (tfjs.terms[i] ?? 0) + x / parts));
    tf.dispose([value, ...Object.values(grads)]);
  }
  draws.forEach((d, i) =>
    writeFileSync(join(dir, `${d.kind}_${String(i).padStart(4, '0')}.npy`), npyBytes(d.values, d.shape)),
  );
  const out = join(dir, 'out');
  mkdirSync(out);
  python(['test/targets/pytorch/grads.py', join(dir, 'train.py'), dir, out]);
  const read = (f: string) => loadNpyTable(join(out, f), f).x;
  const torchUpdate: Update = {
    loss: read('loss.npy')[0],
    terms: [...read('terms.npy')],
    grads: trainable.variables.map((_, i) => read(`grad_${i}.npy`)),
  };
  const names = trainable.variables.map((v) => v.name);
  run.dispose();
  return { tfjs, torch: torchUpdate, names };
}

/** Tolerances of a comparison: relative, with an absolute floor for values that vanish (float32 leaves ≈ 1e-7). */
export interface Tolerances {
  readonly loss: number;
  readonly gradient: number;
  readonly floor?: number;
}

/** |Δ| ≤ relative·|tfjs| + floor for the loss and every term, ‖Δg‖ ≤ gradient·‖g‖ + floor for every gradient. */
export function expectAgreement(u: { tfjs: Update; torch: Update; names: string[] }, t: Tolerances): void {
  const floor = t.floor ?? 0;
  const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
  expect(Math.abs(u.torch.loss - u.tfjs.loss), 'loss').toBeLessThanOrEqual(t.loss * Math.abs(u.tfjs.loss) + floor);
  expect(u.torch.terms).toHaveLength(u.tfjs.terms.length);
  u.tfjs.terms.forEach((x, i) =>
    expect(Math.abs(u.torch.terms[i] - x), `term ${i}`).toBeLessThanOrEqual(t.loss * Math.abs(x) + floor),
  );
  u.tfjs.grads.forEach((g, i) => {
    const difference = norm(Array.from(g, (x, j) => u.torch.grads[i][j] - x));
    expect(difference, u.names[i]).toBeLessThanOrEqual(t.gradient * norm(g) + floor);
  });
}

/** The newest checkpoint of a run folder, with its epoch checked. */
function finalCheckpoint(out: string, epoch: number) {
  const state = loadCheckpoint(listCheckpoints(out)[0]);
  expect(state.epoch, out).toBe(epoch);
  return state;
}

/**
 * The program of `spec` trained for its epochs on 1 process and on 2 (float64, the processes splitting each batch):
 * both runs' final checkpoints, and where the program's arrays are. `second` runs the 2-process run instead (e.g.
 * through a signal and a resume).
 */
export async function oneAndTwoProcesses(
  spec: Spec,
  second?: (args: string[]) => Promise<void>,
): Promise<{ one: CheckpointState<unknown>; two: CheckpointState<unknown>; dir: string; data: string }> {
  const dir = scratch();
  const data = join(dir, 'data');
  const program = join(dir, 'train.py');
  writeFileSync(program, await generatePytorch(spec, data));
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
  if (second) await second(args(2));
  else python(args(2));
  const epochs = 'epochs' in spec.train ? spec.train.epochs : 0;
  return {
    one: finalCheckpoint(join(dir, 'nproc-1'), epochs),
    two: finalCheckpoint(join(dir, 'nproc-2'), epochs),
    dir,
    data,
  };
}

/** Every network tensor of the two runs agrees within 1e-6 (‖Δ‖/‖w‖), but those `except` names by index. */
export function expectSameTensors(
  runs: { one: CheckpointState<unknown>; two: CheckpointState<unknown> },
  except: readonly number[] = [],
): void {
  expect(runs.two.networks).toHaveLength(runs.one.networks.length);
  runs.one.networks.forEach((w, i) => {
    if (!except.includes(i))
      expect(relativeError(runs.two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6);
  });
}

/** The first epoch's mean of every planned term agrees between the two runs, keyed as the tfjs run keys them. */
export function expectSameTerms(runs: { dir: string }, spec: Spec): void {
  const terms = (n: number) =>
    JSON.parse(readFileSync(join(runs.dir, `nproc-${n}`, 'report.json'), 'utf8')).history[0].terms as Record<
      string,
      number | number[] | null
    >;
  const [one, two] = [terms(1), terms(2)];
  expect(Object.keys(one)).toEqual([...termKeys(compileSpec(spec).plan).values()]);
  expect(Object.keys(two)).toEqual(Object.keys(one));
  for (const key of Object.keys(one))
    expect(relativeError([two[key] ?? 0].flat(), [one[key] ?? 0].flat()), key).toBeLessThan(1e-6);
}
