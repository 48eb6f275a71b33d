/**
 * The bound formulas over score matrices (src/estimators/scores.ts) against the same sums written out in plain numbers,
 * and the two layouts that bring a batch's pairs into the positive-first order.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { positiveFirst, rolled, scoreBound, SMILE_CLIP, type ScoreBound } from '../../src/estimators/scores.ts';
import { makeRng } from '../../src/data/rng.ts';

const rng = makeRng(11);
const B = 5;
const S = Array.from({ length: B }, () => Array.from({ length: B }, () => Math.fround(3 * rng.normal())));
const aux = Array.from({ length: B }, () => rng.normal());
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const lme = (v: number[]) => Math.log(mean(v.map(Math.exp)));
const pos = S.map((r) => r[0]);
const neg = S.flatMap((r) => r.slice(1));
const softplus = (v: number) => Math.log1p(Math.exp(v));

/** Each bound in plain numbers (positive first, K = B). */
const expected: Record<ScoreBound, number> = {
  mine: mean(pos) - lme(neg),
  'mine-f': mean(pos) - Math.exp(-1) * mean(neg.map(Math.exp)),
  nwj: mean(pos) - Math.exp(-1) * mean(neg.map(Math.exp)),
  'jsd-critic': -mean(pos.map((v) => softplus(-v))) - mean(neg.map(softplus)),
  infonce: mean(S.map((r) => r[0] - lme(r))),
  smile: mean(pos) - lme(neg.map((v) => Math.min(SMILE_CLIP, Math.max(-SMILE_CLIP, v)))),
  tuba:
    1 + mean(pos.map((v, i) => v - aux[i])) - mean(S.flatMap((r, i) => r.slice(1).map((v) => Math.exp(v - aux[i])))),
  flo: 1 + mean(S.map((r, i) => -aux[i] - Math.exp(-aux[i]) * mean(r.slice(1).map((v) => Math.exp(v - r[0]))))),
  l1out: mean(S.map((r) => r[0] - lme(r.slice(1)))),
  club: mean(pos) - mean(S.flat()),
};

describe('bound formulas over score matrices', () => {
  it('each equals its sum written out', () => {
    for (const [name, want] of Object.entries(expected) as [ScoreBound, number][]) {
      const got = tf.tidy(() => scoreBound(name, { scores: tf.tensor2d(S), aux: tf.tensor1d(aux) }).dataSync()[0]);
      expect(got, name).toBeCloseTo(want, 4);
    }
  });

  it('SMILE reads the clipped DV value and ascends the JS bound', () => {
    const scores = tf.variable(tf.tensor2d(S));
    const { value, grads } = tf.variableGrads(() => scoreBound('smile', { scores }), [scores]);
    const js = tf.variableGrads(() => scoreBound('jsd-critic', { scores }), [scores]).grads;
    expect(value.dataSync()[0]).toBeCloseTo(expected.smile, 4);
    expect(Array.from(grads[scores.name].dataSync())).toEqual(Array.from(js[scores.name].dataSync()));
    tf.dispose([scores, value, grads, js]);
  });

  it('InfoNCE never exceeds log K, whatever the critic', () => {
    const huge = S.map((r, i) => r.map((v, j) => (j === 0 ? 1e3 : v - 1e3 * (i + 1))));
    const v = tf.tidy(() => scoreBound('infonce', { scores: tf.tensor2d(huge) }).dataSync()[0]);
    expect(v).toBeLessThanOrEqual(Math.log(B) + 1e-6);
    expect(v).toBeGreaterThan(Math.log(B) - 1e-3);
  });

  it('positive first: a square matrix and the rolled rows give the same order', () => {
    const square = tf.tensor2d(S);
    const out = positiveFirst(square).arraySync();
    expect(out).toEqual(S.map((r, i) => r.map((_, j) => r[(i + j) % B])));
    const t = tf.tensor2d(S);
    expect(rolled(t, 3).arraySync()).toEqual(S.map((_, i) => [0, 1, 2].map((j) => S[(i + j) % B])));
    tf.dispose([square, t]);
  });
});
