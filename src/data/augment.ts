/**
 * Augmented views of a variable (IIC's transformed x' = g(x), Ji et al. 2019 §3.1): per row, a random shift of an image
 * by up to `shift` pixels (zero fill), then random masking (each value zeroed with probability `mask`), then Gaussian
 * noise of standard deviation `noise`. Drawn on the CPU from a seed, so one step's view is the same on resume.
 */
import { makeRng } from './rng.ts';

export interface Augmentation {
  /** The view's variable, e.g. X'. */
  readonly name: string;
  /** The variable it is a view of, e.g. X. */
  readonly of: string;
  readonly noise?: number;
  /** Largest shift in pixels along each image axis (images only). */
  readonly shift?: number;
  /** Probability that a value is masked (set to 0). */
  readonly mask?: number;
}

/** Shift one HWC image by (dy, dx) pixels into `out`, filling uncovered pixels with 0. */
function shiftImage(src: Float32Array, out: Float32Array, [h, w, c]: readonly number[], dy: number, dx: number): void {
  out.fill(0);
  for (let y = 0; y < h; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= h) continue;
    for (let x = 0; x < w; x++) {
      const sx = x - dx;
      if (sx < 0 || sx >= w) continue;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = src[(sy * w + sx) * c + k];
    }
  }
}

/**
 * The view of `rows` row-major samples of `dim` values: a new array, the input untouched. `seed` fixes every draw;
 * `image` ([H, W, C]) is required for shifts.
 */
export function augmentRows(
  x: Float32Array,
  dim: number,
  aug: Augmentation,
  seed: number | string,
  image?: readonly [number, number, number],
): Float32Array {
  const rng = makeRng(`${seed}:view:${aug.name}`);
  const out = new Float32Array(x.length);
  const rows = x.length / dim;
  const shift = aug.shift ?? 0;
  if (shift > 0 && (!image || image[0] * image[1] * image[2] !== dim))
    throw new Error(`view ${aug.name}: a shift needs image data (${aug.of} has no image shape)`);
  for (let r = 0; r < rows; r++) {
    const src = x.subarray(r * dim, (r + 1) * dim);
    const dst = out.subarray(r * dim, (r + 1) * dim);
    if (shift > 0 && image) {
      const [dy, dx] = [rng.int(2 * shift + 1) - shift, rng.int(2 * shift + 1) - shift];
      shiftImage(src, dst, image, dy, dx);
    } else dst.set(src);
    for (let i = 0; i < dim; i++) {
      if (aug.mask && rng.uniform() < aug.mask) dst[i] = 0;
      if (aug.noise) dst[i] += aug.noise * rng.normal();
    }
  }
  return out;
}
