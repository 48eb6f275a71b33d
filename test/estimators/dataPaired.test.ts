/**
 * Issue 15: information between any variables whose joint the spec defines on paired samples. I(Z;Y) of an encoder's
 * Z = Φ(X) and a data variable Y paired with X row by row (the right half of an MNIST digit), and I(Z;W) of a discrete
 * and a continuous encoder: both planned as InfoNCE with a critic (van den Oord et al. 2018; Poole et al. 2019).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { imageViews, loadMnist } from '../../src/data/index.ts';
import { encoder, Idata, parse, printExpr, variable } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { mlp } from '../../src/models/index.ts';
import { plan, PlanError } from '../../src/plan/index.ts';

const [X, Y, Z, W] = ['X', 'Y', 'Z', 'W'].map(variable);
const phi = encoder(Z, X, { family: 'deterministic', model: 'Phi', size: 8 });

describe('I(Z;Y) of an encoder and a paired data variable', () => {
  it('is read from the text when Y is data, printed back, and planned as InfoNCE with a critic on (z, y)', () => {
    const objective = parse('max I(Z;Y)', { encoders: [phi], data: ['X', 'Y'] });
    expect(objective.body).toEqual({ kind: 'dataInfo', enc: phi, v: 'Y' });
    expect(objective.body).toEqual(Idata(Z, Y, phi));
    expect(printExpr(objective.body)).toBe('I(Z;Y)');
    expect(parse('max I(Y;Z)', { encoders: [phi], data: ['Y'] }).body).toEqual(objective.body);
    const [term] = plan(objective).terms;
    expect(term.estimator).toBe('infonce');
    expect(term.rule).toBe('encoder and paired data variable (InfoNCE)');
    expect(term.network?.inputs).toEqual([{ variable: 'Z', size: 8 }, { variable: 'Y' }]);
    expect(term.reason).toMatch(/critic T\(z,y\)/);
    expect(term.reason).toMatch(/Y is data .* so it has no gradient: the bound trains Phi through z and the critic/);
    for (const estimator of ['mine', 'mine-f', 'nwj', 'smile', 'tuba', 'flo', 'jsd-critic'] as const) {
      const pinned = plan(objective, { pins: [{ expr: objective.body, estimator }] }).terms[0];
      expect(pinned.estimator).toBe(estimator);
      expect(pinned.reason).toMatch(/has no gradient/);
    }
  });

  it('stays refused where the spec does not define the pair: a variable the encoder reads, or H(Z,Y)', () => {
    const two = encoder(Z, [X, Y], { family: 'deterministic', model: 'Phi', size: 8 });
    expect(() => parse('max I(Y;Z)', { encoders: [two] })).toThrow(/no encoder defines/);
    expect(() => parse('max H(Z,Y)', { encoders: [phi], data: ['Y'] })).toThrow(/Y is data/);
    expect(() => parse('max I(Z;Y)', { encoders: [phi] })).toThrow(/Y is not defined/);
    expect(() => Idata(Z, X, phi)).toThrow(/must produce Z and not read X/);
  });

  it("never pairs an encoder with a prior latent: a generator's code C is drawn, not data", () => {
    const gen = encoder(variable('G'), variable('C'), { family: 'deterministic', model: 'Gen', size: 2 });
    expect(() => parse('max I(Z;C)', { encoders: [phi, gen], priors: ['C'] })).toThrow(/no encoder defines/);
    expect(parse('max I(Z;C)', { encoders: [phi, gen] }).body.kind).toBe('dataInfo');
  });

  it('training max I(Z;Y) on MNIST halves raises the InfoNCE bound; the encoder and the critic learn, the data has no gradient (bound on held-out rows)', () => {
    const n = 128;
    const [left, right] = imageViews(loadMnist({ n: 400, seed: 1 }).train, 'left-right');
    // rows [from, from + n) of the paired halves: the first n train, the next n are held out
    const rows = (from: number) => ({
      X: tf.tensor2d(left.x.slice(from * left.dim, (from + n) * left.dim), [n, left.dim]),
      Y: tf.tensor2d(right.x.slice(from * right.dim, (from + n) * right.dim), [n, right.dim]),
    });
    const [batch, heldOut] = [rows(0), rows(n)];
    const compiled = lower(plan(parse('max I(Z;Y)', { encoders: [phi], data: ['Y'] })));
    const id = compiled.plan.terms[0].network!.id;
    const enc = mlp({ input: left.dim, hidden: [64], output: 8, batchNorm: false, seed: 1 });
    const critic = mlp({ input: 8 + right.dim, hidden: [64], output: 1, batchNorm: false, seed: 2 });
    const models = { Phi: enc, [id]: critic };
    const value = () => tf.tidy(() => compiled.value({ batch: heldOut, models, seed: 7 }).dataSync()[0]);
    const snapshot = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
    const changed = (vs: tf.Variable[], before: number[][]) =>
      vs.some((v, i) => v.dataSync().some((x, j) => x !== before[i][j]));
    const before = value();
    const [encBefore, criticBefore] = [snapshot(enc.trainableVariables), snapshot(critic.trainableVariables)];
    const yBefore = batch.Y.dataSync().slice();
    // the gradient reaches exactly the encoder's and the critic's variables: the batch tensors are not variables
    const { grads } = tf.variableGrads(() => compiled.loss({ batch, models, seed: 1 }) as tf.Scalar);
    const all = [...enc.trainableVariables, ...critic.trainableVariables];
    expect(Object.keys(grads).sort()).toEqual(all.map((v) => v.name).sort());
    expect(enc.trainableVariables.some((v) => tf.any(tf.notEqual(grads[v.name], 0)).dataSync()[0])).toBe(true);
    tf.dispose(grads);
    const optimizer = tf.train.adam(0.003);
    for (let s = 0; s < 30; s++)
      optimizer.minimize(() => compiled.loss({ batch, models, seed: s + 1 }) as tf.Scalar, false, all);
    const after = value();
    expect(changed(enc.trainableVariables, encBefore)).toBe(true);
    expect(changed(critic.trainableVariables, criticBefore)).toBe(true);
    expect(batch.Y.dataSync()).toEqual(yBefore);
    expect(after).toBeGreaterThan(before + 0.5);
    expect(after).toBeLessThanOrEqual(Math.log(n) + 1e-5);
    tf.dispose([batch.X, batch.Y, heldOut.X, heldOut.Y]);
    [enc, critic, optimizer].forEach((m) => m.dispose());
  }, 20_000);
});

describe('I(Z;W) of a discrete and a continuous encoder', () => {
  const c = encoder(Z, X, { family: 'categorical', model: 'C', size: 3 });
  const g = encoder(W, Y, { family: 'gaussian', model: 'G', size: 2 });

  it('is planned as InfoNCE with a critic reading the state probabilities and the sample, and lowers to a finite bound', () => {
    const objective = parse('max I(Z;W)', { encoders: [c, g] });
    const [term] = plan(objective).terms;
    expect(term.estimator).toBe('infonce');
    expect(term.network?.inputs).toEqual([
      { variable: 'Z', size: 3 },
      { variable: 'W', size: 2 },
    ]);
    expect(term.reason).toMatch(/Z is discrete and W is continuous, so they share no density/);
    expect(term.reason).toMatch(/the state probabilities p\(z\|x\) and the sample w/);
    const compiled = lower(plan(objective));
    const n = 32;
    const C = mlp({ input: 4, hidden: [8], output: 3, batchNorm: false, seed: 1 });
    const G = mlp({ input: 4, hidden: [8], output: 4, batchNorm: false, seed: 2 });
    const critic = mlp({ input: 5, hidden: [8], output: 1, batchNorm: false, seed: 3 });
    const x = tf.randomNormal([n, 4], 0, 1, 'float32', 1);
    const batch = { X: x, Y: tf.add(x, tf.randomNormal([n, 4], 0, 0.1, 'float32', 2)) };
    const models = { C, G, [compiled.plan.terms[0].network!.id]: critic };
    const { value, grads } = tf.variableGrads(() => compiled.loss({ batch, models, seed: 1 }) as tf.Scalar);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    // both encoders and the critic get a gradient
    for (const net of [C, G, critic])
      expect(net.trainableVariables.some((v) => tf.any(tf.notEqual(grads[v.name], 0)).dataSync()[0])).toBe(true);
    tf.dispose([value, x, batch.Y, ...Object.values(grads)]);
    [C, G, critic].forEach((m) => m.dispose());
  });

  it('refuses H(Z,W) and H(Z|W) of the pair: they share no density', () => {
    for (const text of ['max H(Z,W)', 'min H(Z|W)'])
      expect(() => plan(parse(text, { encoders: [c, g] }))).toThrow(
        /Z is discrete and W is continuous, so they share no density: only two explicit discrete encoders have a plug-in joint/,
      );
    expect(() => plan(parse('max H(Z,W)', { encoders: [c, g] }))).toThrow(PlanError);
  });
});
