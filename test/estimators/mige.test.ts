/** MIGE gradients against closed forms, through the planner and the lowering. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, H, I, maximize, variable } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { plan } from '../../src/plan/index.ts';
import { MIGE_DEFAULTS } from '../../src/estimators/mige.ts';
import { ssge } from '../../src/estimators/ssge.ts';

const X = variable('X');
const Y = variable('Y');

/** d/dθ of the objective's value (−d/dθ of the loss) for a one-parameter model, averaged over draws. */
function meanGradient(
  o: ReturnType<typeof maximize>,
  model: (theta: tf.Variable) => { apply(x: tf.Tensor): tf.Tensor },
  theta0: number,
  d: number,
  M = 500,
  draws = 3,
): number {
  const compiled = lower(plan(o));
  const theta = tf.variable(tf.scalar(theta0));
  let sum = 0;
  for (let s = 0; s < draws; s++) {
    const x = tf.randomNormal([M, d], 0, 1, 'float32', 50 + s);
    const { value, grads } = tf.variableGrads(
      () => compiled.loss({ batch: { X: x }, models: { q: model(theta) }, seed: s + 1 }),
      [theta],
    );
    sum -= grads[theta.name].dataSync()[0];
    value.dispose();
    x.dispose();
  }
  theta.dispose();
  return sum / draws;
}

describe('MIGE', () => {
  it('correlated Gaussians: dI/dρ matches ρd/(1−ρ²) (Circumstance III, y = ρx + √(1−ρ²)ε)', () => {
    for (const [d, rho] of [
      [5, 0.5],
      [10, 0.3],
    ]) {
      const q = encoder(Y, X, { family: 'gaussian', model: 'q', size: d });
      const o = maximize(I(X, Y, q));
      expect(plan(o).terms[0].reason).toMatch(/Circumstance III/);
      const gaussianOf = (r: tf.Variable) => ({
        apply: (x: tf.Tensor) => tf.concat([tf.mul(r, x), tf.mul(tf.log(tf.sub(1, tf.square(r))), tf.onesLike(x))], 1),
      });
      const grad = meanGradient(o, gaussianOf, rho, d);
      const truth = (rho * d) / (1 - rho * rho);
      expect(Math.abs(grad - truth) / truth).toBeLessThan(0.1);
    }
  });

  it('deterministic encoder z = a·x: dH(Z)/da = d/a from SSGE scores alone', () => {
    const d = 3;
    const f = encoder(Y, X, { family: 'deterministic', model: 'q', size: d });
    const o = maximize(H(Y, f));
    const scaled = (a: tf.Variable) => ({ apply: (x: tf.Tensor) => tf.mul(a, x) });
    for (const a of [0.5, 2]) {
      const grad = meanGradient(o, scaled, a, d, 400);
      expect(Math.abs(grad - d / a) / (d / a)).toBeLessThan(0.15);
    }
  });

  it('Circumstance I gives a finite gradient for a deterministic encoder of high-dimensional x (random projection)', () => {
    const f = encoder(Y, X, { family: 'deterministic', model: 'q', size: 2 });
    const o = maximize(I(X, Y, f));
    expect(plan(o).terms[0].reason).toMatch(/Circumstance I \(deterministic/);
    const w = tf.variable(tf.randomNormal([64, 2], 0, 0.2, 'float32', 1));
    const compiled = lower(plan(o));
    const x = tf.randomNormal([300, 64], 0, 1, 'float32', 2);
    const { value, grads } = tf.variableGrads(
      () =>
        compiled.loss({
          batch: { X: x },
          models: { q: { apply: (v: tf.Tensor) => tf.tanh(tf.matMul(v, w)) } },
          seed: 3,
        }),
      [w],
    );
    expect(Math.abs(value.dataSync()[0])).toBe(0); // MIGE estimates gradients, not values
    const g = grads[w.name].dataSync();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0);
  });
});

describe('MIGE with the SSGE settings of a spec', () => {
  it('dH(Z)/da for z = a·x uses the eigenvalue ratio given to the plan: equal to SSGE at that ratio, not at the default', () => {
    const d = 3;
    const f = encoder(Y, X, { family: 'deterministic', model: 'q', size: d });
    const o = maximize(H(Y, f));
    const x = tf.randomNormal([300, d], 0, 1, 'float32', 7);
    const gradient = (ratio?: number) => {
      const p = plan(o, ratio === undefined ? {} : { ssge: { eigenRatio: ratio } });
      expect(p.terms[0].ssge).toEqual(ratio === undefined ? undefined : { eigenRatio: ratio });
      const a = tf.variable(tf.scalar(1.5));
      const { value, grads } = tf.variableGrads(
        () => lower(p).value({ batch: { X: x }, models: { q: { apply: (v: tf.Tensor) => tf.mul(a, v) } }, seed: 1 }),
        [a],
      );
      const g = grads[a.name].dataSync()[0];
      tf.dispose([value, a, ...Object.values(grads)]);
      return g;
    };
    // MIGE Eq. 9: dH/da = −E[ŝ(z)·x] for z = a·x, with ŝ from SSGE at the given ratio
    const direct = (ratio: number) =>
      tf.tidy(() => {
        const z = tf.mul(1.5, x) as tf.Tensor2D;
        const est = ssge(z, { ...MIGE_DEFAULTS, eigen: { ratio } });
        const g = -tf.mean(tf.sum(tf.mul(est.scores, x), 1)).dataSync()[0];
        est.dispose();
        return g;
      });
    expect(gradient(0.5)).toBeCloseTo(direct(0.5), 4);
    expect(gradient()).toBeCloseTo(direct(MIGE_DEFAULTS.eigen.ratio), 4);
    expect(Math.abs(gradient(0.5) - gradient())).toBeGreaterThan(1e-3);
    x.dispose();
  });
});
