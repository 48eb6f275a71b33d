/**
 * The machine and the kernels, for `npm run bench`: CPU model and flags, and for every ISA build of the addon present
 * (native/build-avx2, native/build-avx512, and native/build when built with INFOBJ_NATIVE_ISA=native) its measured FMA peak and SGEMM rates, with the fraction of
 * that peak. Run alone: `npx tsx bench/machine.ts` prints the table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonPath, chooseBuild, cpuFlags, type Isa, type NativeAddon } from '../src/backend/addon.ts';

export interface Cpu {
  model: string;
  cores: number;
  avx2: boolean;
  fma: boolean;
  avx512f: boolean;
}

export function cpuInfo(): Cpu {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const flags = new Set((info.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  return {
    model: info.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    avx2: flags.has('avx2'),
    fma: flags.has('fma'),
    avx512f: flags.has('avx512f'),
  };
}

/** The builds this CPU can run (native/build.mjs's isa.json against its flags, src/backend/addon.ts), best first. */
export function isaBuilds(): Isa[] {
  return (['avx512', 'avx2', 'native'] as const).filter((isa) => chooseBuild(isa, cpuFlags()).isa === isa);
}

/** C = A·B, Aᵀ·B, A·Bᵀ: the three cases of a training step (forward, weight gradient, input gradient). */
export const GEMM_CASES = [
  ['NN', 0, 0],
  ['TN', 1, 0],
  ['NT', 0, 1],
] as const;
/** Square sizes, then the MLP step's products (batch 500, 784-500): forward, dW, dX. */
export const GEMM_SIZES: [number, number, number][] = [
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [500, 500, 784],
  [784, 500, 500],
  [500, 784, 500],
];

export interface GemmRow {
  m: number;
  n: number;
  k: number;
  case: string;
  threads: number;
  gflops: number;
  of_peak: number;
}
export interface KernelReport {
  build: string;
  isa: string;
  tile: string;
  peak_per_core: number;
  peak_all_cores: number;
  threads: number;
  gemm: GemmRow[];
}

/** FMA peak and SGEMM rates of one build, on 1 thread (against the per-core peak) and on all (against all cores). */
export function kernelReport(build: Isa, seconds = 0.4): KernelReport {
  const addon = createRequire(import.meta.url)(addonPath(build)) as NativeAddon;
  const info = addon.info();
  const peak1 = Math.max(addon.fmaPeak(1, 0.5), addon.fmaPeak(1, 0.5));
  const peakAll = Math.max(addon.fmaPeak(info.threads, 0.5), addon.fmaPeak(info.threads, 0.5));
  const gemm: GemmRow[] = [];
  for (const serial of [1, 0]) {
    for (const [m, n, k] of GEMM_SIZES) {
      for (const [name, ta, tb] of GEMM_CASES) {
        const gflops = addon.gemmRate(m, n, k, ta, tb, serial, seconds);
        const threads = serial ? 1 : info.threads;
        gemm.push({ m, n, k, case: name, threads, gflops, of_peak: gflops / (serial ? peak1 : peakAll) });
      }
    }
  }
  return {
    build,
    isa: info.isa,
    tile: info.gemmTile,
    peak_per_core: peak1,
    peak_all_cores: peakAll,
    threads: info.threads,
    gemm,
  };
}

export const shape = (r: { m: number; n: number; k: number }) =>
  r.m === r.n && r.n === r.k ? `${r.m}²` : `${r.m}×${r.n}×${r.k}`;

/** Markdown: one row per size and thread count, the three cases as columns (GFLOP/s and % of peak). */
export function kernelTable(reports: KernelReport[]): string {
  const lines = [
    '| ISA (tile) | size | threads | NN GFLOP/s (% peak) | TN | NT |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of reports) {
    const peak = `${r.peak_per_core.toFixed(1)} / ${r.peak_all_cores.toFixed(1)}`;
    lines.push(`| ${r.isa} (${r.tile}) | FMA peak | 1 / ${r.threads} | ${peak} | | |`);
    for (const threads of [1, r.threads]) {
      for (const [m, n, k] of GEMM_SIZES) {
        const at = (c: string) =>
          r.gemm.find((g) => g.m === m && g.n === n && g.k === k && g.case === c && g.threads === threads);
        const cells = GEMM_CASES.map(([c]) => at(c)).map((g) =>
          g ? `${g.gflops.toFixed(1)} (${(100 * g.of_peak).toFixed(0)} %)` : '—',
        );
        lines.push(`| ${r.isa} | ${shape({ m, n, k })} | ${threads} | ${cells.join(' | ')} |`);
      }
      if (r.threads === 1) break;
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cpu = cpuInfo();
  const load = os.loadavg()[0].toFixed(2);
  console.log(`${cpu.model}, ${cpu.cores} cores, avx2 ${cpu.avx2}, avx512f ${cpu.avx512f}; load ${load}`);
  console.log(kernelTable(isaBuilds().map((b) => kernelReport(b))));
}
