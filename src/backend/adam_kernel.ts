/**
 * The fused Adam update as one native kernel per variable (`ADAM_KERNEL`, used by src/train/adam.ts): inputs param,
 * grad, m, v and the running powers accBeta1/2, outputs the new param, m and v — in one vectorised pass what tfjs-core's
 * AdamOptimizer computes with ≈ 14 kernels (and 7 scalar uploads) per variable, op by op in float32, so the updates
 * are bit-identical. Registered with the other native kernels; without the addon tfjs-core's update runs (a JavaScript
 * loop was slower than its 14 SIMD passes: scalar divisions and square roots).
 */
import { util } from '../tf.ts';
import type { KernelFunc, TensorInfo } from '../tf.ts';
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

export const adamKernel =
  (addon: NativeAddon): KernelFunc =>
  (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs;
    const { param, grad, m, v, accBeta1, accBeta2 } = inputs;
    const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamAttrs;
    const out = [0, 1, 2].map(() => allocate(backend, param!.shape).out);
    const at = (t: TensorInfo | undefined) => offsetOf(backend, t!);
    const [p2, m2, v2] = out.map(at);
    const n = util.sizeFromShape(param!.shape);
    addon.adam(
      heapOf(backend),
      at(param),
      at(grad),
      at(m),
      at(v),
      at(accBeta1),
      at(accBeta2),
      n,
      p2,
      m2,
      v2,
      beta1,
      beta2,
      epsilon,
      learningRate,
    );
    return out;
  };
