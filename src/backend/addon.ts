/**
 * Loads the optional native kernel addon (native/, built by `node native/build.mjs`): the best build this CPU can run.
 * A missing, unloadable or unsuitable addon is not an error: callers fall back to plain wasm kernels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  type NativeEigSym,
  type NativeEigSymTop,
  type NativeRbfGram,
  setNativeEigensolver,
} from '../estimators/eigensolver.ts';

/** The functions exported by native/src/addon.cc; tensor arguments are byte offsets into `heap`. */
/** The fused pair critic's arguments: the heap, a and c ([B, h0]), B, pairs per row, widths, byte offsets of W1, b1, …, WL, bL. */
type PairMlpNetwork = [
  heap: ArrayBuffer,
  a: number,
  c: number,
  B: number,
  pairs: number,
  widths: Int32Array,
  layers: Int32Array,
];

export interface NativeAddon {
  matmul(
    heap: ArrayBuffer,
    a: number,
    b: number,
    out: number,
    batchA: number,
    batchB: number,
    m: number,
    n: number,
    k: number,
    transposeA: number,
    transposeB: number,
    epilogue: [bias: number, activation: number, alpha: number],
  ): void;
  conv2d(
    heap: ArrayBuffer,
    dims: Int32Array,
    x: number,
    filter: number,
    out: number,
    bias?: number,
    activation?: number,
    alpha?: number,
  ): void;
  conv2dBackpropInput(heap: ArrayBuffer, dims: Int32Array, dy: number, filter: number, dx: number): void;
  conv2dBackpropFilter(heap: ArrayBuffer, dims: Int32Array, x: number, dy: number, dw: number): void;
  maxPool(heap: ArrayBuffer, dims: Int32Array, x: number, out: number): void;
  maxPoolGrad(heap: ArrayBuffer, dims: Int32Array, x: number, dy: number, dx: number): void;
  sum(heap: ArrayBuffer, x: number, outer: number, inner: number, leading: number, out: number, scale: number): void;
  binary(
    heap: ArrayBuffer,
    op: number,
    a: number,
    b: number,
    n: number,
    period: number,
    out: number,
    reversed: number,
  ): void;
  batchNorm(
    heap: ArrayBuffer,
    x: number,
    n: number,
    channels: number,
    mean: number,
    variance: number,
    offset: number,
    scale: number,
    epsilon: number,
    out: number,
  ): void;
  tile(heap: ArrayBuffer, x: number, shape: Int32Array, reps: Int32Array, out: number): void;
  batchNormGrad(
    heap: ArrayBuffer,
    x: number,
    dy: number,
    n: number,
    channels: number,
    mean: number,
    variance: number,
    scale: number,
    epsilon: number,
    dx: number,
    sums: Float64Array,
  ): void;
  /** One Adam step of n parameters (tfjs AdamOptimizer's float32 arithmetic) into fresh p2, m2, v2 (adam_kernel.ts). */
  adam(
    heap: ArrayBuffer,
    p: number,
    g: number,
    m: number,
    v: number,
    accBeta1: number,
    accBeta2: number,
    n: number,
    p2: number,
    m2: number,
    v2: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    learningRate: number,
  ): void;
  /** The fused pair critic's forward pass (pair_mlp_kernel.ts) into `out`. */
  pairMlp(...args: [...PairMlpNetwork, out: number]): void;
  /** Its gradients: of a and c, and of every layer's W and b (offsets in `grads`, the order of `layers`). */
  pairMlpGrad(...args: [...PairMlpNetwork, dy: number, da: number, dc: number, grads: Int32Array]): void;
  /** op 0 = relu, 1 = step (alpha for x ≤ 0), 2 = softplus */
  unary(heap: ArrayBuffer, op: number, x: number, n: number, alpha: number, out: number): void;
  /** What the addon was compiled for: ISA (avx512, avx2, avx, generic), pool threads, vector width, GEMM tile. */
  info(): { isa: string; threads: number; vectorFloats: number; gemmTile: string };
  /** GFLOP/s of independent FMA chains at the built vector width on `threads` threads together (npm run bench). */
  fmaPeak(threads: number, seconds: number): number;
  /** GFLOP/s of an M×N×K SGEMM (median of 5 rounds); serial = 1 on the calling thread only (npm run bench). */
  gemmRate(
    m: number,
    n: number,
    k: number,
    transposeA: number,
    transposeB: number,
    serial: number,
    seconds: number,
  ): number;
  /** All eigenpairs of a symmetric matrix via LAPACK dsyevr (a is destroyed); returns LAPACK's info, −1000 without LAPACK. */
  eigSym: NativeEigSym;
  /**
   * The leading eigenpairs without LAPACK (native/src/eig_top.cc): all eigenvalues descending into `values`, the
   * eigenvectors of the J largest into `vectors` (n×J, column j = vector j), J = `count` if > 0 else the fewest
   * eigenvalues reaching `ratio` of their sum. Returns J (< 0 on failure).
   */
  eigSymTop: NativeEigSymTop;
  /** SSGE's RBF Gram matrix, its row sums and the median bandwidth (native/src/rbf.cc); returns σ. */
  rbfGram: NativeRbfGram;
}

const NATIVE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../native');

/** The addon's builds (native/build.mjs): two portable x86-64 variants, and `native` for the CPU that built it. */
export type Isa = 'avx512' | 'avx2' | 'native';
const ISAS: readonly Isa[] = ['avx512', 'avx2', 'native']; // best first

