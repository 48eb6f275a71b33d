/**
 * The push-forward of (X, Y) by f × g (bmi's `TransformedSampler`, src/bmi/samplers/_transformed.py). When f and g are
 * diffeomorphisms (or injective embeddings), I(f(X); g(Y)) = I(X; Y): the mutual information is the base sampler's.
 */
import type { MiTransform } from '../transforms/types.ts';
import type { MiDraw, MiSampler } from './types.ts';
import { checkArgs, Obj, optional } from '../../api/arguments.ts';

function mapRows(data: Float64Array, n: number, dim: number, t: MiTransform): Float64Array {
  const outDim = dim + t.addDim;
  const out = new Float64Array(n * outDim);
  for (let r = 0; r < n; r++) {
    const v = t.map(data.subarray(r * dim, (r + 1) * dim));
    if (v.length !== outDim) throw new RangeError(`a transform gave ${v.length} coordinates, expected ${outDim}`);
    out.set(v, r * outDim);
  }
  return out;
}

export function transformedSampler(base: MiSampler, f?: MiTransform, g?: MiTransform): MiSampler {
  checkArgs('transformedSampler', {
    base: [Obj('an MiSampler'), base],
    f: [optional(Obj('an MiTransform')), f],
    g: [optional(Obj('an MiTransform')), g],
  });
  const transform = (d: MiDraw): MiDraw => ({
    x: f ? mapRows(d.x, d.n, base.dimX, f) : d.x,
    y: g ? mapRows(d.y, d.n, base.dimY, g) : d.y,
    n: d.n,
  });
  return {
    dimX: base.dimX + (f?.addDim ?? 0),
    dimY: base.dimY + (g?.addDim ?? 0),
    mutualInformation: () => base.mutualInformation(),
    draw: (n, rng) => transform(base.draw(n, rng)),
  };
}
