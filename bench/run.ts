/**
 * `npm run bench`: the project's benchmark suite, side by side with PyTorch twins in the same run (skipped with a note
 * when python3-torch is absent). Writes bench/results.json and prints:
 * - the machine: CPU model, flags, load average;
 * - for every ISA build of the addon present that this CPU runs (native/build-avx2, native/build-avx512, and
 *   native/build when built with INFOBJ_NATIVE_ISA=native): the measured FMA peak per core and on all cores, SGEMM GFLOP/s for C = A·B, Aᵀ·B,
 *   A·Bᵀ at 256², 512², 1024² and the MLP step's shapes, with the fraction of peak; PyTorch's SGEMM at the same
 *   sizes;
 * - the library's training steps (MLP-MIM, CNN-DMS, VAE) with each build's native kernels, on plain wasm (no addon)
 *   and on stock tfjs-wasm, with ratios to PyTorch (samples/s over PyTorch's; for SSGE, PyTorch's time over ours),
 *   and which BLAS PyTorch uses (the reference BLAS makes its ratios ≈ 12× too kind);
 * - the PyTorch target's overhead: the generated program's MLP-MIM step against the hand-written twin (bench/pytorchTarget.ts).
 * `--repeat N` runs the steps and their PyTorch twins N times, alternating, and reports medians (default 1).
 * `--quick` skips the GEMM sweep's 2-thread rows, the stock wasm step and the CNN. `--threads N` runs the native
 * kernels (INFOBJ_NATIVE_THREADS) and PyTorch on N threads instead of 2 — on a machine shared with other jobs,
 * 1 thread each avoids measuring OpenBLAS's spinning barrier threads losing their time slices. `--no-kernels` skips
 * the FMA-peak and SGEMM sweep.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { TORCH_CNN, TORCH_MLP } from './kernels.ts';
import { cpuInfo, isaBuilds, kernelReport, kernelTable, shape, type KernelReport } from './machine.ts';
import { useBackend } from '../src/backend/index.ts';
import { benchSsge } from './ssge.ts';
import { benchCriticStep } from './critic.ts';
import { benchPytorchTarget, median } from './pytorchTarget.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const arg = (name: string) => process.argv.indexOf(name);
const repeat = arg('--repeat') > 0 ? Number(process.argv[arg('--repeat') + 1]) : 1;
const quick = arg('--quick') > 0;
const threads = arg('--threads') > 0 ? Number(process.argv[arg('--threads') + 1]) : 2;
const noKernels = arg('--no-kernels') > 0;

interface Row {
  bench: string;
  impl: string;
  ms: number | null;
  samples_per_s: number | null;
  ratio: number | null;
  cpu_ms?: number | null;
  cpu_ratio?: number;
  runs?: number[];
  note?: string;
}

const parse = (l: string) => {
  try {
    return JSON.parse(l);
  } catch {
    return null;
  }
};
const jsonLines = (out: string) => out.split('\n').map(parse).filter(Boolean);
const hasTorch = () =>
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

/** bench/steps.ts in a child process (one wasm module and one addon build per process). */
function steps(mode: 'native' | 'plain' | 'stock', isa: string, names: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, INFOBJ_NATIVE_ISA: isa };
  if (threads !== 2) env.INFOBJ_NATIVE_THREADS = String(threads);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'steps.ts'), mode, ...names], {
    encoding: 'utf8',
    env,
    timeout: 1_200_000,
  });
  if (run.status !== 0) process.stderr.write(run.stderr.slice(-2000));
  return jsonLines(run.stdout) as {
    step: string;
    isa: string | null;
    ms_per_step: number;
    samples_per_s: number;
    cpu_ms_per_step: number;
  }[];
}

