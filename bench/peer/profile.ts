/**
 * Per-kernel time of one training step (tf.profile; the wasm backend times each kernel synchronously).
 * Run: `npx tsx bench/peer/profile.ts mlp|cnn|cnn-bn [plain|native]`.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/backend/index.ts';
import { cnnStep, mlpStep } from './steps.ts';

/** Kernel name → total ms, calls and distinct input shapes, over one step after two warm-up steps. */
export async function profileStep(which: 'mlp' | 'cnn' | 'cnn-bn', native: boolean) {
  await useBackend('wasm', { native });
  const step = which === 'mlp' ? mlpStep() : cnnStep(500, { batchNorm: which === 'cnn-bn' });
  await step.run();
  await step.run();
  const t0 = performance.now();
  const info = await tf.profile(() => step.run());
  const wall = performance.now() - t0;
  step.dispose();
  const rows = new Map<string, { ms: number; calls: number; shapes: Set<string> }>();
  for (const k of info.kernels) {
    const r = rows.get(k.name) ?? { ms: 0, calls: 0, shapes: new Set<string>() };
    r.ms += k.kernelTimeMs as number;
    r.calls++;
    r.shapes.add(k.inputShapes.map((s) => `[${s}]`).join('×'));
    rows.set(k.name, r);
  }
  return { wall, rows: [...rows].sort((a, b) => b[1].ms - a[1].ms) };
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const which = process.argv[2] === 'cnn' || process.argv[2] === 'cnn-bn' ? process.argv[2] : 'mlp';
  const { wall, rows } = await profileStep(which, process.argv[3] !== 'plain');
  const total = rows.reduce((s, [, r]) => s + r.ms, 0);
  console.log(`${which} step: ${wall.toFixed(1)} ms wall (profiled), ${total.toFixed(1)} ms in kernels`);
  console.log('| kernel | ms | share | calls | input shapes (first 3) |\n| --- | ---: | ---: | ---: | --- |');
  for (const [name, r] of rows)
    console.log(
      `| ${name} | ${r.ms.toFixed(2)} | ${((100 * r.ms) / total).toFixed(1)}% | ${r.calls} | ${[...r.shapes].slice(0, 3).join(' ')} |`,
    );
}
