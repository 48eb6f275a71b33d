/**
 * Identity and same-dtype Cast without a copy. The stock wasm kernels copy the whole tensor; tfjs-core only needs a
 * new reference to the same data (tensors are immutable), which is what the cpu backend and the wasm Reshape kernel
 * already do: bump the data's reference count and return its dataId.
 */
import type { KernelFunc, TensorInfo } from '../tf.ts';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Args = { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { dtype?: string } };

function share({ inputs: { x }, backend }: Args): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Identity (and Cast to the same dtype) as a shared reference; strings and real casts go to `original`. */
export function zeroCopyKernels(original: { identity?: KernelFunc; cast?: KernelFunc }) {
  const make =
    (isNoOp: (a: Args) => boolean, fallback: KernelFunc | undefined, name: string): KernelFunc =>
    (args) => {
      const a = args as unknown as Args;
      if (a.inputs.x.dtype !== 'string' && isNoOp(a)) return share(a);
      if (!fallback) throw new Error(`${name}: no wasm kernel to fall back to`);
      return fallback(args);
    };
  return {
    identity: make(() => true, original.identity, 'Identity'),
    cast: make((a) => a.attrs.dtype === a.inputs.x.dtype, original.cast, 'Cast'),
  };
}
