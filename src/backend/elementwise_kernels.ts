/**
 * Add, Sub, Multiply, RealDiv, Relu, Step (the ReLU gradient), FusedBatchNorm and Tile for the wasm backend in the
 * native addon, for the shapes that dominate a training step: equal shapes, and a bias or scalar broadcast along the
 * leading axes. Other shapes, other dtypes and small tensors (where dispatch dominates) go to the stock kernels.
 */
import { broadcast_util, util } from '../tf.ts';
import type { KernelFunc, TensorInfo } from '../tf.ts';
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

/** Op codes of native/src/elementwise.h. */
const OPS = { add: 0, multiply: 1, sub: 2, div: 3 } as const;

function binary(addon: NativeAddon, op: number, { inputs: { a, b }, backend }: KernelArgs): TensorInfo | null {
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const shape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const n = util.sizeFromShape(shape);
  if (n < MIN_SIZE) return null;
  const sa = util.sizeFromShape(a.shape),
    sb = util.sizeFromShape(b.shape);
  // The full-size operand goes first; `reversed` restores the order for Sub and RealDiv.
  const reversed = sa !== n;
  const [big, small] = reversed ? [b, a] : [a, b];
  if (util.sizeFromShape(big.shape) !== n || !repeatsAlongLeadingAxes(small.shape, shape)) return null;
  const { out, offset } = allocate(backend, shape);
  addon.binary(
    heapOf(backend),
    op,
    offsetOf(backend, big),
    offsetOf(backend, small),
    n,
    Math.min(sa, sb),
    offset,
    reversed ? 1 : 0,
  );
  return out;
}

/** x normalised per channel (the last axis), with mean, variance, offset and scale of one value per channel. */
function batchNorm(
  addon: NativeAddon,
  { inputs: { x, mean, variance, offset, scale }, backend, attrs }: KernelArgs,
): TensorInfo | null {
  if (!x || !mean || !variance || x.dtype !== 'float32' || x.shape.length === 0) return null;
  const n = util.sizeFromShape(x.shape),
    channels = x.shape[x.shape.length - 1];
  const params = [mean, variance, offset, scale].filter((t): t is TensorInfo => t !== undefined && t !== null);
  if (n === 0 || params.some((t) => t.dtype !== 'float32' || util.sizeFromShape(t.shape) !== channels)) return null;
  const { out, offset: at } = allocate(backend, x.shape);
  const off = (t: TensorInfo | undefined) => (t ? offsetOf(backend, t) : -1);
  addon.batchNorm(
    heapOf(backend),
    offsetOf(backend, x),
    n,
    channels,
    off(mean),
    off(variance),
    off(offset ?? undefined),
    off(scale ?? undefined),
    Number(attrs.varianceEpsilon ?? 0.001),
    at,
  );
  return out;
}

/** Tile of 4-byte elements (float32, int32). */
function tile(addon: NativeAddon, { inputs: { x }, backend, attrs }: KernelArgs): TensorInfo | null {
  if (!x || (x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0) return null;
  const reps = attrs.reps as number[];
  const shape = x.shape.map((d, i) => d * reps[i]);
  if (util.sizeFromShape(shape) === 0) return null;
  const out = backend.makeOutput(shape, x.dtype);
  addon.tile(
    heapOf(backend),
    offsetOf(backend, x),
    Int32Array.from(x.shape),
    Int32Array.from(reps),
    offsetOf(backend, out),
  );
  return out;
}

function unary(addon: NativeAddon, op: number, { inputs: { x }, backend, attrs }: KernelArgs): TensorInfo | null {
  if (x?.dtype !== 'float32') return null;
  const n = util.sizeFromShape(x.shape);
  if (n < MIN_SIZE) return null;
  const { out, offset } = allocate(backend, x.shape);
  addon.unary(heapOf(backend), op, offsetOf(backend, x), n, Number(attrs?.alpha ?? 0), offset);
  return out;
}

/** Kernel functions that use the addon and defer to `original` for the cases it does not cover. */
type Name = 'add' | 'sub' | 'multiply' | 'div' | 'relu' | 'step' | 'softplus' | 'batchNorm' | 'tile';
export function elementwiseKernels(addon: NativeAddon, original: Partial<Record<Name, KernelFunc>>) {
  return {
    add: withFallback((a) => binary(addon, OPS.add, a), original.add, 'Add'),
    sub: withFallback((a) => binary(addon, OPS.sub, a), original.sub, 'Sub'),
    multiply: withFallback((a) => binary(addon, OPS.multiply, a), original.multiply, 'Multiply'),
    div: withFallback((a) => binary(addon, OPS.div, a), original.div, 'RealDiv'),
    batchNorm: withFallback((a) => batchNorm(addon, a), original.batchNorm, 'FusedBatchNorm'),
    tile: withFallback((a) => tile(addon, a), original.tile, 'Tile'),
    relu: withFallback((a) => unary(addon, 0, a), original.relu, 'Relu'),
    step: withFallback((a) => unary(addon, 1, a), original.step, 'Step'),
    softplus: withFallback((a) => unary(addon, 2, a), original.softplus, 'Softplus'),
  };
}
