/**
 * Add, Multiply, Relu and Step (the ReLU gradient) for the wasm backend in the native addon, for the shapes that
 * dominate a training step: equal shapes, and a bias or scalar broadcast along the leading axes. Other shapes,
 * other dtypes and small tensors (where dispatch dominates) go to the stock kernels.
 */
import { broadcast_util, util } from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.ts';
import { allocate, heapOf, offsetOf, withFallback } from './heap.ts';
import type { KernelArgs } from './heap.ts';


const MIN_SIZE = 4096;

/** True when `small` broadcast to `shape` only repeats along leading axes (so element i pairs with i mod size). */
function repeatsAlongLeadingAxes(small: number[], shape: number[]): boolean {
  const padded = [...Array(shape.length - small.length).fill(1), ...small];
  const first = padded.findIndex((d) => d !== 1);
  return first === -1 || padded.slice(first).every((d, i) => d === shape[first + i]);
}

function binary(addon: NativeAddon, op: number, { inputs: { a, b }, backend }: KernelArgs): TensorInfo | null {
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const shape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const n = util.sizeFromShape(shape);
  if (n < MIN_SIZE) return null;
  const sa = util.sizeFromShape(a.shape), sb = util.sizeFromShape(b.shape);
  // Add and Multiply commute, so the full-size operand goes first.
  const [big, small] = sa === n ? [a, b] : [b, a];
  if (util.sizeFromShape(big.shape) !== n || !repeatsAlongLeadingAxes(small.shape, shape)) return null;
  const { out, offset } = allocate(backend, shape);
  addon.binary(heapOf(backend), op, offsetOf(backend, big), offsetOf(backend, small), n, Math.min(sa, sb), offset);
  return out;
}

function unary(addon: NativeAddon, op: number, { inputs: { x }, backend, attrs }: KernelArgs): TensorInfo | null {
  if (!x || x.dtype !== 'float32') return null;
  const n = util.sizeFromShape(x.shape);
  if (n < MIN_SIZE) return null;
  const { out, offset } = allocate(backend, x.shape);
  addon.unary(heapOf(backend), op, offsetOf(backend, x), n, Number(attrs?.alpha ?? 0), offset);
  return out;
}

/** Kernel functions that use the addon and defer to `original` for the cases it does not cover. */
export function elementwiseKernels(addon: NativeAddon, original: Partial<Record<'add' | 'multiply' | 'relu' | 'step', KernelFunc>>) {
  return {
    add: withFallback((a) => binary(addon, 0, a), original.add, 'Add'),
    multiply: withFallback((a) => binary(addon, 1, a), original.multiply, 'Multiply'),
    relu: withFallback((a) => unary(addon, 0, a), original.relu, 'Relu'),
    step: withFallback((a) => unary(addon, 1, a), original.step, 'Step'),
  };
}
