/** A benchmark task: a named, seeded sampler with its true mutual information (bmi's `Task`, src/bmi/benchmark/task.py). */
import { makeRng } from '../data/rng.ts';
import type { MiSampler } from './samplers/types.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

/** n paired rows in float32, row-major: `x` is n × dimX, `y` is n × dimY. */
export interface MiSample {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  readonly dimX: number;
  readonly dimY: number;
}

export interface MiTask {
  /** bmi's task id, e.g. `spiral-multinormal-sparse-3-3-2-2.0`. */
  readonly id: string;
  /** bmi's task name, e.g. `Spiral @ Multinormal 3 × 3 (2-pair)`. */
  readonly name: string;
  readonly dimX: number;
  readonly dimY: number;
  /** The true I(X; Y) in nats: the base sampler's closed form. */
  readonly mutualInformation: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly sampler: MiSampler;
  /** n draws; the same (n, seed) gives the same rows, and tasks built on one base share its draws at a seed. */
  sample(n: number, seed: number): MiSample;
}

export function makeTask(o: { id: string; name: string; params: Record<string, unknown>; sampler: MiSampler }): MiTask {
  checkArgs('makeTask', { options: [Obj('options { id, name, params, sampler }'), o] });
  const { sampler } = o;
  return {
    id: o.id,
    name: o.name,
    dimX: sampler.dimX,
    dimY: sampler.dimY,
    mutualInformation: sampler.mutualInformation(),
    params: o.params,
    sampler,
    sample: (n, seed) => {
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
      const d = sampler.draw(n, makeRng(`mi-benchmark:${seed}`));
      return { x: Float32Array.from(d.x), y: Float32Array.from(d.y), n, dimX: sampler.dimX, dimY: sampler.dimY };
    },
  };
}

/** A float as Python prints it (`2.0`, `0.1`), for bmi's ids and names. */
export const pyFloat = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));
