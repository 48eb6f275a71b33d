/** Grids of images (digits, reconstructions, samples, filters) as PNG, with pngjs. */
import { PNG } from 'pngjs';
import { ByteArray, checkArgs, NonNegativeInt, Numbers, optional, PositiveInt } from '../api/arguments.ts';

/**
 * `n` grey images of h × w (row-major, one after another in `pixels`) as the bytes of a PNG grid with `cols` columns and
 * a 1-pixel border. Each image is scaled to 0..255 by its own range unless `range` is given.
 */
export function imageGridPng(
  pixels: Float32Array,
  n: number,
  h: number,
  w: number,
  cols: number,
  range?: [number, number],
): Uint8Array {
  checkArgs('imageGridPng', {
    pixels: [ByteArray, pixels],
    n: [NonNegativeInt, n],
    h: [PositiveInt, h],
    w: [PositiveInt, w],
    cols: [PositiveInt, cols],
    range: [optional(Numbers), range],
  });
  const rows = Math.ceil(n / cols);
  const png = new PNG({ width: cols * (w + 1) + 1, height: rows * (h + 1) + 1 });
  png.data.fill(255);
  for (let k = 0; k < n; k++) {
    const img = pixels.subarray(k * h * w, (k + 1) * h * w);
    let [lo, hi] = range ?? [Infinity, -Infinity];
    if (!range)
      for (const v of img) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    const [r0, c0] = [Math.floor(k / cols) * (h + 1) + 1, (k % cols) * (w + 1) + 1];
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        const at = ((r0 + i) * png.width + c0 + j) * 4;
        const v = Math.round(Math.min(255, Math.max(0, (img[i * w + j] - lo) * scale)));
        png.data[at] = png.data[at + 1] = png.data[at + 2] = v;
        png.data[at + 3] = 255;
      }
  }
  return PNG.sync.write(png);
}
