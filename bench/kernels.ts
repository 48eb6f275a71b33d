/**
 * Side-by-side timing of the MLP and CNN training steps: plain tfjs (cpu, wasm) against tfjs-wasm with the native
 * kernels, and the PyTorch twins in the same run when python3-torch is installed. Prints a table; `--json` prints
 * the rows as JSON. Run: `npx tsx bench/kernels.ts [--quick] [--json]`.
 * `benchMlpStep` / `benchCnnStep` are the entry points for `npm run bench` (bench/run.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { nativeStatus, useBackend } from '../src/backend/index.ts';
import type { BackendName } from '../src/backend/index.ts';
import { cnnStep, mlpStep } from './peer/steps.ts';
import type { Step } from './peer/steps.ts';

export interface StepTiming {
  ms_per_step: number;
  samples_per_s: number;
}
export interface StepOptions {
  backend: BackendName;
  native: boolean;
  batch?: number;
  minSteps?: number;
  minSeconds?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Warms up, then times steps until both `minSteps` and `minSeconds` are reached. */
async function timeStep(
  make: (batch: number) => Step,
  { backend, native, batch = 500, minSteps = 5, minSeconds = 2 }: StepOptions,
): Promise<StepTiming> {
  await useBackend(backend, { native });
  const step = make(batch);
  try {
    await step.run();
    await step.run();
    let steps = 0;
    const t0 = performance.now();
    while (steps < minSteps || performance.now() - t0 < minSeconds * 1e3) {
      const loss = await step.run();
      if (!Number.isFinite(loss)) throw new Error(`loss became ${loss}`);
      steps++;
    }
    const ms = (performance.now() - t0) / steps;
    return { ms_per_step: ms, samples_per_s: (batch * 1e3) / ms };
  } finally {
    step.dispose();
  }
}

/** The MLP 784-500-500-10 MIM step (batch 500, Adam) on `backend`, with or without the native kernels. */
export const benchMlpStep = (opts: StepOptions): Promise<StepTiming> => timeStep(mlpStep, opts);

/** The Neural Bayes Appendix C MNIST CNN step (batch 500, Adam) on `backend`, with or without the native kernels;
 * `batchNorm` puts BatchNorm (batch statistics) after each convolution, as src/models/cnn.ts does. */
export const benchCnnStep = ({
  batchNorm = false,
  ...opts
}: StepOptions & { batchNorm?: boolean }): Promise<StepTiming> =>
  timeStep((b) => cnnStep(b, { batchNorm }), { minSteps: 2, minSeconds: 1, ...opts });

/** Runs a PyTorch reference script; null (with the reason) when torch is not installed. */
export function torchPeer(
  script: string,
  args: string[] = [],
): { ms_per_step: number; samples_per_s: number } | { skipped: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(script)) return { skipped: `${script} not found` };
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3-torch not installed (apt-get install -y python3-torch)' };
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', timeout: 600_000 });
  const line = run.stdout
    .split('\n')
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null;
      }
    })
    .find((r) => r && /step/.test(r.bench));
  return line
    ? { ms_per_step: line.ms_per_step, samples_per_s: line.samples_per_s }
    : { skipped: `torch run failed: ${run.stderr.slice(-200)}` };
}

/** The PyTorch MLP reference script: shared/bench beside the repository (as in CI), else /work/shared/bench. */
export const TORCH_MLP =
  [path.resolve(here, '../../shared/bench/torch_peer.py'), '/work/shared/bench/torch_peer.py'].find(existsSync) ??
  '/work/shared/bench/torch_peer.py';
export const TORCH_CNN = path.resolve(here, 'peer/torch_cnn.py');

interface Row {
  step: string;
  impl: string;
  ms_per_step?: number;
  samples_per_s?: number;
  ratio?: number;
  note?: string;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const loadBefore = os.loadavg()[0];
  const rows: Row[] = [];
  const add = (step: string, impl: string, t: StepTiming | { skipped: string }) =>
    rows.push('skipped' in t ? { step, impl, note: t.skipped } : { step, impl, ...t });
  const configs: [string, BackendName, boolean][] = [
    ['tfjs cpu', 'cpu', false],
    ['tfjs wasm (plain)', 'wasm', false],
    ['tfjs wasm + native kernels', 'wasm', true],
  ];
  for (const [impl, backend, native] of configs) {
    if (backend === 'cpu' && quick) continue;
    add('MLP', impl, await benchMlpStep({ backend, native, minSteps: backend === 'cpu' ? 2 : 5 }));
  }
  add('MLP', 'PyTorch CPU, 2 threads', torchPeer(TORCH_MLP));
  for (const [impl, backend, native] of configs) {
    if (backend === 'cpu') continue; // minutes per step
    add('CNN', impl, await benchCnnStep({ backend, native, minSteps: native ? 5 : 1, minSeconds: native ? 3 : 0 }));
  }
  add('CNN', 'PyTorch CPU, 2 threads', torchPeer(TORCH_CNN, [quick ? '2' : '5']));
  for (const [impl, backend, native] of configs) {
    if (backend === 'cpu' || (quick && !native)) continue;
    add(
      'CNN + BN',
      impl,
      await benchCnnStep({ backend, native, batchNorm: true, minSteps: native ? 5 : 1, minSeconds: native ? 3 : 0 }),
    );
  }
  add('CNN + BN', 'PyTorch CPU, 2 threads', torchPeer(TORCH_CNN, [quick ? '2' : '5', '--bn']));
  for (const r of rows) {
    const torch = rows.find((t) => t.step === r.step && t.impl.startsWith('PyTorch'));
    if (r.samples_per_s && torch?.samples_per_s) r.ratio = r.samples_per_s / torch.samples_per_s;
  }
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify(
        { native: nativeStatus(), tfjs: tf.version.tfjs, load_average: [loadBefore, os.loadavg()[0]], rows },
        null,
        2,
      ),
    );
    return;
  }
  const st = nativeStatus();
  console.log(`native kernels: ${st.native ? `${st.isa}, ${st.threads} threads` : st.reason}`);
  // Other work on a shared machine starves PyTorch's spinning OpenBLAS threads far more than these kernels.
  console.log(
    `1-min load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after (ratios are meaningful near 0)`,
  );
  console.log(
    '| step | implementation | ms / step | samples / s | ratio to PyTorch |\n| --- | --- | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    const f = (v: number | undefined, d: number) => (v === undefined ? '—' : v.toFixed(d));
    console.log(
      `| ${r.step} | ${r.impl} | ${f(r.ms_per_step, 1)} | ${f(r.samples_per_s, 0)} | ${r.note ?? f(r.ratio, 2)} |`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
