/** The special functions against scipy, and bmi's transforms: monotone, invertible, as bmi defines them. */
import { describe, expect, it } from 'vitest';
import { bimodalX, bimodalXCdf, bimodalYCdf, bimodalY } from '../../src/benchmark/transforms/bimodal.ts';
import { invertMonotone } from '../../src/benchmark/transforms/invertCdf.ts';
import { asinh, halfCube, normalCdf, swissRoll } from '../../src/benchmark/transforms/simple.ts';
import { spiral, spiralInverse } from '../../src/benchmark/transforms/spiral.ts';
import type { MiTransform } from '../../src/benchmark/transforms/types.ts';
import { wigglyX, wigglyY } from '../../src/benchmark/transforms/wiggly.ts';
import { digamma, erf, erfc, logGamma, normalCdf as phi } from '../../src/benchmark/special.ts';
import { makeRng } from '../../src/data/rng.ts';

const scalar = (t: MiTransform) => (v: number) => t.map(Float64Array.of(v))[0];

describe('special functions (values from scipy.special)', () => {
  it('erf, erfc and Φ', () => {
    for (const [x, e, c] of [
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [2.9, 0.9999589021219005, 4.109787809945884e-5],
      [3.1, 0.9999883513426328, 1.1648657367199584e-5],
      [-1.2, -0.9103139782296353, 1.9103139782296354],
    ]) {
      expect(erf(x)).toBeCloseTo(e, 14);
      expect(Math.abs(erfc(x) / c - 1)).toBeLessThan(1e-12);
    }
    for (const [x, p] of [
      [1, 0.8413447460685429],
      [-3, 0.0013498980316300933],
      [-6, 9.865876450376946e-10],
      [8.5, 1],
    ])
      expect(Math.abs(phi(x) / p - 1)).toBeLessThan(1e-12);
  });

  it('log Γ and ψ', () => {
    for (const [x, lg, dg] of [
      [0.5, 0.5723649429247, -1.9635100260214235],
      [1.5, -0.12078223763524526, 0.03648997397857652],
      [2.5, 0.2846828704729192, 0.7031566406452432],
      [10.3, 13.482036786138359, 2.2828154464391224],
      [0.2, 1.5240638224307845, -5.289039896592189],
    ]) {
      expect(logGamma(x)).toBeCloseTo(lg, 12);
      expect(digamma(x)).toBeCloseTo(dg, 12);
    }
  });
});

describe('transforms', () => {
  const grid = Array.from({ length: 4001 }, (_, i) => -10 + i * 0.005);

  it('the elementwise maps are strictly increasing', () => {
    for (const [name, t, xs] of [
      ['normal CDF', normalCdf, grid.filter((x) => Math.abs(x) < 6)],
      ['half-cube', halfCube, grid],
      ['asinh', asinh, grid],
      ['wiggly x', wigglyX, grid],
      ['wiggly y', wigglyY, grid],
      ['bimodal x', bimodalX, grid.map((x) => 0.0001 + (0.9998 * (x + 10)) / 20)],
      ['bimodal y', bimodalY, grid.map((x) => 0.0001 + (0.9998 * (x + 10)) / 20)],
    ] as const) {
      const f = scalar(t);
      for (let i = 1; i < xs.length; i++) expect(f(xs[i]) > f(xs[i - 1]), `${name} at ${xs[i]}`).toBe(true);
    }
  });

  it('the half-cube inverts as sign(t)·|t|^{2/3}; asinh as sinh', () => {
    for (const x of [-7.3, -0.2, 0, 0.01, 3]) {
      const h = scalar(halfCube)(x);
      expect(Math.sign(h) * Math.abs(h) ** (2 / 3)).toBeCloseTo(x, 12);
      expect(Math.sinh(scalar(asinh)(x))).toBeCloseTo(x, 12);
    }
  });

  it('the bimodal maps are the inverse CDFs of their mixtures', () => {
    const rng = makeRng('bimodal');
    for (let i = 0; i < 200; i++) {
      const u = rng.uniform();
      expect(bimodalXCdf(scalar(bimodalX)(u))).toBeCloseTo(u, 10);
      expect(bimodalYCdf(scalar(bimodalY)(u))).toBeCloseTo(u, 10);
    }
    const cube = invertMonotone((x) => x * x * x, { xMin: -3, xMax: 3 });
    expect(cube(8)).toBeCloseTo(2, 10);
    expect(cube(-1)).toBeCloseTo(-1, 10);
  });

  it('the spiral: bmi’s docstring example, |x| kept, the inverse recovers x, other coordinates untouched', () => {
    expect(
      Array.from(spiral(2, 0, 1, Math.PI / 2).map(Float64Array.of(1, 0))).map((v) => Number(v.toFixed(12))),
    ).toEqual([0, 1]);
    const rng = makeRng('spiral');
    for (let k = 0; k < 100; k++) {
      const x = Float64Array.from({ length: 5 }, () => 3 * rng.normal());
      const s = spiral(5, 1, 2, 1 / 5);
      const y = s.map(x);
      const norm = (v: Float64Array) => Math.hypot(...v);
      expect(norm(y)).toBeCloseTo(norm(x), 10);
      expect([y[0], y[3], y[4]]).toEqual([x[0], x[3], x[4]]);
      const back = spiralInverse(5, 1, 2, 1 / 5).map(y);
      for (let i = 0; i < 5; i++) expect(back[i]).toBeCloseTo(x[i], 10);
    }
    expect(() => spiral(2, 1, 2, 1)).toThrow(/no generator/);
  });

  it('the Swiss roll embeds [0, 1] injectively: |f(x)| = 1.5π(1 + 2x)/21 grows with x', () => {
    for (let i = 0; i <= 100; i++) {
      const x = i / 100;
      const [a, b] = swissRoll.map(Float64Array.of(x));
      expect(Math.hypot(a, b)).toBeCloseTo((1.5 * Math.PI * (1 + 2 * x)) / 21, 12);
      expect(Math.atan2(b, a)).toBeCloseTo(
        Math.atan2(Math.sin(1.5 * Math.PI * (1 + 2 * x)), Math.cos(1.5 * Math.PI * (1 + 2 * x))),
        10,
      );
    }
  });
});
