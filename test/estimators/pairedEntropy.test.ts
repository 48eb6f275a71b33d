/**
 * H(Z,W) and H(Z|W) of two discrete encoders on paired samples: the plug-in of the batch joint P = E_b[p(z|x_b) p(w|y_b)ᵀ]
 * with a stop-gradient inside the log (Neural Bayes Theorem 2 on the joint states), against the exact plug-in by loops
 * and its autodiff gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, parse, print, variable, type Encoder } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { plan } from '../../src/plan/index.ts';
import { checkEquivalent } from '../../src/equiv/index.ts';

const [X, Xv, Z, Zv, W] = ['X', "X'", 'Z', "Z'", 'W'].map(variable);
const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 3 });
const phiView = encoder(Zv, Xv, { family: 'categorical', model: 'Phi', size: 3 });
const psi = encoder(W, X, { family: 'categorical', model: 'Psi', size: 4 });

/** −Σ p log p of a flat list. */
const entropy = (p: number[]) => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);

/** The joint (1/B) Σ_b p_b q_bᵀ by loops, symmetrised if asked, independently of the estimator. */
function jointByLoops(p: number[][], q: number[][], symmetric: boolean): number[][] {
  const out = p[0].map(() => q[0].map(() => 0));
  p.forEach((pb, b) => pb.forEach((pk, k) => q[b].forEach((ql, l) => (out[k][l] += (pk * ql) / p.length))));
  return symmetric ? out.map((r, k) => r.map((v, l) => (v + out[l][k]) / 2)) : out;
}

/** A linear network x → x·M whose weight matrix M is a variable. */
const linear = (m: tf.Variable) => ({ apply: (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, m) });

/** Two random batches of paired inputs and random weights for Phi [2, 3] and Psi [2, 4]. */
function setup(seed: number) {
  const x = tf.randomNormal([32, 2], 0, 1, 'float32', seed);
  const xv = tf.add(x, tf.randomNormal([32, 2], 0, 0.3, 'float32', seed + 1));
  const mPhi = tf.variable(tf.randomNormal([2, 3], 0, 1.5, 'float32', seed + 2));
  const mPsi = tf.variable(tf.randomNormal([2, 4], 0, 1.5, 'float32', seed + 3));
  return { x, xv, mPhi, mPsi, models: { Phi: linear(mPhi), Psi: linear(mPsi) } };
}