function python(script: string, args: string[], n = threads, cpuTime = false) {
  const wrapper = [path.join(here, 'peer/with_threads.py'), String(n), ...(cpuTime ? ['--cpu'] : [])];
  const wrapped = n === 2 && !cpuTime ? [script, ...args] : [...wrapper, script, ...args];
  // torch.set_num_threads does not reach OpenBLAS's own pthreads: its variable does
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(n), OMP_NUM_THREADS: String(n) };
  const run = spawnSync(PYTHON, wrapped, { encoding: 'utf8', timeout: 1_200_000, env });
  return jsonLines(run.stdout);
}

const started = performance.now();
const loadBefore = os.loadavg();
const cpu = cpuInfo();
const builds = isaBuilds();
const torch = hasTorch();
process.stderr.write(`${cpu.model}; builds: ${builds.join(', ') || 'none'}; torch: ${torch}\n`);

// 1. Kernels: FMA peak and SGEMM per build, PyTorch's SGEMM at the same sizes.
const kernels: KernelReport[] = [];
for (const b of noKernels ? [] : builds) {
  process.stderr.write(`kernels: ${b} …\n`);
  kernels.push(kernelReport(b));
}
const torchGemm = torch ? python(path.join(here, 'peer/torch_gemm.py'), noKernels ? ['--blas-only'] : [], 2) : [];
const blas = torchGemm.find((r) => r.bench === 'torch_blas') as
  | { blas: string; libraries: string[]; torch: string }
  | undefined;

// 2. Training steps and SSGE, with their PyTorch twins, `repeat` times.
const LABELS: Record<string, string> = {
  'mlp-mim': 'MLP 784-500-500-10 MIM step, batch 500',
  'cnn-dms': 'Neural Bayes MNIST CNN (BN) DMS step, batch 500',
  vae: 'VAE 784-400-16 step, batch 500',
  ssge: 'SSGE estimate, M = 500, 512-D projected to 32',
  critic: 'MI critic step: SMILE, MLP (16, 8) on all 256² pairs, 5-D X and Y',
  target: 'The PyTorch target: MLP 784-500-500-10 MIM step, batch 500 (bench/specs/mim-mlp-step.yaml)',
};
const samples = new Map<string, { bench: string; impl: string; ms: number[]; sps: number[]; cpu: number[] }>();
const record = (bench: string, impl: string, ms: number, sps: number | null = null, cpu: number | null = null) => {
  const key = `${bench}\u0000${impl}`;
  const s = samples.get(key) ?? { bench, impl, ms: [], sps: [], cpu: [] };
  s.ms.push(ms);
  if (sps !== null) s.sps.push(sps);
  if (cpu !== null) s.cpu.push(cpu);
  samples.set(key, s);
};
type StepRow = ReturnType<typeof steps>[number];
const recordSteps = (impl: (t: StepRow) => string, rows: StepRow[]) =>
  rows.forEach((t) => record(LABELS[t.step], impl(t), t.ms_per_step, t.samples_per_s, t.cpu_ms_per_step));
