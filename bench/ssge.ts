/**
 * SSGE time per estimate: M = 500 samples of 512-D inputs randomly projected to 32 dims (issue 6 target: well under
 * 50 ms; issue 13: ≤ 20 ms without LAPACK). `eigensolver`: 'lapack', 'top' (the addon's leading-eigenpairs solver, no
 * LAPACK), 'ml-matrix', or 'auto'. Run alone: `npx tsx bench/ssge.ts [auto|lapack|top|ml-matrix]`.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../src/index.ts';
import { randomProjection, ssge, type Eigensolver } from '../src/estimators/ssge.ts';

export function benchSsge({
  M = 500,
  dim = 512,
  projectTo = 32,
  reps = 8,
  eigensolver = 'auto',
}: {
  M?: number;
  dim?: number;
  projectTo?: number;
  reps?: number;
  eigensolver?: Eigensolver | 'auto';
} = {}) {
  const x = tf.randomNormal([M, dim], 0, 1, 'float32', 1) as tf.Tensor2D;
  const R = randomProjection(dim, projectTo, 2);
  const times: number[] = [],
    cpuTimes: number[] = [];
  let used = '',
    J = 0;
  for (let i = 0; i < reps + 2; i++) {
    const t0 = performance.now(),
      cpu0 = process.cpuUsage();
    const input = tf.matMul(x, R) as tf.Tensor2D;
    const est = ssge(input, { eigensolver });
    est.scores.dataSync();
    input.dispose();
    used = est.eigensolver;
    J = est.numEigen;
    est.dispose();
    const cpu = process.cpuUsage(cpu0);
    if (i >= 2) {
      times.push(performance.now() - t0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
  }
  x.dispose();
  R.dispose();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return {
    bench: 'ssge_m500_rp512',
    ms_per_estimate: median(times),
    cpu_ms_per_estimate: median(cpuTimes), // all threads
    M,
    dim,
    projectTo,
    J,
    eigensolver: used,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await useBackend('wasm');
  console.log(JSON.stringify(benchSsge({ eigensolver: (process.argv[2] ?? 'auto') as Eigensolver | 'auto' })));
}
