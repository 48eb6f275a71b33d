/** Zero-copy access to wasm-backend tensors: each one lives at a byte offset in the module's linear memory. */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '../tf.ts';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Byte offset of a tensor's data inside the wasm heap. */
export const offsetOf = (backend: BackendWasm, t: TensorInfo): number => backend.dataIdMap.get(t.dataId)!.memoryOffset;

/** The heap's current ArrayBuffer; read it after every allocation, since growing memory replaces it. */
export const heapOf = (backend: BackendWasm): ArrayBuffer =>
  (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;

/** Allocates a float32 output tensor on the wasm heap and returns it with its byte offset. */
export function allocate(backend: BackendWasm, shape: number[]): { out: TensorInfo; offset: number } {
  const out = backend.makeOutput(shape, 'float32');
  return { out, offset: offsetOf(backend, out) };
}

/** The arguments tfjs passes to a wasm kernel. */
export type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: BackendWasm; attrs: NamedAttrMap };

/** A kernel that runs `native` and hands the cases it declines (returns null for) to `fallback`, the kernel it replaces. */
export const withFallback =
  (native: (args: KernelArgs) => TensorInfo | null, fallback: KernelFunc | undefined, name: string): KernelFunc =>
  (args) => {
    const result = native(args as unknown as KernelArgs);
    if (result) return result;
    if (!fallback)
      throw new Error(`${name}: case not supported by the native kernel and no wasm kernel to fall back to`);
    return fallback(args);
  };
