/** How image pixels stored in [0, 1] reach the networks. */
import type { Dataset } from './types.ts';

/**
 * `unit`: as stored, in [0, 1]; `signed`: 2x − 1, in [−1, 1] (the VIB authors' MNIST demo); `standardised`: each
 * pixel to zero mean and unit variance over the training images (Neural Bayes App. B and C: "normalized to have
 * dimension-wise 0 mean and unit variance"), the same shift and scale applied to validation and test images; a pixel
 * constant over the training images becomes 0.
 */
export const PIXEL_SCALES = ['unit', 'signed', 'standardised'] as const;
export type PixelScale = (typeof PIXEL_SCALES)[number];

/** A split's parts, each scaled by the training part's statistics (new arrays; the loaded digits stay as they are). */
export function scalePixels<P extends Readonly<Record<string, Dataset | undefined>> & { readonly train: Dataset }>(
  parts: P,
  scale: PixelScale,
): P {
  if (scale === 'unit') return parts;
  const { shift, factor } = scale === 'signed' ? signed(parts.train.dim) : standardising(parts.train);
  const apply = (ds: Dataset): Dataset => {
    const x = new Float32Array(ds.x.length);
    for (let i = 0; i < x.length; i++) {
      const j = i % ds.dim;
      x[i] = (ds.x[i] - shift[j]) * factor[j];
    }
    return { ...ds, x };
  };
  return Object.fromEntries(Object.entries(parts).map(([k, ds]) => [k, ds && apply(ds)])) as P;
}

/** x ↦ 2x − 1 as (x − ½)·2. */
const signed = (dim: number) => ({ shift: new Float64Array(dim).fill(0.5), factor: new Float64Array(dim).fill(2) });

/** Each column's mean and 1/sd over the training rows (factor 1 where the sd is 0: the column becomes 0). */
function standardising(ds: Dataset): { shift: Float64Array; factor: Float64Array } {
  const { n, dim, x } = ds;
  const shift = new Float64Array(dim);
  const square = new Float64Array(dim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dim; j++) {
      const v = x[i * dim + j];
      shift[j] += v;
      square[j] += v * v;
    }
  const factor = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    shift[j] /= n;
    const sd = Math.sqrt(Math.max(0, square[j] / n - shift[j] ** 2));
    factor[j] = sd > 1e-6 ? 1 / sd : 1;
  }
  return { shift, factor };
}
