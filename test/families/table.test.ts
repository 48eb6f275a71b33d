/**
 * The table of families: every encoder kind has one, the DSL and spec files accept exactly its names, and the
 * properties the planner and the term context read come from it.
 */
import * as tf from '@tensorflow/tfjs';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { EncoderCodec, encoder, variable, type EncoderKind } from '../../src/expr/index.ts';
import {
  ENCODER_KINDS,
  FAMILIES,
  familyOf,
  featureWidth,
  features,
  hasDensity,
  hasExplicitMarginal,
  isReparameterisable,
  statesOf,
  type Family,
} from '../../src/families/index.ts';
import { FAMILIES as SPEC_FAMILIES } from '../../src/spec/schema.ts';
import { TermContext } from '../../src/term/index.ts';

const table: Record<EncoderKind, Family> = FAMILIES;

describe('the table of families', () => {
  it('covers every encoder kind, and the expression codec and the spec schema accept exactly its names', () => {
    expect(ENCODER_KINDS).toEqual(['categorical', 'bernoulli', 'gaussian', 'deterministic']);
    expect(Object.keys(table)).toEqual(ENCODER_KINDS);
    expect([...SPEC_FAMILIES]).toEqual(ENCODER_KINDS);
    const decoded = (family: string) =>
      EncoderCodec.decode({ kind: 'encoder', target: 'Z', given: ['X'], family, model: 'L', size: 2 });
    ENCODER_KINDS.forEach((kind) => expect(isRight(decoded(kind))).toBe(true));
    expect(isRight(decoded('poisson'))).toBe(false);
  });

  it('gives each kind a raw width and an output of `size` columns (a one-unit Bernoulli: one value per row)', () => {
    for (const kind of ENCODER_KINDS)
      for (const size of [2, 3]) {
        const raw = tf.randomNormal([4, familyOf(kind).rawWidth(size)], 0, 1, 'float32', 7) as tf.Tensor2D;
        expect(familyOf(kind).activate(raw, size).output.shape).toEqual([4, size]);
        expect(features({ family: kind, size }, raw).shape).toEqual([4, featureWidth({ family: kind, size })]);
      }
    expect(FAMILIES.gaussian.rawWidth(3)).toBe(6);
    expect(FAMILIES.bernoulli.activate(tf.zeros([4, 1]), 1).output.shape).toEqual([4]);
  });

  it('says which encoders have an explicit marginal (and its states), a reparameterised sample, a density', () => {
    const props = (family: EncoderKind, size: number) => ({
      explicit: hasExplicitMarginal({ family, size }),
      reparameterisable: isReparameterisable(family),
      density: hasDensity(family),
    });
    expect(props('categorical', 4)).toEqual({ explicit: true, reparameterisable: false, density: true });
    expect(props('bernoulli', 1)).toEqual({ explicit: true, reparameterisable: false, density: true });
    expect(props('bernoulli', 3)).toEqual({ explicit: false, reparameterisable: false, density: true });
    expect(props('gaussian', 2)).toEqual({ explicit: false, reparameterisable: true, density: true });
    expect(props('deterministic', 2)).toEqual({ explicit: false, reparameterisable: true, density: false });
    expect(statesOf({ family: 'categorical', size: 4 })).toBe(4);
    expect(statesOf({ family: 'bernoulli', size: 1 })).toBe(2);
    expect(() => statesOf({ family: 'bernoulli', size: 3 })).toThrow(/no explicit states/);
    expect(() => statesOf({ family: 'gaussian', size: 2 })).toThrow(/no explicit states/);
  });
});

describe('the term context reads the families', () => {
  const X = variable('X'),
    Z = variable('Z');
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
  const linear = (width: number) => {
    const w = tf.randomNormal([3, width], 0, 1, 'float32', width);
    return { apply: (input: tf.Tensor) => tf.matMul(input as tf.Tensor2D, w) };
  };
  const contextOf = (family: EncoderKind, size: number) => {
    const enc = encoder(Z, X, { family, model: 'f', size });
    const models = { f: linear(familyOf(family).rawWidth(size)) };
    const ctx = new TermContext({ batch: { X: x }, models, seed: 1 }, new Map([['f', enc]]));
    return { enc, ctx };
  };

  it('a multi-unit Bernoulli gives independent bits, and no state probabilities or sample', () => {
    const { enc, ctx } = contextOf('bernoulli', 3);
    const raw = ctx.forward(enc).arraySync();
    const bits = ctx.output(enc).arraySync() as number[][];
    bits.forEach((row, b) => row.forEach((p, d) => expect(p).toBeCloseTo(1 / (1 + Math.exp(-raw[b][d])), 6)));
    expect(() => ctx.probs(enc)).toThrow(/no explicit state probabilities/);
    expect(() => ctx.sample(enc)).toThrow(/no reparameterised sample/);
  });

  it('samples a Gaussian as μ + σ·ε with the noise it returns, and a deterministic z = f(x) with zero noise', () => {
    const g = contextOf('gaussian', 2);
    const { z, noise } = g.ctx.sample(g.enc);
    const { mean, logVar } = g.ctx.gaussian(g.enc);
    const expected = tf.add(mean, tf.mul(tf.exp(tf.div(logVar, 2)), noise)).arraySync() as number[][];
    (z.arraySync() as number[][]).forEach((row, b) => row.forEach((v, d) => expect(v).toBeCloseTo(expected[b][d], 5)));
    expect(tf.moments(noise).variance.dataSync()[0]).toBeGreaterThan(0);
    const f = contextOf('deterministic', 2);
    const s = f.ctx.sample(f.enc);
    expect(s.z.arraySync()).toEqual(f.ctx.forward(f.enc).arraySync());
    expect(s.noise.arraySync()).toEqual(tf.zeros([5, 2]).arraySync());
  });

  it('refuses a network whose output is not its family’s raw width', () => {
    const enc = encoder(Z, X, { family: 'gaussian', model: 'f', size: 2 });
    const ctx = new TermContext({ batch: { X: x }, models: { f: linear(2) } }, new Map([['f', enc]]));
    expect(() => ctx.forward(enc)).toThrow(/needs \[batch, 4\]/);
  });
});
