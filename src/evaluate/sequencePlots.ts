/** What a VRNN run plots (`sequences.svg`): validation sequences with their reconstructions, and generated sequences. */
import * as tf from '../tf.ts';
import type { Dataset } from '../data/index.ts';
import type { Vrnn } from '../models/index.ts';
import type { SequencePoint } from '../report/index.ts';

const SHOWN = 4;

/** Rows [n, T·d] as points of `series`, panel `panel(i)`, one series per value of a step when d > 1. */
function toPoints(
  rows: Float32Array,
  n: number,
  steps: number,
  panel: (i: number) => string,
  series: string,
): SequencePoint[] {
  const d = rows.length / (n * steps);
  const points: SequencePoint[] = [];
  for (let i = 0; i < n; i++)
    for (let t = 0; t < steps; t++)
      for (let c = 0; c < d; c++)
        points.push({
          panel: panel(i),
          series: d > 1 ? `${series} ${c + 1}` : series,
          t: t + 1,
          value: rows[(i * steps + t) * d + c],
        });
  return points;
}

/**
 * The first validation sequences beside their reconstructions — the decoder's means along the posterior-mean path (ε =
 * 0) — and sequences of the generative model, z_t from the conditional prior p(z_t|h_{t−1}) and x_t ~ p(x_t|h_{t−1},
 * z_t).
 */
export function vrnnSequencePoints(v: Vrnn, val: Dataset, seed: number): SequencePoint[] {
  const T = v.options.steps;
  const n = Math.min(SHOWN, val.n);
  const data = val.x.slice(0, n * val.dim);
  const [reconstruction, generated] = tf.tidy(() => {
    const pass = v.run(tf.tensor2d(data, [n, val.dim]), tf.zeros([n, T * v.options.latentDim]));
    return [
      tf.split(pass.decoder, 2, 1)[0].dataSync() as Float32Array,
      v.generate(SHOWN, seed).dataSync() as Float32Array,
    ];
  });
  const validation = (i: number) => `validation ${i + 1}`;
  return [
    ...toPoints(data, n, T, validation, 'data'),
    ...toPoints(reconstruction, n, T, validation, 'reconstruction'),
    ...toPoints(generated, SHOWN, T, (i) => `generated ${i + 1}`, 'generated'),
  ];
}
