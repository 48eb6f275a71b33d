/**
 * Backend selection. wasm (SIMD) is the default; `cpu` is the pure-JS reference.
 * Every entry point calls `useBackend` once; the chosen name is reported in output and report.json.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

export const isBackendName = (s: string): s is BackendName => (BACKENDS as readonly string[]).includes(s);

/** Switch tfjs to `name` and wait until it is ready; returns the name tfjs reports. */
export async function useBackend(name: BackendName = 'wasm'): Promise<string> {
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`backend ${name} could not be initialised`);
  }
  await tf.ready();
  return tf.getBackend();
}
