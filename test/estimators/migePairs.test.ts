/**
 * MIGE on continuous pairs: I(Z;W), H(Z,W) and H(Z|W) of two encoders on paired samples through the joint score of
 * (z, w) and the marginal scores (MIGE Eq. 8–14), against closed forms on correlated Gaussians with linear encoders.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, parse, variable, type Encoder, type Objective } from '../../src/expr/index.ts';
import { lower, TermContext, type ModelLike } from '../../src/lower/index.ts';
import { plan, type Pin } from '../../src/plan/index.ts';

const [X, Y, Z, W] = ['X', 'Y', 'Z', 'W'].map(variable);

/** Paired views of M samples: x ~ N(0, I_d), y = ρx + √(1−ρ²)ε, so each coordinate pair has correlation ρ. */
function views(M: number, d: number, rho: number, seed: number) {
  const x = tf.randomNormal([M, d], 0, 1, 'float32', seed);
  const y = tf.add(
    tf.mul(rho, x),
    tf.mul(Math.sqrt(1 - rho * rho), tf.randomNormal([M, d], 0, 1, 'float32', seed + 1)),
  );
  return { X: x, Y: y };
}

/** d/dθ of the objective's value for each parameter, averaged over draws of the views and the noise. */
function meanGradients(
  o: Objective,
  pins: Pin[],
  models: (theta: tf.Variable[]) => Record<string, ModelLike>,
  theta0: number[],
  batch: (draw: number) => Record<string, tf.Tensor>,
  draws = 4,
): number[] {
  const compiled = lower(plan(o, { pins }));
  const theta = theta0.map((t) => tf.variable(tf.scalar(t)));
  const sums = theta0.map(() => 0);
  for (let s = 0; s < draws; s++) {
    const b = batch(s);
    const { value, grads } = tf.variableGrads(
      () => compiled.value({ batch: b, models: models(theta), seed: s + 1 }),
      theta,
    );
    theta.forEach((t, i) => (sums[i] += grads[t.name].dataSync()[0]));
    expect(value.dataSync()[0]).toBe(0); // MIGE estimates gradients, not values
    tf.dispose([value, ...Object.values(grads), ...Object.values(b)]);
  }
  theta.forEach((t) => t.dispose());
  return sums.map((s) => s / draws);
}

const identity: ModelLike = { apply: (x) => x };
/** A Gaussian encoder N(a·x, σ²) with a and σ as given tensors: [mean, log-variance]. */
const gaussianOf = (a: tf.Tensor | number, sigma: tf.Tensor | number): ModelLike => ({
  apply: (x) => tf.concat([tf.mul(a, x), tf.mul(tf.log(tf.square(sigma)), tf.onesLike(x))], 1),
});
const relError = (got: number, truth: number) => Math.abs(got - truth) / Math.abs(truth);

describe('MIGE on a continuous pair', () => {
  const d = 2;
  const idOf = (v: typeof X, t: typeof Z) => encoder(t, v, { family: 'deterministic', model: 'id', size: d });

  it('is pinnable for I(Z;W) beside the default InfoNCE, and H(Z,W), H(Z|W) plan to it', () => {
    const q = encoder(W, Y, { family: 'gaussian', model: 'q', size: d });
    const encoders: Encoder[] = [idOf(X, Z), q];
    const o = parse('max I(Z;W)', { encoders });
    expect(plan(o).terms[0].estimator).toBe('infonce');
    expect(plan(o).terms[0].reason).toMatch(/pin mige/);
    const pinned = plan(o, { pins: [{ expr: o.body, estimator: 'mige' }] }).terms[0];
    expect([pinned.estimator, pinned.rule, pinned.gradient]).toEqual(['mige', 'pinned by the user', 'surrogate']);
    expect(pinned.reason).toMatch(/Circumstance I with \(x, z\) → \(z, w\).*ŝ\(z,w\)/);
    for (const text of ['max H(Z,W)', 'min H(Z|W)']) {
      const t = plan(parse(text, { encoders })).terms[0];
      expect([t.estimator, t.rule]).toEqual(['mige', 'continuous joint by its score (MIGE)']);
    }
  });

  it('two views: dI(Z;W)/dσ of z = x, w = y + σε matches −dσρ²/((1+σ²)(1+σ²−ρ²))', () => {
    // I(Z;W) = −d/2·log(1 − ρ²/(1+σ²)) per coordinate pair of correlation ρ/√(1+σ²)
    const [rho, sigma] = [0.8, 0.5];
    const o = parse('max I(Z;W)', {
      encoders: [idOf(X, Z), encoder(W, Y, { family: 'gaussian', model: 'q', size: d })],
    });
    const [grad] = meanGradients(
      o,
      [{ expr: o.body, estimator: 'mige' }],
      ([s]) => ({ id: identity, q: gaussianOf(1, s) }),
      [sigma],
      (s) => views(500, d, rho, 10 * s + 1),
    );
    const s2 = 1 + sigma * sigma;
    const truth = -(d * sigma * rho * rho) / (s2 * (s2 - rho * rho));
    expect(relError(grad, truth)).toBeLessThan(0.12);
  });

  it('two encoders of one variable (Circumstance I): dI(Z;W)/dρ of z = x, w = ρx + √(1−ρ²)ε is ρd/(1−ρ²)', () => {
    const rho = 0.5;
    const o = parse('max I(Z;W)', {
      encoders: [idOf(X, Z), encoder(W, X, { family: 'gaussian', model: 'q', size: d })],
    });
    expect(o.body.kind).toBe('pairedInfo');
    const [grad] = meanGradients(
      o,
      [{ expr: o.body, estimator: 'mige' }],
      ([r]) => ({ id: identity, q: gaussianOf(r, tf.sqrt(tf.sub(1, tf.square(r)))) }),
      [rho],
      (s) => ({ X: tf.randomNormal([500, d], 0, 1, 'float32', 7 + s) }),
    );
    const truth = (rho * d) / (1 - rho * rho);
    expect(relError(grad, truth)).toBeLessThan(0.12);
  });

  it('H(Z,W) and H(Z|W) of z = a·x, w = b·y: gradients (d/a, d/b) and (d/a, 0)', () => {
    const lin = (v: typeof X, t: typeof Z, model: string) => encoder(t, v, { family: 'deterministic', model, size: d });
    const encoders = [lin(X, Z, 'A'), lin(Y, W, 'B')];
    const [a, b] = [0.5, 2];
    const models = ([ta, tb]: tf.Variable[]) => ({
      A: { apply: (x: tf.Tensor) => tf.mul(ta, x) },
      B: { apply: (y: tf.Tensor) => tf.mul(tb, y) },
    });
    const batch = (s: number) => views(500, d, 0.6, 31 + 10 * s);
    const joint = meanGradients(parse('max H(Z,W)', { encoders }), [], models, [a, b], batch);
    expect(relError(joint[0], d / a)).toBeLessThan(0.12);
    expect(relError(joint[1], d / b)).toBeLessThan(0.12);
    const conditional = meanGradients(parse('max H(Z|W)', { encoders }), [], models, [a, b], batch);
    expect(relError(conditional[0], d / a)).toBeLessThan(0.12);
    expect(Math.abs(conditional[1])).toBeLessThan(0.2 * (d / b));
  });
});