const TORCH = `PyTorch CPU, ${threads} thread${threads > 1 ? 's' : ''}`;
const GENERATED = `infobj gen --target pytorch (${TORCH})`;
const torchCpu = new Map<string, number[]>(); // bench → PyTorch's CPU ms per step (1-thread runs)
const nativeSteps = quick ? ['mlp-mim', 'vae'] : ['mlp-mim', 'cnn-dms', 'vae'];
for (let r = 0; r < repeat; r++) {
  for (const b of builds) {
    process.stderr.write(`steps, native ${b} (round ${r + 1}/${repeat}) …\n`);
    const label = threads === 2 ? '' : `, ${threads} thread${threads > 1 ? 's' : ''}`;
    recordSteps((t) => `tfjs wasm + native kernels (${t.isa}${label})`, steps('native', b, nativeSteps));
  }
  process.stderr.write('steps, plain wasm …\n');
  recordSteps(() => 'tfjs wasm, no addon (transpose-free matMul)', steps('plain', 'native', ['mlp-mim', 'vae']));
  if (!quick && r === 0) recordSteps(() => 'tfjs wasm, stock kernels', steps('stock', 'native', ['mlp-mim']));
  process.stderr.write('SSGE …\n');
  await useBackend('wasm'); // the steps ran in child processes; SSGE runs here
  const withLapack = benchSsge({ eigensolver: 'lapack' });
  if (withLapack.eigensolver === 'lapack') {
    record(
      LABELS.ssge,
      'info-objectives, LAPACK dsyevr',
      withLapack.ms_per_estimate,
      null,
      withLapack.cpu_ms_per_estimate,
    );
  }
  const top = benchSsge({ eigensolver: 'top' });
  if (top.eigensolver === 'top') {
    record(
      LABELS.ssge,
      'info-objectives, no LAPACK (addon: leading eigenpairs)',
      top.ms_per_estimate,
      null,
      top.cpu_ms_per_estimate,
    );
  }
  process.stderr.write('critic step …\n');
  const critic = await benchCriticStep();
  record(
    LABELS.critic,
    'info-objectives (estimateMI, native kernels)',
    critic.ms_per_step,
    256_000 / critic.ms_per_step,
    critic.cpu_ms_per_step,
  );
  if (torch) {
    process.stderr.write('PyTorch twins …\n');
    // on 1 thread, the twins run twice: wall time, then their own timings taken as process CPU time
    for (const cpuTime of threads === 1 ? [false, true] : [false]) {
      const add = (bench: string, t: { ms_per_step?: number; ms_per_estimate?: number; samples_per_s?: number }) => {
        const ms = (t.ms_per_step ?? t.ms_per_estimate)!;
        if (!cpuTime) record(bench, TORCH, ms, t.samples_per_s ?? null);
        else torchCpu.set(bench, [...(torchCpu.get(bench) ?? []), ms]);
      };
      for (const t of python(TORCH_MLP, ['mlp'], threads, cpuTime)) {
        if (t.bench === 'mim_mlp_step') add(LABELS['mlp-mim'], t);
      }
      for (const t of quick ? [] : python(TORCH_CNN, ['3', '--bn'], threads, cpuTime)) add(LABELS['cnn-dms'], t);
      for (const t of python(path.join(here, 'peer/torch_more.py'), [], threads, cpuTime)) {
        if (t.bench === 'vae_step') add(LABELS.vae, t);
        if (t.bench === 'ssge_m500_rp512') add(LABELS.ssge, t);
        if (t.bench === 'critic_step') add(LABELS.critic, t);
      }
    }
    // the generated program's step against the hand-written twin, alternating in one process (issue: ≤ 1.15× its time)
    process.stderr.write('PyTorch target …\n');
    const target = await benchPytorchTarget(PYTHON, threads);
    if (typeof target === 'string') process.stderr.write(`${target}\n`);
    else
      for (const t of target)
        record(
          LABELS.target,
          t.impl === 'generated' ? GENERATED : `${TORCH}, hand-written`,
          t.ms_per_step,
          t.samples_per_s,
        );
  }
}
const rows: Row[] = [...samples.values()].map((s) => ({
  bench: s.bench,
  impl: s.impl,
  ms: median(s.ms),
  samples_per_s: s.sps.length ? median(s.sps) : null,
  ratio: null,
  cpu_ms:
    s.impl === TORCH && torchCpu.has(s.bench) ? median(torchCpu.get(s.bench)!) : s.cpu.length ? median(s.cpu) : null,
  runs: s.ms,
}));
const noTorch = 'python3-torch not installed (apt-get install -y python3-torch libopenblas0-pthread)';
if (!torch) {
  for (const bench of Object.values(LABELS)) {
    rows.push({ bench, impl: TORCH, ms: null, samples_per_s: null, ratio: null, note: noTorch });
  }
}
rows.sort((a, b) => Object.values(LABELS).indexOf(a.bench) - Object.values(LABELS).indexOf(b.bench));
for (const r of rows) {
  const t = rows.find((x) => x.bench === r.bench && x.impl.startsWith('PyTorch'));
  if (t?.ms && r.ms) r.ratio = t.ms / r.ms; // = samples/s ratio for steps; speed ratio for SSGE
  if (t?.cpu_ms && r.cpu_ms) r.cpu_ratio = t.cpu_ms / r.cpu_ms; // 1 thread each: the same ratio in CPU time
}

