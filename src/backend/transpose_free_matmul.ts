/**
 * Plain wasm without the addon: tfjs-backend-wasm 4.22 runs BatchMatMul and _FusedMatMul through XNNPACK only when
 * neither transpose flag is set; with a flag it falls to a scalar loop (≈ 20× slower). Every matMul gradient has one
 * (dA = dY·Bᵀ, dB = Aᵀ·dY, in tfjs-core's BatchMatMul gradient and in fused.matMul's custom gradient alike).
 * These kernels transpose the flagged operand first (the wasm Transpose kernel, one pass) and call the original kernel
 * untransposed: the same product, so the same gradients, on the fast path. Only public tfjs APIs are used
 * (getKernel/registerKernel, the KernelFunc contract, KernelBackend.disposeData).
 */
import * as tf from '../tf.ts';
import type { KernelConfig, KernelFunc, TensorInfo } from '../tf.ts';

const NAMES = [tf.BatchMatMul, tf._FusedMatMul] as const;
const originals = new Map<string, KernelConfig>();

/** `original` with op(a)·op(b) computed as (transposed copy of a)·(transposed copy of b), flags cleared. */
export function transposeFree(original: KernelFunc): KernelFunc {
  return (args) => {
    type Args = { inputs: Record<string, TensorInfo>; backend: tf.KernelBackend; attrs: Record<string, unknown> };
    const { inputs, backend, attrs } = args as unknown as Args;
    const { transposeA, transposeB } = attrs;
    const transpose = tf.getKernel(tf.Transpose, 'wasm')?.kernelFunc;
    if ((!transposeA && !transposeB) || !transpose) return original(args);
    const temporaries: TensorInfo[] = [];
    const swapLast = (x: TensorInfo): TensorInfo => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      const t = transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
      temporaries.push(t);
      return t;
    };
    try {
      const a = transposeA ? swapLast(inputs.a) : inputs.a,
        b = transposeB ? swapLast(inputs.b) : inputs.b;
      const flat = { ...attrs, transposeA: false, transposeB: false };
      return original({ ...args, inputs: { ...inputs, a, b }, attrs: flat });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}

/** Registers the transpose-free BatchMatMul and _FusedMatMul for 'wasm' (idempotent). */
export function installTransposeFreeMatMul(): void {
  if (originals.size > 0) return;
  for (const name of NAMES) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    originals.set(name, original);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: transposeFree(original.kernelFunc) });
  }
}

/** Puts the stock wasm matMul kernels back. */
export function uninstallTransposeFreeMatMul(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(original);
  }
  originals.clear();
}

/** True while the transpose-free kernels are registered. */
export const transposeFreeMatMulInstalled = (): boolean => originals.size > 0;
