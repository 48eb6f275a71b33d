/** Conv2D, FusedConv2D and both convolution gradients for the wasm backend, computed by the native addon in place. */
import { backend_util } from '../tf.ts';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '../tf.ts';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf, withFallback } from './heap.ts';
import type { KernelArgs } from './heap.ts';
import { ACTIVATION_CODES } from './matmul_kernels.ts';

type Conv2DInfo = backend_util.Conv2DInfo;

/** The 15 numbers native/src/conv.h's ConvParams reads, in order. */
export function convDims(c: Conv2DInfo): Int32Array {
  return Int32Array.from([
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.outChannels,
    c.filterHeight,
    c.filterWidth,
    c.strideHeight,
    c.strideWidth,
    c.dilationHeight,
    c.dilationWidth,
    c.padInfo.top,
    c.padInfo.left,
  ]);
}

/** Shape bookkeeping shared by the four kernels; `dilations` is 1 for the gradients (as in tfjs-core). */
export function conv2DInfo(
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  dilations: number | [number, number] = 1,
): Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    dilations,
    attrs.pad as backend_util.ExplicitPadding | 'same' | 'valid',
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    backend_util.convertConv2DDataFormat(String(attrs.dataFormat ?? 'NHWC') as 'NHWC' | 'NCHW'),
  );
}

const covered = (c: Conv2DInfo, ...ts: (TensorInfo | undefined)[]) =>
  c.dataFormat === 'channelsLast' &&
  ts.every((t) => !t || t.dtype === 'float32') &&
  c.batchSize * c.outHeight * c.outWidth * c.outChannels * c.inChannels > 0;

function forward(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs, fused: boolean): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  if (!x || !filter || preluActivationWeights) return null;
  const info = conv2DInfo(x.shape, filter.shape, attrs, (attrs.dilations ?? 1) as number | [number, number]);
  if (!covered(info, x, filter, bias)) return null;
  const activation = fused ? ACTIVATION_CODES[String(attrs.activation ?? 'linear')] : 0;
  if (activation === undefined) return null;
  if (
    bias &&
    (bias.shape.reduce((p, d) => p * d, 1) !== info.outChannels ||
      bias.shape[bias.shape.length - 1] !== info.outChannels)
  )
    return null;
  const { out, offset } = allocate(backend, info.outShape);
  const biasOffset = bias ? offsetOf(backend, bias) : -1;
  addon.conv2d(
    heapOf(backend),
    convDims(info),
    offsetOf(backend, x),
    offsetOf(backend, filter),
    offset,
    biasOffset,
    activation,
    Number(attrs.leakyreluAlpha ?? 0),
  );
  return out;
}

function backpropInput(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { dy, filter } = inputs;
  if (!dy || !filter) return null;
  const info = conv2DInfo(attrs.inputShape as number[], filter.shape, attrs);
  if (!covered(info, dy, filter)) return null;
  const { out, offset } = allocate(backend, info.inShape);
  addon.conv2dBackpropInput(heapOf(backend), convDims(info), offsetOf(backend, dy), offsetOf(backend, filter), offset);
  return out;
}

function backpropFilter(addon: NativeAddon, { inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x, dy } = inputs;
  if (!x || !dy) return null;
  const info = conv2DInfo(x.shape, attrs.filterShape as number[], attrs);
  if (!covered(info, x, dy)) return null;
  const { out, offset } = allocate(backend, info.filterShape);
  addon.conv2dBackpropFilter(heapOf(backend), convDims(info), offsetOf(backend, x), offsetOf(backend, dy), offset);
  return out;
}

/** Kernel functions that use the addon and defer to `original` for the cases it does not cover (NCHW, prelu, …). */
export function convKernels(
  addon: NativeAddon,
  original: Partial<Record<'conv2D' | 'fusedConv2D' | 'backpropInput' | 'backpropFilter', KernelFunc>>,
) {
  return {
    conv2D: withFallback((a) => forward(addon, a, false), original.conv2D, 'Conv2D'),
    fusedConv2D: withFallback((a) => forward(addon, a, true), original.fusedConv2D, 'FusedConv2D'),
    backpropInput: withFallback((a) => backpropInput(addon, a), original.backpropInput, 'Conv2DBackpropInput'),
    backpropFilter: withFallback((a) => backpropFilter(addon, a), original.backpropFilter, 'Conv2DBackpropFilter'),
  };
}