const loadAfter = os.loadavg();
const peakMiB = process.resourceUsage().maxRSS / 1024;
const torchNote = !torch
  ? 'PyTorch not installed'
  : blas?.blas === 'openblas'
    ? `PyTorch ${blas.torch} with OpenBLAS`
    : `PyTorch ${blas?.torch} with the ${blas?.blas ?? 'unknown'} BLAS — NOT OpenBLAS: its ratios are ≈ 12× ` +
      'too kind (apt-get install libopenblas0-pthread)';
const result = {
  date: new Date().toISOString(),
  tfjs: tf.version.tfjs,
  cpu,
  builds,
  load_average: { before: loadBefore, after: loadAfter },
  repeat,
  threads,
  torch_blas: blas ?? null,
  kernels,
  torch_gemm: torchGemm.filter((r) => r.bench === 'torch_sgemm'),
  peak_rss_mib: peakMiB,
  seconds: (performance.now() - started) / 1000,
  rows,
};
writeFileSync(path.resolve(here, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);

const f = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
const yes = (b: boolean) => (b ? 'yes' : 'no');
console.log(
  `CPU: ${cpu.model}, ${cpu.cores} cores, AVX2 ${yes(cpu.avx2)}, AVX-512F ${yes(cpu.avx512f)}; ` +
    `addon builds: ${kernels.map((k) => `${k.build} = ${k.isa}`).join(', ') || 'none'}`,
);
console.log(
  `1-min load average ${loadBefore[0].toFixed(2)} → ${loadAfter[0].toFixed(2)} ` +
    `(ratios are meaningful near 0); ${torchNote}; peak RSS ${peakMiB.toFixed(0)} MiB`,
);
console.log(
  '\nSGEMM (GFLOP/s, % of the measured FMA peak of the same ISA: per core for 1 thread, all cores ' + 'otherwise)\n',
);
if (cpu.avx512f && kernels.some((k) => k.isa === 'avx2')) {
  console.log(
    '(the AVX2 rows: the AVX2 build measured on this AVX-512 CPU — its 256-bit FMA rate and caches, ' +
      "not an AVX2-only CPU's)\n",
  );
}
const serialOnly = (k: KernelReport) => ({ ...k, gemm: k.gemm.filter((g) => g.threads === 1), threads: 1 });
console.log(kernelTable(quick ? kernels.map(serialOnly) : kernels));
if (torchGemm.length > 1) {
  console.log(`\nPyTorch SGEMM (${blas?.blas}), GFLOP/s NN / TN / NT:`);
  for (const threads of [1, 2]) {
    const cells = new Map<string, string[]>();
    for (const g of torchGemm.filter((r) => r.bench === 'torch_sgemm' && r.threads === threads)) {
      const key = shape(g);
      cells.set(key, [...(cells.get(key) ?? []), g.gflops.toFixed(1)]);
    }
    const text = [...cells].map(([k, v]) => `${k} ${v.join(' / ')}`).join('; ');
    console.log(`  ${threads} thread${threads > 1 ? 's' : ''}: ${text}`);
  }
}
console.log(`\nTraining steps and SSGE (median of ${repeat} run${repeat > 1 ? 's' : ''})\n`);
console.log("CPU ms: all threads' CPU time per step, steadier than wall time when other jobs share the cores.\n");
console.log('| benchmark | implementation | ms | CPU ms | samples / s | ratio to PyTorch | in CPU time |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const cells = [
    r.bench,
    r.impl,
    f(r.ms, 1),
    f(r.cpu_ms ?? null, 1),
    f(r.samples_per_s, 0),
    r.note ?? f(r.ratio, 2),
    f(r.cpu_ratio ?? null, 2),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log('bench/results.json written');