/** The build asked for by INFOBJ_NATIVE_ISA (avx2, avx512, native), or 'auto': the best one this CPU can run. */
export const requestedIsa = (): Isa | 'auto' => {
  const v = process.env.INFOBJ_NATIVE_ISA;
  return v === 'avx2' || v === 'avx512' || v === 'native' ? v : 'auto';
};

/** Where `node native/build.mjs` puts a build: native/build-<isa>/build/, or native/build/ for `native`. */
export const addonPath = (isa: Isa): string =>
  path.join(NATIVE_DIR, isa === 'native' ? 'build' : `build-${isa}/build`, 'Release/infobj_native.node');

/** The CPU flags a build needs, from the isa.json native/build.mjs writes beside it; undefined when it is not built. */
function neededFlags(isa: Isa): string[] | undefined {
  const file = path.join(path.dirname(path.dirname(addonPath(isa))), 'isa.json');
  if (!existsSync(addonPath(isa)) || !existsSync(file)) return undefined;
  try {
    const flags = (JSON.parse(readFileSync(file, 'utf8')) as { cpuFlags?: unknown }).cpuFlags;
    return Array.isArray(flags) ? flags.map(String) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * This CPU's flags: INFOBJ_CPU_FLAGS (space- or comma-separated) when set — to pretend to be another CPU, as the tests
 * do — else /proc/cpuinfo's; undefined when neither says (then only builds that need no flags are trusted, and the
 * x86-64-v3 baseline).
 */
export function cpuFlags(): Set<string> | undefined {
  const given = process.env.INFOBJ_CPU_FLAGS;
  if (given !== undefined) return new Set(given.split(/[\s,]+/).filter(Boolean));
  if (!existsSync('/proc/cpuinfo')) return undefined;
  const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1];
  return line === undefined ? undefined : new Set(line.trim().split(/\s+/));
}

/** The build to load, or why none; `notes` says which builds were passed over and why (printed once). */
export type BuildChoice =
  | { isa: Isa; path: string; notes: string[] }
  | { isa: undefined; reason: string; notes: string[] };

/**
 * Picks the build: the one INFOBJ_NATIVE_ISA asks for when this CPU can run it, else the best built one it can run
 * (avx512, avx2, native). A build whose flags the CPU lacks is never loaded: an illegal instruction would end the
 * process. `needs` gives a build's flags (undefined: not built); `flags` the CPU's (undefined: unknown).
 */
export function chooseBuild(
  requested: Isa | 'auto',
  flags: Set<string> | undefined,
  needs: (isa: Isa) => string[] | undefined = neededFlags,
): BuildChoice {
  const notes: string[] = [];
  const lacks = (isa: Isa) => {
    const want = needs(isa) ?? [];
    // Unknown flags: only the x86-64-v3 baseline (every x86-64 CPU since 2013–2015) and builds that need nothing.
    if (!flags) return isa === 'avx2' || want.length === 0 ? [] : ['(flags unknown)'];
    return want.filter((f) => !flags.has(f));
  };
  const order = requested === 'auto' ? ISAS : [requested, ...ISAS.filter((i) => i !== requested)];
  for (const isa of order) {
    if (!needs(isa)) {
      if (isa === requested) notes.push(`INFOBJ_NATIVE_ISA=${isa} is not built`);
      continue;
    }
    const missing = lacks(isa);
    if (missing.length === 0) return { isa, path: addonPath(isa), notes };
    notes.push(`the ${isa} build needs CPU flags this CPU lacks (${missing.join(', ')})`);
  }
  return { isa: undefined, reason: notes.length ? notes.join('; ') : 'addon not built', notes: [] };
}

/** How to build the addon where it is: `npm rebuild info-objectives` for an installed package, else the script. */
export const BUILD_HINT = NATIVE_DIR.split(path.sep).includes('node_modules')
  ? 'npm rebuild info-objectives'
  : 'node native/build.mjs';

export type AddonLoad =
  | { ok: true; addon: NativeAddon; isa: Isa; notes: string[] }
  | { ok: false; reason: string; notes: string[] };

let cached: AddonLoad | undefined;

/** Loads the addon once; the reason says why it is unavailable (not built, disabled, failed to load, wrong CPU). */
export function loadAddon(): AddonLoad {
  if (cached) return cached;
  if (process.env.INFOBJ_NATIVE === '0') {
    cached = { ok: false, reason: 'disabled by INFOBJ_NATIVE=0', notes: [] };
    return cached;
  }
  const choice = chooseBuild(requestedIsa(), cpuFlags());
  if (choice.isa === undefined) {
    cached = { ok: false, reason: choice.reason, notes: [] };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(choice.path) as NativeAddon;
    cached = { ok: true, addon, isa: choice.isa, notes: choice.notes };
  } catch (e) {
    cached = {
      ok: false,
      reason: `the ${choice.isa} build failed to load: ${(e as Error).message.split('\n')[0]}`,
      notes: choice.notes,
    };
  }
  return cached;
}

// SSGE's eigendecompositions use LAPACK through the addon when it loads (looked up at the first use, not here).
setNativeEigensolver(() => {
  const load = loadAddon();
  if (!load.ok) return undefined;
  const { addon } = load;
  return {
    eigSym: typeof addon.eigSym === 'function' ? addon.eigSym.bind(addon) : undefined,
    eigSymTop: typeof addon.eigSymTop === 'function' ? addon.eigSymTop.bind(addon) : undefined,
    rbfGram: typeof addon.rbfGram === 'function' ? addon.rbfGram.bind(addon) : undefined,
  };
});