describe('H(Z,W) and H(Z|W) between two encoders on paired samples', () => {
  const encoders = [phi, phiView, psi];

  it('parse, print and plan the plug-in of the joint with the Theorem 2 stop-gradient', () => {
    for (const text of ["max H(Z,Z')", "min H(Z|Z')", 'max H(Z,W)', 'min H(Z|W)', "max I(Z;Z') − H(Z|Z')"])
      expect(print(parse(text, { encoders }))).toBe(text);
    expect(parse('min H(Z|W)', { encoders }).body).toEqual({
      kind: 'pairedEntropy',
      a: phi,
      b: psi,
      conditional: true,
    });
    // an encoder of Z given X still defines H(Z|X)
    expect(parse('min H(Z|X)', { encoders }).body).toEqual({ kind: 'condEntropy', enc: phi });
    const t = plan(parse("min H(Z|Z')", { encoders })).terms[0];
    expect(t.estimator).toBe('paired-plugin');
    expect(t.reason).toMatch(/H\(Z\|Z'\) = H\(Z,Z'\) − H\(Z'\)/);
    expect(t.reason).toMatch(/Σ_kl ∂P_kl = 0, so the gradient through the log vanishes .*Theorem 2/);
    expect(t.reason).toMatch(/P ← \(P \+ Pᵀ\)\/2/); // one network on two views
    const same = plan(parse('max H(Z,W)', { encoders })).terms[0];
    expect(same.reason).toMatch(/P = E_b\[p\(z\|x\) p\(w\|x\)ᵀ\]/);
    expect(same.reason).not.toMatch(/Pᵀ\)\/2/);
  });

  it('give −Σ P log P of the exact joint and H(Z,W) − H(W), symmetrised when one network reads both views', () => {
    const s = setup(1);
    const probs = (m: tf.Variable, x: tf.Tensor) =>
      tf.softmax(tf.matMul(x as tf.Tensor2D, m)).arraySync() as number[][];
    const cases: [string, Encoder, Encoder, tf.Tensor, boolean][] = [
      ["H(Z,Z')", phi, phiView, s.xv, true],
      ['H(Z,W)', phi, psi, s.x, false],
    ];
    for (const [name, a, b, y, symmetric] of cases) {
      const joint = jointByLoops(probs(s.mPhi, s.x), probs(b.model === 'Phi' ? s.mPhi : s.mPsi, y), symmetric);
      const cols = joint[0].map((_, l) => joint.reduce((sum, r) => sum + r[l], 0));
      const inputs = { batch: { X: s.x, "X'": s.xv }, models: s.models };
      const value = (text: string) =>
        lower(plan(parse(text, { encoders })))
          .value(inputs)
          .dataSync()[0];
      expect(value(`max ${name}`)).toBeCloseTo(entropy(joint.flat()), 4);
      expect(value(`max ${name.replace(',', '|')}`)).toBeCloseTo(entropy(joint.flat()) - entropy(cols), 4);
      expect(a.model).toBe('Phi');
    }
  });

  it('have the gradient of the exact plug-in (autodiff through log P, no stop-gradient)', () => {
    const s = setup(2);
    const exact = (m: tf.Variable, n: tf.Variable, y: tf.Tensor, symmetric: boolean, conditional: boolean) => {
      const p = tf.softmax(tf.matMul(s.x as tf.Tensor2D, m));
      const q = tf.softmax(tf.matMul(y as tf.Tensor2D, n));
      let joint = tf.div(tf.matMul(p, q, true, false), p.shape[0]);
      if (symmetric) joint = tf.div(tf.add(joint, tf.transpose(joint)), 2);
      const h = (d: tf.Tensor) => tf.neg(tf.sum(tf.mul(d, tf.log(d))));
      return (conditional ? tf.sub(h(joint), h(tf.sum(joint, 0))) : h(joint)) as tf.Scalar;
    };
    const inputs = { batch: { X: s.x, "X'": s.xv }, models: s.models };
    const cases: [string, boolean, tf.Variable, tf.Tensor][] = [
      ["H(Z,Z')", true, s.mPhi, s.xv],
      ['H(Z,W)', false, s.mPsi, s.x],
    ];
    for (const [term, symmetric, other, y] of cases)
      for (const conditional of [false, true]) {
        const text = `max ${conditional ? term.replace(',', '|') : term}`;
        const compiled = lower(plan(parse(text, { encoders })));
        const vars = symmetric ? [s.mPhi] : [s.mPhi, s.mPsi];
        const ours = tf.variableGrads(() => compiled.value(inputs), vars).grads;
        const truth = tf.variableGrads(() => exact(s.mPhi, other, y, symmetric, conditional), vars).grads;
        for (const v of vars) {
          const [g, t] = [ours[v.name].dataSync(), truth[v.name].dataSync()];
          expect(Math.max(...t.map(Math.abs))).toBeGreaterThan(1e-3);
          t.forEach((tv, i) => expect(g[i]).toBeCloseTo(tv, 4));
        }
      }
  });

  it('satisfy I(Z;W) = H(Z) + H(W) − H(Z,W) = H(Z) − H(Z|W) in values and gradients', () => {
    const env = { encoders };
    const info = parse('max I(Z;W)', env);
    expect(checkEquivalent(info, parse('max H(Z) + H(W) − H(Z,W)', env), { draws: 3 }).equivalent).toBe(true);
    expect(checkEquivalent(info, parse('max H(Z) − H(Z|W)', env), { draws: 3 }).equivalent).toBe(true);
    expect(checkEquivalent(info, parse('max H(Z) − H(Z,W)', env), { draws: 3 }).equivalent).toBe(false);
  });

  it('a discrete and a continuous target: an error naming the term and what is missing', () => {
    const f = encoder(variable('V'), X, { family: 'deterministic', model: 'F', size: 2 });
    expect(() => plan(parse('max H(Z,V)', { encoders: [phi, f] }))).toThrow(
      /cannot estimate H\(Z,V\): Z is discrete and V is continuous, so they share no density: only two explicit discrete .* Make both encoders discrete .* or both continuous/,
    );
  });
});
