/** What a benchmark sampler is: a joint distribution of (X, Y) with a closed-form I(X; Y) that draws paired rows. */
import type { Rng } from '../../data/rng.ts';

/** n paired draws in float64, row-major: `x` is n × dimX, `y` is n × dimY. */
export interface MiDraw {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
}

export interface MiSampler {
  readonly dimX: number;
  readonly dimY: number;
  /** The true I(X; Y), in nats. */
  mutualInformation(): number;
  /** n independent draws of (X, Y), all randomness from `rng`. */
  draw(n: number, rng: Rng): MiDraw;
}
