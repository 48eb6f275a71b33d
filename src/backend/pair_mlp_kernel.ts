/**
 * The fused pair critic (native/src/pair_mlp.cc) as two kernels, used by src/estimate/networks.ts: `PAIR_MLP_KERNEL`
 * takes a = x W_x + b₁ and c = y W_y ([B, h₀]) and the later layers W₁, b₁, …, W_L, b_L, and returns T on the B·K pairs
 * of the batch, positive first, one matrix per output ([w_L, B, K]) — the [B, B, h₀] hidden activations of the composed ops are never stored;
 * `PAIR_MLP_GRAD_KERNEL` returns the gradients of every input. Registered with the other native kernels; without the
 * addon networks.ts composes the same network from tfjs ops.
 */
import type { KernelFunc, TensorInfo } from '../tf.ts';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf } from './heap.ts';
import type { KernelArgs } from './heap.ts';

export const PAIR_MLP_KERNEL = 'InfobjPairMlp';
export const PAIR_MLP_GRAD_KERNEL = 'InfobjPairMlpGrad';

/** The kernels' attribute: K, the pairs per row (y_i, …, y_{i+K−1}); inputs a, c, w0, b0, w1, b1, … (and dy). */
export interface PairMlpAttrs {
  pairs: number;
}

/** The later layers' inputs in order, w0, b0, w1, b1, …, as the op names them. */
export const layerInputs = (count: number): string[] =>
  Array.from({ length: count }, (_, l) => [`w${l}`, `b${l}`]).flat();

function network(args: KernelArgs) {
  const { inputs, backend, attrs } = args;
  const { pairs } = attrs as unknown as PairMlpAttrs;
  const a = inputs.a!;
  const c = inputs.c!;
  const names = Object.keys(inputs).filter((k) => /^[wb]\d+$/.test(k));
  const layers = layerInputs(names.length / 2).map((k) => inputs[k]!);
  const weights = layers.filter((_, i) => i % 2 === 0);
  const widths = Int32Array.from([a.shape[1], ...weights.map((w) => w.shape[1])]);
  const at = (t: TensorInfo) => offsetOf(backend, t);
  return { backend, a, c, pairs, B: a.shape[0], widths, layers, at };
}

export const pairMlpKernel =
  (addon: NativeAddon): KernelFunc =>
  (args) => {
    const { backend, a, c, pairs, B, widths, layers, at } = network(args as unknown as KernelArgs);
    const { out, offset } = allocate(backend, [widths[widths.length - 1], B, pairs]);
    addon.pairMlp(heapOf(backend), at(a), at(c), B, pairs, widths, Int32Array.from(layers.map(at)), offset);
    return out;
  };

export const pairMlpGradKernel =
  (addon: NativeAddon): KernelFunc =>
  (args) => {
    const net = network(args as unknown as KernelArgs);
    const { backend, a, c, pairs, B, widths, layers, at } = net;
    const dy = (args as unknown as KernelArgs).inputs.dy!;
    const grads = [a, c, ...layers].map((t) => allocate(backend, t.shape).out);
    addon.pairMlpGrad(
      heapOf(backend),
      at(a),
      at(c),
      B,
      pairs,
      widths,
      Int32Array.from(layers.map(at)),
      at(dy),
      at(grads[0]),
      at(grads[1]),
      Int32Array.from(grads.slice(2).map(at)),
    );
    return grads;
  };
