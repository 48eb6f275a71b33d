/** I(Z;W) of two discrete encoders on paired samples: the IIC plug-in of the batch joint (Ji et al. 2019, Eq. 1, 3). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, parse, print, variable } from '../../src/expr/index.ts';
import { jointInformation, pairedJoint } from '../../src/estimators/paired.ts';
import { lower, type ModelLike } from '../../src/lower/index.ts';
import { plan } from '../../src/plan/index.ts';
import { makeRng } from '../../src/data/index.ts';
import { checkEquivalent } from '../../src/equiv/index.ts';

/** A [B, K] matrix of random distributions (softmax of N(0, scale²) logits) as nested arrays. */
function randomRows(rows: number, k: number, seed: number, scale = 2): number[][] {
  const rng = makeRng(seed);
  return Array.from({ length: rows }, () => {
    const e = Array.from({ length: k }, () => Math.exp(scale * rng.normal()));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

const oneHot = (k: number, of: number) => Array.from({ length: of }, (_, i) => (i === k ? 1 : 0));
const entropy = (p: number[]) => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);

/** The joint (1/B) Σ_b p_b q_bᵀ by loops, independently of the estimator. */
function jointByLoops(p: number[][], q: number[][]): number[][] {
  const out = p[0].map(() => q[0].map(() => 0));
  p.forEach((pb, b) => pb.forEach((pk, k) => q[b].forEach((ql, l) => (out[k][l] += (pk * ql) / p.length))));
  return out;
}

const informationOf = (p: number[][], q: number[][], symmetric: boolean): number =>
  tf.tidy(() => jointInformation(pairedJoint(tf.tensor2d(p), tf.tensor2d(q), symmetric)).dataSync()[0]);

describe('paired-plugin estimator', () => {
  it('gives the closed form of a hand-built joint', () => {
    // 8 pairs of one-hot outputs with counts [[3, 1], [1, 3]]: P = counts/8, marginals ½, ½
    const pairs: [number, number][] = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
    ];
    const p = pairs.map(([a]) => oneHot(a, 2));
    const q = pairs.map(([, b]) => oneHot(b, 2));
    const closed = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5); // Σ P log(P/(¼)) = 2·⅜ log(3/2) + 2·⅛ log(1/2)
    expect(informationOf(p, q, false)).toBeCloseTo(closed, 5);
    // one-hot outputs that always agree: I = H(Z) = log 3 for three equally used states
    const same = [0, 1, 2, 0, 1, 2].map((k) => oneHot(k, 3));
    expect(informationOf(same, same, true)).toBeCloseTo(Math.log(3), 5);
    // independent outputs: I = 0
    const indep = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ].map(([a, b]) => [oneHot(a, 2), oneHot(b, 2)]);
    expect(
      informationOf(
        indep.map((r) => r[0]),
        indep.map((r) => r[1]),
        false,
      ),
    ).toBeCloseTo(0, 5);
  });

  it('is symmetric: I(Z;W) = I(W;Z)', () => {
    const [p, q] = [randomRows(64, 4, 1), randomRows(64, 4, 2)];
    expect(informationOf(p, q, false)).toBeCloseTo(informationOf(q, p, false), 6);
    expect(informationOf(p, q, true)).toBeCloseTo(informationOf(q, p, true), 6);
    expect(informationOf(p, q, false)).toBeGreaterThan(0);
  });

  it('equals H(Z) + H(W) − H(Z,W) of the joint computed by loops', () => {
    const [p, q] = [randomRows(50, 3, 3), randomRows(50, 5, 4)];
    const joint = jointByLoops(p, q);
    const rows = joint.map((r) => r.reduce((a, b) => a + b, 0));
    const cols = joint[0].map((_, l) => joint.reduce((a, r) => a + r[l], 0));
    const expected = entropy(rows) + entropy(cols) - entropy(joint.flat());
    expect(informationOf(p, q, false)).toBeCloseTo(expected, 5);
  });

  it('lies in [0, log K] for K states', () => {
    for (let s = 0; s < 10; s++) {
      const k = 2 + (s % 4);
      const p = randomRows(32, k, 10 + s, 4);
      const q = s % 2 ? p : randomRows(32, k, 100 + s, 4);
      const value = informationOf(p, q, true);
      expect(value).toBeGreaterThanOrEqual(-1e-6);
      expect(value).toBeLessThanOrEqual(Math.log(k) + 1e-6);
    }
  });
});

describe("I(Z;Z') with one network on two views", () => {
  const [X, Xv, Z, Zv] = ['X', "X'", 'Z', "Z'"].map(variable);
  const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 3 });
  const phiView = encoder(Zv, Xv, { family: 'categorical', model: 'Phi', size: 3 });

  it("parses and prints I(Z;Z') as the paired information of the two encoders", () => {
    const o = parse("max I(Z;Z')", { encoders: [phi, phiView] });
    expect(o.body).toEqual({ kind: 'pairedInfo', a: phi, b: phiView });
    expect(print(o)).toBe("max I(Z;Z')");
    expect(plan(o).terms[0].estimator).toBe('paired-plugin');
    expect(plan(o).terms[0].reason).toMatch(/P ← \(P \+ Pᵀ\)\/2/);
  });

  it("I(Z;Z') ≡ I(Z';Z) in values and gradients on random networks and views, and differs from H(Z)", () => {
    const env = { encoders: [phi, phiView] };
    const swapped = checkEquivalent(parse("max I(Z;Z')", env), parse("max I(Z';Z)", env), { draws: 3 });
    expect(swapped.equivalent).toBe(true);
    expect(checkEquivalent(parse("max I(Z;Z')", env), parse('max H(Z)', env), { draws: 3 }).equivalent).toBe(false);
  });

  it('applies the shared network once per view and plugs in the symmetrised joint', () => {
    const o = parse("max I(Z;Z')", { encoders: [phi, phiView] });
    const w = tf.tensor2d([
      [1, -1, 0.5],
      [0.3, 2, -1],
    ]);
    const calls: number[][] = [];
    const net: ModelLike = {
      apply: (x) => {
        calls.push([...x.shape]);
        return tf.matMul(x as tf.Tensor2D, w);
      },
    };
    const x = tf.tensor2d(randomRows(16, 2, 5, 1));
    const xv = tf.tensor2d(randomRows(16, 2, 6, 1));
    const value = lower(plan(o))
      .value({ batch: { X: x, "X'": xv }, models: { Phi: net } })
      .dataSync()[0];
    expect(calls).toEqual([
      [16, 2],
      [16, 2],
    ]); // once on X, once on X': outputs kept per (network, inputs)
    const probs = (t: tf.Tensor2D) => tf.softmax(tf.matMul(t, w)).arraySync() as number[][];
    const [p, q] = [probs(x), probs(xv)];
    const joint = jointByLoops(p, q).map((r, k) => r.map((v, l) => (v + jointByLoops(p, q)[l][k]) / 2));
    const rows = joint.map((r) => r.reduce((a, b) => a + b, 0));
    expect(value).toBeCloseTo(2 * entropy(rows) - entropy(joint.flat()), 5);
    expect(value).toBeGreaterThan(0);
  });
});