describe('MIGE Circumstance II: a hidden layer h = C(x) as a variable', () => {
  const d = 2;
  // one network E: h = a·x (its hidden layer 1), z = h + σε (a Gaussian output)
  const E = encoder(Z, X, { family: 'gaussian', model: 'E', size: d });
  const C = encoder(variable('H_1'), X, { family: 'deterministic', model: 'E', size: d, layer: 1 });
  const network = (a: tf.Tensor | number, sigma: number): ModelLike => ({
    ...gaussianOf(a, sigma),
    hidden: (x) => [tf.mul(a, x)],
  });

  it('plans I(H_1;Z) of one network to MIGE by default, saying Circumstance II', () => {
    const t = plan(parse('max I(H_1;Z)', { encoders: [E, C] })).terms[0];
    expect([t.estimator, t.rule]).toEqual(['mige', 'continuous joint by its score (MIGE)']);
    expect(t.reason).toMatch(/Circumstance II: h_1 = C\(x\) is hidden layer 1 of E and z = f\(h_1\) its output/);
    const unrelated = encoder(Z, X, { family: 'gaussian', model: 'F', size: d });
    expect(plan(parse('max I(H_1;Z)', { encoders: [unrelated, C] })).terms[0].estimator).toBe('infonce');
  });

  it('dI(H;Z)/da of h = a·x, z = h + σε is d·a/(a² + σ²) (MIGE Eq. 13–14)', () => {
    const [a, sigma] = [0.8, 1];
    const o = parse('max I(H_1;Z)', { encoders: [E, C] });
    const [grad] = meanGradients(
      o,
      [],
      ([ta]) => ({ E: network(ta, sigma) }),
      [a],
      (s) => ({ X: tf.randomNormal([500, d], 0, 1, 'float32', 90 + s) }),
    );
    const truth = (d * a) / (a * a + sigma * sigma);
    expect(relError(grad, truth)).toBeLessThan(0.12);
  });

  it('reads the layer from the network once per call and refuses a layer the network does not have', () => {
    const o = parse('max I(H_1;Z)', { encoders: [E, C] });
    const compiled = lower(plan(o));
    const x = tf.randomNormal([64, d], 0, 1, 'float32', 3);
    const calls = { apply: 0, hidden: 0 };
    const counted: ModelLike = {
      apply: (v) => {
        calls.apply++;
        return network(2, 1).apply(v, true);
      },
      hidden: (v) => {
        calls.hidden++;
        return network(2, 1).hidden!(v, true);
      },
    };
    compiled.value({ batch: { X: x }, models: { E: counted }, seed: 1 });
    expect(calls).toEqual({ apply: 1, hidden: 1 });
    // at other inputs (R_c's perturbed x) the layer encoder reads the layer there, the output encoder the output
    const ctx = new TermContext({ batch: { X: x }, models: { E: counted } });
    expect(ctx.output(C, tf.ones([3, d])).arraySync()).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(ctx.forward(E, tf.ones([3, d])).shape).toEqual([3, 2 * d]);
    expect(() => compiled.value({ batch: { X: x }, models: { E: gaussianOf(1, 1) } })).toThrow(
      /model E has no hidden layers, H_1 reads layer 1/,
    );
    expect(() => encoder(variable('H'), X, { family: 'gaussian', model: 'E', size: 2, layer: 1 })).toThrow(
      /a hidden layer is a deterministic variable/,
    );
  });
});
