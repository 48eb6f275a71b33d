/** PNG grids of images: the bytes decode to the grid's size, with each image scaled to its own range or the given one. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGridPng } from '../../src/report/index.ts';

describe('imageGridPng', () => {
  it('lays out n images of h × w in cols columns with 1-pixel borders and scales grey values', () => {
    // three 2 × 2 images; the second is constant, the third spans 0..1
    const pixels = Float32Array.from([0, 1, 2, 3, 5, 5, 5, 5, 0, 0.5, 1, 1]);
    const png = PNG.sync.read(Buffer.from(imageGridPng(pixels, 3, 2, 2, 2)));
    expect([png.width, png.height]).toEqual([2 * 3 + 1, 2 * 3 + 1]);
    const grey = (row: number, col: number) => png.data[(row * png.width + col) * 4];
    expect([grey(1, 1), grey(1, 2), grey(2, 1), grey(2, 2)]).toEqual([0, 85, 170, 255]); // own range 0..3
    expect(grey(1, 4)).toBe(0); // a constant image has no range: black
    expect([grey(4, 1), grey(4, 2)]).toEqual([0, 128]);
    expect(grey(0, 0)).toBe(255); // border
    const fixed = PNG.sync.read(Buffer.from(imageGridPng(pixels, 1, 2, 2, 1, [0, 6])));
    expect(fixed.data[(1 * fixed.width + 2) * 4]).toBe(Math.round(255 / 6));
  });
});
