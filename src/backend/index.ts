/**
 * Backend selection. wasm (SIMD) is the default; `cpu` is the pure-JS reference.
 * Every entry point calls `useBackend` once; the chosen name is reported in output and report.json.
 * On wasm, the heavy kernels run in the native addon when it is built (see native.ts and docs/performance.md);
 * set INFOBJ_NATIVE=0 or pass `{ native: false }` for the plain wasm kernels.
 */
import * as tf from '../tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { ensureWasmConvFilterKernel, installNativeKernels, uninstallNativeKernels } from './native.ts';
import { installTransposeFreeMatMul } from './transpose_free_matmul.ts';
import type { NativeStatus } from './native.ts';
import { BackendOptions, checkArgs, oneOf, optional } from '../api/arguments.ts';

export type BackendName = 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
export type { NativeStatus };
export { installNativeKernels, uninstallNativeKernels };

export const isBackendName = (s: string): s is BackendName => (BACKENDS as readonly string[]).includes(s);

let status: NativeStatus = { native: false, reason: 'backend not initialised', kernels: [] };

/**
 * Switch tfjs to `name` and wait until it is ready; returns the name tfjs reports. On wasm without native kernels,
 * matMul's transpose flags are made explicit transposes (the library's plain wasm path) unless `stock` is set.
 */
export async function useBackend(
  name: BackendName = 'wasm',
  o: { native?: boolean; stock?: boolean } = {},
): Promise<string> {
  checkArgs('useBackend', { backend: [optional(oneOf(BACKENDS)), name], options: [optional(BackendOptions), o] });
  const { native = true, stock = false } = o;
  if (name === 'wasm') {
    ensureWasmConvFilterKernel();
    if (native) status = installNativeKernels();
    else {
      uninstallNativeKernels();
      if (!stock) installTransposeFreeMatMul();
      status = { native: false, reason: 'disabled by the caller', kernels: [] };
    }
  }
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`backend ${name} could not be initialised`);
  }
  await tf.ready();
  return tf.getBackend();
}

/** Whether the last `useBackend('wasm')` got the native kernels, and if not, why. */
export const nativeStatus = (): NativeStatus => status;
