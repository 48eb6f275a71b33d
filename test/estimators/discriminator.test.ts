/**
 * The GAN discriminator (lecture notes §2.1–2.4) through plan → lower: its bound at the optimal discriminator is the
 * JSD, and one backward pass of the lowered `min JSD` moves the discriminator up its bound and the generator down the
 * non-saturating loss −log D(G(z)) of §2.4, each by its own gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, parse, variable } from '../../src/expr/index.ts';
import { lower, reverseGradient, type ModelLike } from '../../src/lower/index.ts';
import { ganValue } from '../../src/objectives/gan.ts';
import { plan } from '../../src/plan/index.ts';

const G = variable('G');
const Z = variable('Z');
const gen = encoder(G, Z, { family: 'deterministic', model: 'gen', size: 1 });
const objective = parse('min JSD[0.5, 0.5](p(x), p(g))', { encoders: [gen] });
const critic = plan(objective).terms[0].network!.id; // the discriminator the plan declares

/** A 1-D affine generator g = a + b·z and a logistic discriminator T(x) = w·x + c. */
function players() {
  const v = {
    a: tf.variable(tf.scalar(0.3)),
    b: tf.variable(tf.scalar(0.8)),
    w: tf.variable(tf.scalar(1.2)),
    c: tf.variable(tf.scalar(-0.1)),
  };
  const G_: ModelLike = { apply: (z) => tf.add(v.a, tf.mul(v.b, z)) };
  const D_: ModelLike = { apply: (x) => tf.add(tf.mul(v.w, x), v.c) };
  return { v, models: { gen: G_, [critic]: D_ } };
}

describe('jsd-discriminator', () => {
  it('is chosen for a JSD between the data and a generator, adversarially, and explained as such', () => {
    const p = plan(objective);
    expect(p.terms).toMatchObject([{ estimator: 'jsd-discriminator', adversarial: true }]);
  });

  it('one backward pass: the discriminator ascends its bound, the generator descends −log D(G(z))', () => {
    const { v, models } = players();
    const compiled = lower(plan(objective), [gen]);
    const x = tf.tensor2d([[1.5], [2.0], [0.7], [1.1]]);
    const z = tf.tensor2d([[-0.4], [0.9], [0.2], [-1.3]]);
    // Z given in the batch (instead of drawn from a prior) fixes the generator's input
    const withZ = { batch: { X: x, Z: z }, models, seed: 1 };
    const got = tf.variableGrads(() => compiled.loss(withZ), Object.values(v));
    // by hand: B = log 2 − ½E_x[softplus(−T(x))] − ½E_z[softplus(T(g))]
    const g = () => tf.add(v.a, tf.mul(v.b, z));
    const T = (t: tf.Tensor) => tf.add(tf.mul(v.w, t), v.c);
    const bound = () =>
      tf.sub(
        tf.sub(Math.log(2), tf.mul(0.5, tf.mean(tf.softplus(tf.neg(T(x)))))),
        tf.mul(0.5, tf.mean(tf.softplus(T(g())))),
      ) as tf.Scalar;
    const criticGrad = tf.variableGrads(() => tf.neg(bound()), [v.w, v.c]).grads; // ascent of B
    const nonSaturating = tf.variableGrads(
      () => tf.mul(0.5, tf.mean(tf.softplus(tf.neg(T(g()))))) as tf.Scalar,
      [v.a, v.b],
    ).grads; // ½E[−log D(G(z))]
    for (const k of ['w', 'c'] as const)
      expect(got.grads[v[k].name].dataSync()[0]).toBeCloseTo(criticGrad[v[k].name].dataSync()[0], 5);
    for (const k of ['a', 'b'] as const)
      expect(got.grads[v[k].name].dataSync()[0]).toBeCloseTo(nonSaturating[v[k].name].dataSync()[0], 5);
    expect(got.value.dataSync()[0]).toBeCloseTo(bound().dataSync()[0], 5); // the value is the bound itself
  });

  it('at the optimal discriminator the bound is the JSD: two unit Gaussians 1 apart, by quadrature', () => {
    // D* logit = log p − log q = (x − ½)·1 for N(1,1) vs N(0,1): T(x) = x − ½
    const optimal: ModelLike = { apply: (x) => tf.sub(x, 0.5) };
    const n = 200_000;
    const x = tf.add(1, tf.randomNormal([n, 1], 0, 1, 'float32', 7));
    const z = tf.randomNormal([n, 1], 0, 1, 'float32', 8);
    const compiled = lower(plan(objective), [gen]);
    const value = compiled
      .value({ batch: { X: x, Z: z }, models: { gen: { apply: (t) => t }, [critic]: optimal } })
      .dataSync()[0];
    // JSD(N(1,1), N(0,1)) by quadrature
    const pdf = (t: number, m: number) => Math.exp(-((t - m) ** 2) / 2) / Math.sqrt(2 * Math.PI);
    let jsd = 0;
    for (let t = -12; t < 13; t += 1e-3) {
      const [p, q] = [pdf(t, 1), pdf(t, 0)];
      const m = (p + q) / 2;
      jsd += 0.5 * (p * Math.log(p / m) + q * Math.log(q / m)) * 1e-3;
    }
    expect(value).toBeCloseTo(jsd, 2);
  });

  it('the bound is log 2 + ½·V(G, D) = H(Y) − H_D(Y|X), GAN as mutual information with a coin Y (§2.3)', () => {
    const { v, models } = players();
    const x = tf.tensor2d([[1.5], [2.0], [0.7], [1.1]]);
    const z = tf.tensor2d([[-0.4], [0.9], [0.2], [-1.3]]);
    const bound = lower(plan(objective), [gen])
      .value({ batch: { X: x, Z: z }, models })
      .dataSync()[0];
    const logits = (t: tf.Tensor) => tf.reshape(models[critic].apply(t, false), [-1]) as tf.Tensor1D;
    const V = ganValue(logits(x), logits(models.gen.apply(z, false))).dataSync()[0];
    expect(bound).toBeCloseTo(Math.log(2) + 0.5 * V, 6);
    Object.values(v).forEach((t) => t.dispose());
  });

  it('gradient reversal: identity forward, −scale·dy backward', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const scale = tf.tensor1d([1, 0.5, 2]);
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(reverseGradient(t, scale as tf.Tensor1D), tf.tensor1d([1, 1, 1]))),
    )(x);
    expect(Array.from(reverseGradient(x).dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(grad.dataSync())).toEqual([-1, -0.5, -2]);
  });
});
