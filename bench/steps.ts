/**
 * One process's share of `npm run bench`: library training steps on wasm with the native kernels of the build that
 * INFOBJ_NATIVE_ISA selects (`native`), on plain wasm (`plain`: the library's no-addon path, transpose-free matMul),
 * or on stock tfjs-wasm kernels (`stock`). One JSON line per step.
 *   npx tsx bench/steps.ts native|plain|stock mlp-mim [cnn-dms] [vae]
 */
import { nativeStatus } from '../src/backend/index.ts';
import { benchLibraryStep, type LibraryStep } from './library.ts';

const [mode, ...steps] = process.argv.slice(2);
for (const step of steps as LibraryStep[]) {
  const t = await benchLibraryStep(step, { backend: 'wasm', native: mode === 'native', stock: mode === 'stock' });
  const st = nativeStatus();
  console.log(JSON.stringify({ step, mode, isa: st.native ? st.isa : null, ...t }));
}
