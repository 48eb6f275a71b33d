/**
 * Conv2DBackpropFilter for the plain wasm backend, which ships none (so without it conv nets cannot train on wasm).
 * It is a convolution itself: dW[kh,kw,ic,oc] = Σ_{n,oh,ow} x[n, oh·s+kh−top, ow·s+kw−left, ic] · dy[n,oh,ow,oc],
 * i.e. conv2d of x viewed as [IC, H, W, N] with dy viewed as an [OH, OW, N, OC] filter dilated by the stride —
 * run on the backend's own Transpose, Conv2D and Slice kernels.
 */
import * as tf from '../tf.ts';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '../tf.ts';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2DInfo } from './conv_kernels.ts';

type KernelArgs = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: NamedAttrMap };

const conv2DBackpropFilterComposite: KernelFunc = (args) => {
  const {
    inputs: { x, dy },
    backend,
    attrs,
  } = args as unknown as KernelArgs;
  const info = conv2DInfo(x.shape, attrs.filterShape as number[], attrs);
  if (info.dataFormat !== 'channelsLast')
    throw new Error('Conv2DBackpropFilter on wasm supports NHWC (channelsLast) only');
  const run = (name: string, ins: Record<string, TensorInfo>, at: NamedAttrMap): TensorInfo =>
    tf.getKernel(name, 'wasm')!.kernelFunc({ inputs: ins, backend, attrs: at }) as TensorInfo;
  const { top, bottom, left, right } = info.padInfo;
  const xt = run('Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyt = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const full = run('Conv2D', { x: xt, filter: dyt }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
    dimRoundingMode: 'floor',
  } as unknown as NamedAttrMap);
  const { filterHeight: fh, filterWidth: fw, inChannels: ic, outChannels: oc } = info;
  const exact = full.shape[1] === fh && full.shape[2] === fw;
  const cropped = exact ? full : run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [ic, fh, fw, oc] });
  const out = run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
  for (const t of exact ? [xt, dyt, full] : [xt, dyt, full, cropped]) backend.disposeData(t.dataId);
  return out;
};

/** The kernel config; registered only when the wasm backend has no Conv2DBackpropFilter of its own. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterComposite,
};
