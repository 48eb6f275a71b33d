/**
 * MaxPool, MaxPoolGrad, Sum and Mean for the wasm backend in the native addon. The stock wasm MaxPoolGrad and the Sum
 * over leading axes (a transpose, then a reduction) took 37% and 18% of the MNIST CNN step; BatchNorm's Mean over
 * leading axes 12% of the BN CNN step (docs/performance.md).
 */
import { backend_util, util } from '../tf.ts';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '../tf.ts';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf, withFallback } from './heap.ts';
import type { KernelArgs } from './heap.ts';

function poolInfo(shape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/** The 12 numbers native/src/pool2d.h's PoolParams reads, in order. */
const poolDims = (c: backend_util.Conv2DInfo) =>
  Int32Array.from([
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.effectiveFilterHeight,
    c.effectiveFilterWidth,
    c.strideHeight,
    c.strideWidth,
    c.padInfo.top,
    c.padInfo.left,
  ]);

function maxPool(addon: NativeAddon, { inputs: { x }, backend, attrs }: KernelArgs): TensorInfo | null {
  if (x?.dtype !== 'float32' || x.shape.length !== 4 || util.sizeFromShape(x.shape) === 0) return null;
  const info = poolInfo(x.shape, attrs);
  if (info.dataFormat !== 'channelsLast') return null;
  const { out, offset } = allocate(backend, info.outShape);
  addon.maxPool(heapOf(backend), poolDims(info), offsetOf(backend, x), offset);
  return out;
}

function maxPoolGrad(addon: NativeAddon, { inputs: { dy, input }, backend, attrs }: KernelArgs): TensorInfo | null {
  if (!dy || !input || input.dtype !== 'float32' || dy.dtype !== 'float32' || util.sizeFromShape(input.shape) === 0)
    return null;
  const info = poolInfo(input.shape, attrs);
  const { out, offset } = allocate(backend, input.shape);
  addon.maxPoolGrad(heapOf(backend), poolDims(info), offsetOf(backend, input), offsetOf(backend, dy), offset);
  return out;
}

/** Sum or mean over axes that form a leading or trailing block of x's dimensions; other cases go to the stock kernel. */
function reduce(addon: NativeAddon, { inputs: { x }, backend, attrs }: KernelArgs, mean: boolean): TensorInfo | null {
  if (x?.dtype !== 'float32' || util.sizeFromShape(x.shape) === 0) return null;
  const rank = x.shape.length;
  const axes = [...new Set(util.parseAxisParam(attrs.axis as number | number[], x.shape))].sort((a, b) => a - b);
  if (axes.length === 0) return null;
  // all axes: a trailing reduction (one row, summed on vector lanes), not a leading one over rows of one element
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  const leading = !trailing && axes.every((a, i) => a === i);
  if (!leading && !trailing) return null;
  const split = leading ? axes.length : rank - axes.length;
  const outer = util.sizeFromShape(x.shape.slice(0, split)),
    inner = util.sizeFromShape(x.shape.slice(split));
  const kept = x.shape.filter((_, i) => !axes.includes(i));
  const shape = attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
  const { out, offset } = allocate(backend, shape);
  const count = leading ? outer : inner;
  addon.sum(heapOf(backend), offsetOf(backend, x), outer, inner, leading ? 1 : 0, offset, mean ? 1 / count : 1);
  return out;
}

/** Kernel functions that use the addon and defer to `original` for the cases it does not cover. */
export function poolReduceKernels(
  addon: NativeAddon,
  original: Partial<Record<'maxPool' | 'maxPoolGrad' | 'sum' | 'mean', KernelFunc>>,
) {
  return {
    maxPool: withFallback((a) => maxPool(addon, a), original.maxPool, 'MaxPool'),
    maxPoolGrad: withFallback((a) => maxPoolGrad(addon, a), original.maxPoolGrad, 'MaxPoolGrad'),
    sum: withFallback((a) => reduce(addon, a, false), original.sum, 'Sum'),
    mean: withFallback((a) => reduce(addon, a, true), original.mean, 'Mean'),
  };
}
