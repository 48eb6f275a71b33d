/** BatchMatMul and _FusedMatMul for the wasm backend, computed by the native addon on the wasm heap in place. */
import { broadcast_util, util } from '../tf.ts';
import type { KernelFunc, TensorInfo } from '../tf.ts';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf, withFallback } from './heap.ts';
import type { KernelArgs } from './heap.ts';

/** Activation codes of native/src/epilogue.h; activations missing here (prelu) run on the original kernel. */
export const ACTIVATION_CODES: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  leakyrelu: 4,
  sigmoid: 5,
};

/** Runs `a @ b` (+ bias, activation) natively, or returns null when the case is not covered (caller falls back). */
function nativeMatMul(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs, fused: boolean): TensorInfo | null {
  const { a, b, bias, preluActivationWeights } = inputs;
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32' || preluActivationWeights) return null;
  const transposeA = Boolean(attrs.transposeA),
    transposeB = Boolean(attrs.transposeB);
  const ra = a.shape.length,
    rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return null; // the original kernel reports the shape error
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = util.sizeFromShape(a.shape.slice(0, -2)),
    batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  if (m * n * k === 0) return null;
  let activation = 0,
    alpha = 0,
    biasOffset = -1;
  if (fused) {
    const code = ACTIVATION_CODES[String(attrs.activation ?? 'linear')];
    if (code === undefined) return null;
    activation = code;
    alpha = Number(attrs.leakyreluAlpha ?? 0);
    if (bias) {
      if (bias.dtype !== 'float32' || util.sizeFromShape(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n)
        return null;
      biasOffset = offsetOf(backend, bias);
    }
  }
  const { out, offset } = allocate(backend, [...outer, m, n]);
  addon.matmul(
    heapOf(backend),
    offsetOf(backend, a),
    offsetOf(backend, b),
    offset,
    batchA,
    batchB,
    m,
    n,
    k,
    transposeA ? 1 : 0,
    transposeB ? 1 : 0,
    [biasOffset, activation, alpha],
  );
  return out;
}

/** Kernel functions that use the addon and defer to `original` for the cases it does not cover. */
export function matMulKernels(addon: NativeAddon, original: { batchMatMul?: KernelFunc; fusedMatMul?: KernelFunc }) {
  return {
    batchMatMul: withFallback((a) => nativeMatMul(addon, a, false), original.batchMatMul, 'BatchMatMul'),
    fusedMatMul: withFallback((a) => nativeMatMul(addon, a, true), original.fusedMatMul, '_FusedMatMul'),
  };
}
