/**
 * Loads the optional native kernel addon (native/, built by `node native/build.mjs`).
 * A missing or unloadable addon is not an error: callers fall back to plain wasm kernels.
 */
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

/** The ISA build asked for by INFOBJ_NATIVE_ISA (avx2, avx512), or 'native' (the default build, -march=native). */
export const requestedIsa = (): string => process.env.INFOBJ_NATIVE_ISA || 'native';

/** Where `node native/build.mjs` puts the addon: native/build/, or native/build-<isa>/ for INFOBJ_NATIVE_ISA=<isa>. */
export const addonPath = (isa = requestedIsa()): string =>
  path.join(NATIVE_DIR, isa === 'native' ? 'build' : `build-${isa}/build`, 'Release/infobj_native.node');

/** Where node-gyp puts the default build. */
export const ADDON_PATH = addonPath('native');

export type AddonLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

let cached: AddonLoad | undefined;

/** Loads the addon once; the reason says why it is unavailable (not built, disabled, failed to load). */
export function loadAddon(): AddonLoad {
  if (cached) return cached;
  if (process.env.INFOBJ_NATIVE === '0') {
    cached = { ok: false, reason: 'disabled by INFOBJ_NATIVE=0' };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(addonPath()) as NativeAddon;
    cached = { ok: true, addon };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const which = requestedIsa() === 'native' ? '' : ` for INFOBJ_NATIVE_ISA=${requestedIsa()}`;
    cached = {
      ok: false,
      reason:
        code === 'MODULE_NOT_FOUND'
          ? `addon not built${which}`
          : `addon failed to load: ${(e as Error).message.split('\n')[0]}`,
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
