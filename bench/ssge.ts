/** SSGE time per estimate: M = 500 samples of 512-D inputs randomly projected to 32 dims (issue 6 target: well under 50 ms). */
import * as tf from '@tensorflow/tfjs';
import '../src/index.ts';
import { loadAddon } from '../src/backend/addon.ts';
import { randomProjection, ssge } from '../src/estimators/ssge.ts';

export function benchSsge(M = 500, dim = 512, projectTo = 32, reps = 8): { bench: string; ms_per_estimate: number; M: number; dim: number; projectTo: number; eigensolver: string } {
  const x = tf.randomNormal([M, dim], 0, 1, 'float32', 1) as tf.Tensor2D;
  const R = randomProjection(dim, projectTo, 2);
  const times: number[] = [];
  for (let i = 0; i < reps + 2; i++) {
    const t0 = performance.now();
    const est = ssge(tf.matMul(x, R) as tf.Tensor2D);
    est.scores.dataSync();
    est.dispose();
    if (i >= 2) times.push(performance.now() - t0);
  }
  x.dispose();
  R.dispose();
  times.sort((a, b) => a - b);
  const load = loadAddon();
  return { bench: 'ssge_m500_rp512', ms_per_estimate: times[Math.floor(times.length / 2)], M, dim, projectTo, eigensolver: load.ok ? 'lapack (native addon) or ml-matrix fallback' : 'ml-matrix' };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchSsge()));
