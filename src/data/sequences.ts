/**
 * Noisy sine waves, the sequence data of the VRNN (lecture notes §1.4): x_t = a·sin(ω·t + φ) + noise·ε_t for t =
 * 1..steps,
 * with amplitude a ~ U[0.5, 1.5], angular frequency ω ~ U[0.3, 0.9] rad per step and phase φ ~ U[0, 2π) drawn per
 * sequence.
 */
import { makeRng } from './rng.ts';
import { DataError, type Dataset } from './types.ts';
import { checkArgs, Num, Obj } from '../api/arguments.ts';

export interface SequenceOptions {
  readonly n: number;
  readonly steps: number;
  /** Standard deviation of the Gaussian noise added at every step. */
  readonly noise: number;
}

/** `n` sequences of `steps` values, one row each (time-major, one value per step). */
export function sineSequences(o: SequenceOptions, seed: number): Dataset {
  checkArgs('sineSequences', { options: [Obj('sequence options { n, steps, … }'), o], seed: [Num, seed] });
  if (!Number.isInteger(o.n) || o.n < 1) throw new DataError('data.n', `expected a positive integer, got ${o.n}`);
  if (!Number.isInteger(o.steps) || o.steps < 2)
    throw new DataError('data.steps', `expected an integer ≥ 2, got ${o.steps}`);
  if (!(o.noise >= 0)) throw new DataError('data.noise', `expected a non-negative number, got ${o.noise}`);
  const rng = makeRng(`${seed}:sines`);
  const x = new Float32Array(o.n * o.steps);
  for (let i = 0; i < o.n; i++) {
    const amplitude = 0.5 + rng.uniform();
    const omega = 0.3 + 0.6 * rng.uniform();
    const phase = 2 * Math.PI * rng.uniform();
    for (let t = 0; t < o.steps; t++)
      x[i * o.steps + t] = amplitude * Math.sin(omega * (t + 1) + phase) + o.noise * rng.normal();
  }
  return { name: 'sines', x, n: o.n, dim: o.steps, steps: o.steps };
}

/** Sine sequences split into training and validation sets by the fractions `split` (default 0.8/0.2). */
export function loadSequences(
  o: SequenceOptions & { split?: readonly [number, number] },
  seed: number,
): { train: Dataset; val: Dataset } {
  checkArgs('loadSequences', { options: [Obj('sequence options { n, steps, … }'), o], seed: [Num, seed] });
  const split = o.split ?? [0.8, 0.2];
  const nTrain = Math.round(split[0] * o.n);
  if (Math.abs(split[0] + split[1] - 1) > 1e-6 || nTrain < 1 || nTrain >= o.n)
    throw new DataError(
      'data.split',
      `expected two fractions summing to 1 that leave both sets non-empty, got [${split.join(', ')}] of n = ${o.n}`,
    );
  const all = sineSequences(o, seed);
  const part = (name: string, from: number, to: number): Dataset => ({
    ...all,
    name,
    x: all.x.slice(from * o.steps, to * o.steps),
    n: to - from,
  });
  return { train: part('sines train', 0, nTrain), val: part('sines validation', nTrain, o.n) };
}
