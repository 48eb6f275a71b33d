/**
 * `npm run bench`: the project's benchmark suite, through the library's own lowering and training loop, side by side
 * with PyTorch twins in the same run (skipped with a note when python3-torch is absent). Prints a table and writes
 * bench/results.json with ratios (samples/s over PyTorch's; for SSGE, PyTorch's time over ours) and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { nativeStatus } from '../src/backend/index.ts';
import { TORCH_CNN, TORCH_MLP, torchPeer } from './kernels.ts';
import { benchLibraryStep, type LibraryStep } from './library.ts';
import { benchSsge } from './ssge.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TORCH_MORE = path.resolve(here, 'peer/torch_more.py');

interface Row { bench: string; impl: string; ms: number | null; samples_per_s: number | null; ratio: number | null; note?: string }

/** The VAE step and SSGE estimate of the PyTorch twins (one process, two JSON lines). */
function torchMore(): Record<string, { ms: number; samples_per_s: number | null }> | { skipped: string } {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3-torch not installed (apt-get install -y python3-torch)' };
  const run = spawnSync('/usr/bin/python3', [TORCH_MORE], { encoding: 'utf8', timeout: 600_000 });
  const out: Record<string, { ms: number; samples_per_s: number | null }> = {};
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    out[r.bench] = { ms: r.ms_per_step ?? r.ms_per_estimate, samples_per_s: r.samples_per_s ?? null };
  }
  return out;
}

const rows: Row[] = [];
const loadBefore = os.loadavg()[0];
const started = performance.now();
const steps: [LibraryStep, string, string][] = [
  ['mlp-mim', 'MLP 784-500-500-10 MIM step, batch 500', 'torch-mlp'],
  ['cnn-dms', 'Neural Bayes MNIST CNN (BN) DMS step, batch 500', 'torch-cnn'],
  ['vae', 'VAE 784-400-16 step, batch 500', 'vae_step'],
];
for (const [step, label] of steps) {
  for (const [impl, native] of [['tfjs wasm (plain)', false], ['tfjs wasm + native kernels', true]] as const) {
    if (step === 'cnn-dms' && !native) {
      rows.push({ bench: label, impl, ms: null, samples_per_s: null, ratio: null, note: 'skipped: ≈ 10 s per step (docs/performance.md)' });
      continue;
    }
    process.stderr.write(`${label}: ${impl} …\n`);
    const t = await benchLibraryStep(step, { backend: 'wasm', native });
    rows.push({ bench: label, impl, ms: t.ms_per_step, samples_per_s: t.samples_per_s, ratio: null });
  }
}
const native = nativeStatus(); // after the last run, which had the native kernels
process.stderr.write('SSGE …\n');
const ssge = benchSsge();
rows.push({ bench: 'SSGE estimate, M = 500, 512-D projected to 32', impl: 'info-objectives (tfjs + LAPACK)', ms: ssge.ms_per_estimate, samples_per_s: null, ratio: null });

process.stderr.write('PyTorch twins …\n');
const torchRows: [string, ReturnType<typeof torchPeer>][] = [
  [steps[0][1], torchPeer(TORCH_MLP)],
  [steps[1][1], torchPeer(TORCH_CNN, ['3', '--bn'])],
];
const more = torchMore();
for (const [bench, t] of torchRows) rows.push('skipped' in t ? { bench, impl: 'PyTorch CPU, 2 threads', ms: null, samples_per_s: null, ratio: null, note: t.skipped } : { bench, impl: 'PyTorch CPU, 2 threads', ms: t.ms_per_step, samples_per_s: t.samples_per_s, ratio: 1 });
for (const [bench, key] of [[steps[2][1], 'vae_step'], ['SSGE estimate, M = 500, 512-D projected to 32', 'ssge_m500_rp512']]) {
  if ('skipped' in more) rows.push({ bench, impl: 'PyTorch CPU, 2 threads', ms: null, samples_per_s: null, ratio: null, note: more.skipped as string });
  else rows.push({ bench, impl: 'PyTorch CPU, 2 threads', ms: more[key].ms, samples_per_s: more[key].samples_per_s, ratio: 1 });
}
for (const r of rows) {
  const torch = rows.find((t) => t.bench === r.bench && t.impl.startsWith('PyTorch'));
  if (!torch?.ms || !r.ms || r === torch) continue;
  r.ratio = torch.ms / r.ms; // = samples/s ratio for steps; speed ratio for SSGE
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
const result = { date: new Date().toISOString(), tfjs: tf.version.tfjs, native, load_average: [loadBefore, os.loadavg()[0]], peak_rss_mib: peakMiB, seconds: (performance.now() - started) / 1000, rows };
writeFileSync(path.resolve(here, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);

const f = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
console.log(`native kernels: ${native.native ? `${native.isa}, ${native.threads} threads` : native.reason}; 1-min load average ${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}; peak RSS ${peakMiB.toFixed(0)} MiB`);
console.log('| benchmark | implementation | ms | samples / s | ratio to PyTorch |\n| --- | --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.bench} | ${r.impl} | ${f(r.ms, 1)} | ${f(r.samples_per_s, 0)} | ${r.note ?? f(r.ratio, 2)} |`);
console.log('bench/results.json written');
