/** Zero-copy access to wasm-backend tensors: each one lives at a byte offset in the module's linear memory. */
import type { TensorInfo } from '@tensorflow/tfjs';
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
