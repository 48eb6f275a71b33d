/** Pixel scales of image data (`data.pixels`): as stored, 2x − 1, standardised by the training images' statistics. */
import { describe, expect, it } from 'vitest';
import { scalePixels } from '../../src/data/pixels.ts';
import type { Dataset } from '../../src/data/index.ts';

const ds = (rows: number[][]): Dataset => ({
  name: 'pixels',
  x: Float32Array.from(rows.flat()),
  n: rows.length,
  dim: rows[0].length,
});
const columns = (d: Dataset) =>
  Array.from({ length: d.dim }, (_, j) => Array.from({ length: d.n }, (_, i) => d.x[i * d.dim + j]));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

describe('scalePixels', () => {
  const train = ds([
    [0, 0.2, 1],
    [0, 0.6, 0],
    [0, 1, 0.5],
  ]);
  const test = ds([[0.5, 0.6, 1]]);

  it('standardises each pixel over the training images and applies the same shift and scale elsewhere', () => {
    const out = scalePixels({ train, test }, 'standardised');
    const [constant, ...varying] = columns(out.train);
    expect(constant).toEqual([0, 0, 0]);
    for (const c of varying) {
      expect(mean(c)).toBeCloseTo(0, 6);
      expect(sd(c)).toBeCloseTo(1, 5);
    }
    // the test image: (x − train mean) / train sd per pixel; the constant pixel only shifted
    const sd1 = sd([0.2, 0.6, 1]);
    expect(out.test.x[0]).toBeCloseTo(0.5, 6);
    expect(out.test.x[1]).toBeCloseTo((0.6 - 0.6) / sd1, 5);
    expect(out.test.x[2]).toBeCloseTo((1 - 0.5) / sd([1, 0, 0.5]), 5);
    expect(Array.from(train.x)).toEqual(Array.from(Float32Array.from([0, 0.2, 1, 0, 0.6, 0, 0, 1, 0.5]))); // untouched
  });

  it('maps [0, 1] to [−1, 1] with signed, and leaves unit as it is', () => {
    expect(Array.from(scalePixels({ train }, 'signed').train.x)).toEqual(
      Array.from(train.x).map((v) => Math.fround(2 * v - 1)),
    );
    expect(scalePixels({ train }, 'unit').train).toBe(train);
  });
});
