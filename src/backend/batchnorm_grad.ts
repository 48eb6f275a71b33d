/**
 * A fused gradient for FusedBatchNorm on the wasm backend. tfjs-core differentiates batch normalisation op by op —
 * about 14 passes over the activation (tile, several multiplies, four sums) per layer. The same five gradients
 * (mean and variance treated as inputs, exactly as tfjs-core's gradient does) come from one native pass that writes
 * dx = dy·γ/√(σ²+ε) and accumulates Σdy and Σdy·(x−μ) per channel:
 *   dμ = −γ s Σdy,  dσ² = −½ γ s³ Σdy(x−μ),  dγ = s Σdy(x−μ),  dβ = Σdy,  with s = 1/√(σ²+ε).
 * The override applies only on wasm with per-channel (rank-1) statistics; everything else runs tfjs-core's gradient.
 */
import * as tf from '../tf.ts';
import type { GradConfig, KernelConfig, NamedAttrMap, Tensor, TensorInfo } from '../tf.ts';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf } from './heap.ts';
import type { KernelArgs } from './heap.ts';

/** Name of the wasm kernel that computes the five batch-norm gradients at once. */
export const BATCH_NORM_GRAD = 'InfobjBatchNormGrad';

function batchNormGradKernel(addon: NativeAddon) {
  return ({ inputs: { x, dy, mean, variance, scale }, backend, attrs }: KernelArgs): TensorInfo[] => {
    const channels = x!.shape[x!.shape.length - 1],
      n = tf.util.sizeFromShape(x!.shape);
    const eps = Number(attrs.varianceEpsilon);
    const { out: dx, offset } = allocate(backend, x!.shape);
    const sums = new Float64Array(2 * channels);
    addon.batchNormGrad(
      heapOf(backend),
      offsetOf(backend, x!),
      offsetOf(backend, dy!),
      n,
      channels,
      offsetOf(backend, mean!),
      offsetOf(backend, variance!),
      scale ? offsetOf(backend, scale) : -1,
      eps,
      offset,
      sums,
    );
    const v = backend.typedArrayFromHeap(variance!) as Float32Array;
    const g = scale ? (backend.typedArrayFromHeap(scale) as Float32Array) : undefined;
    const dMean = new Float32Array(channels),
      dVar = new Float32Array(channels);
    const dScale = new Float32Array(channels),
      dOffset = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      const s = 1 / Math.sqrt(v[c] + eps),
        gc = g ? g[c] : 1,
        s1 = sums[c],
        s2 = sums[channels + c];
      dMean[c] = -gc * s * s1;
      dVar[c] = -0.5 * gc * s * s * s * s2;
      dScale[c] = s * s2;
      dOffset[c] = s1;
    }
    return [
      dx,
      ...[dMean, dVar, dScale, dOffset].map((values) => backend.makeOutput([channels], 'float32', undefined, values)),
    ];
  };
}

let original: GradConfig | undefined;

/** Registers the fused kernel for wasm and routes FusedBatchNorm's gradient through it when it applies. */
export function installBatchNormGrad(addon: NativeAddon): void {
  if (original) return;
  original = tf.getGradient(tf.FusedBatchNorm);
  if (!original) return;
  const fallback = original;
  tf.registerKernel({
    kernelName: BATCH_NORM_GRAD,
    backendName: 'wasm',
    kernelFunc: batchNormGradKernel(addon) as unknown as KernelConfig['kernelFunc'],
  });
  tf.registerGradient({
    kernelName: tf.FusedBatchNorm,
    inputsToSave: fallback.inputsToSave,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as (Tensor | undefined)[];
      const channels = x!.shape[x!.shape.length - 1];
      const perChannel = (t: Tensor | undefined) =>
        !t || (t.rank === 1 && t.size === channels && t.dtype === 'float32');
      const applies =
        tf.getBackend() === 'wasm' &&
        x!.dtype === 'float32' &&
        (dy as Tensor).dtype === 'float32' &&
        [mean, variance, scale].every(perChannel) &&
        x!.size > 0;
      if (!applies) return fallback.gradFunc(dy, saved, attrs);
      // Computed here, not lazily: the tape runs each input's gradient closure in its own tidy, which would
      // dispose the sibling outputs of a kernel first called from inside one of them.
      const [dx, dMean, dVar, dScale, dOffset] = tf
        .engine()
        .runKernel(
          BATCH_NORM_GRAD,
          { x: x!, dy: dy as Tensor, mean: mean!, variance: variance!, ...(scale ? { scale } : {}) },
          { varianceEpsilon: (attrs as NamedAttrMap).varianceEpsilon } as NamedAttrMap,
        ) as Tensor[];
      return { x: () => dx, mean: () => dMean, variance: () => dVar, scale: () => dScale, offset: () => dOffset };
    },
  });
}

/** Restores tfjs-core's FusedBatchNorm gradient and removes the fused kernel. */
export function uninstallBatchNormGrad(): void {
  if (!original) return;
  tf.registerGradient(original);
  tf.unregisterKernel(BATCH_NORM_GRAD, 'wasm');
  original = undefined;
}
