/**
 * The fused Adam update as one wasm kernel per variable (`ADAM_KERNEL`, used by src/train/adam.ts): inputs param,
 * grad, m, v and the running powers accBeta1/2, outputs the new param, m and v. It computes exactly what tfjs-core's
 * AdamOptimizer computes with ≈ 14 kernels (and 7 scalar uploads) per variable, op by op in float32, so the updates are
 * bit-identical: natively in one vectorised pass when the addon is built, else in one JavaScript loop over the wasm
 * heap (each operation rounded by Math.fround, which equals float32 arithmetic for + − × ÷ √).
 */
import * as tf from '@tensorflow/tfjs';
import { util } from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf } from './heap.ts';
import type { KernelArgs } from './heap.ts';

export const ADAM_KERNEL = 'InfobjAdam';

/** The kernel's attributes: tfjs AdamOptimizer's hyperparameters. */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

function outputs({ inputs: { param }, backend }: KernelArgs): TensorInfo[] {
  return [0, 1, 2].map(() => allocate(backend, param!.shape).out);
}

/** The JavaScript version (plain wasm, no addon). */
const adamJs: KernelFunc = (args) => {
  const a = args as unknown as KernelArgs;
  const { param, grad, m, v, accBeta1, accBeta2 } = a.inputs;
  const { beta1, beta2, epsilon, learningRate } = a.attrs as unknown as AdamAttrs;
  const out = outputs(a);
  const heap = new Float32Array(heapOf(a.backend)); // after the allocations, which may grow the heap
  const at = (t: TensorInfo | undefined) => offsetOf(a.backend, t!) / 4;
  const f = Math.fround;
  const [b1, cb1, b2, cb2, eps, step] = [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, -learningRate].map(f);
  const c1 = f(1 - heap[at(accBeta1)]),
    c2 = f(1 - heap[at(accBeta2)]);
  const [p0, g0, m0, v0] = [param, grad, m, v].map(at);
  const [q0, n0, w0] = out.map(at);
  for (let i = 0, n = util.sizeFromShape(param!.shape); i < n; i++) {
    const g = heap[g0 + i];
    const mi = f(f(heap[m0 + i] * b1) + f(g * cb1));
    const vi = f(f(heap[v0 + i] * b2) + f(f(g * g) * cb2));
    heap[n0 + i] = mi;
    heap[w0 + i] = vi;
    heap[q0 + i] = f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * step) + heap[p0 + i];
  }
  return out;
};

/** The native version (one vectorised pass, threads for large variables). */
const adamNative =
  (addon: NativeAddon): KernelFunc =>
  (args) => {
    const a = args as unknown as KernelArgs;
    const { param, grad, m, v, accBeta1, accBeta2 } = a.inputs;
    const { beta1, beta2, epsilon, learningRate } = a.attrs as unknown as AdamAttrs;
    const out = outputs(a);
    const at = (t: TensorInfo | undefined) => offsetOf(a.backend, t!);
    const n = util.sizeFromShape(param!.shape);
    addon.adam(
      heapOf(a.backend),
      ...([param, grad, m, v, accBeta1, accBeta2].map(at) as Six),
      n,
      ...(out.map(at) as [number, number, number]),
      beta1,
      beta2,
      epsilon,
      learningRate,
    );
    return out;
  };
type Six = [number, number, number, number, number, number];

/** The kernel for the wasm backend: native when `addon` is given, else JavaScript. */
export const adamKernel = (addon?: NativeAddon): KernelFunc => (addon ? adamNative(addon) : adamJs);

/** Registers the JavaScript version for 'wasm' if no version is registered (installNativeKernels swaps in the native one). */
export function ensureWasmAdamKernel(): void {
  if (!tf.getKernel(ADAM_KERNEL, 'wasm'))
    tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamJs });
}
