/**
 * The VRNN of lecture notes §1.4.1: its three views share one recurrent pass and its noise, the flattened closed-form
 * KL is the sum of the per-step KLs, it agrees with Monte-Carlo through the recurrence, and the spec trains.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sineSequences } from '../../src/data/index.ts';
import { encoder, parse, parseExpr, variable } from '../../src/expr/index.ts';
import { lower, TermContext, type LowerInputs } from '../../src/lower/index.ts';
import { vrnn, type Vrnn } from '../../src/models/index.ts';
import { plan } from '../../src/plan/index.ts';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { objectiveOn } from '../../src/evaluate/validationElbo.ts';

const T = 6;
const DZ = 2;
const [X, Z] = [variable('X'), variable('Z')];
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: T * DZ });
const prior = encoder(Z, X, { family: 'gaussian', model: 'prior', size: T * DZ });
const dec = encoder(X, Z, { family: 'gaussian', model: 'dec', size: T });
const encoders = [q, prior, dec];
const klObjective = parse('max −KL(q(z|x) ‖ prior(z|x))', { encoders });

const setup = (n: number, seed = 3): { v: Vrnn; x: tf.Tensor2D; inputs: LowerInputs } => {
  const v = vrnn({ steps: T, stepDim: 1, latentDim: DZ, units: 8, hidden: [8], seed });
  const x = tf.tensor2d(sineSequences({ n, steps: T, noise: 0.1 }, seed).x, [n, T]);
  return { v, x, inputs: { batch: { X: x }, models: { q: v.posterior, prior: v.prior, dec: v.decoder }, seed: 11 } };
};

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

/** KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) of one dimension from log-variances. */
const kl1 = (m1: number, lv1: number, m2: number, lv2: number) =>
  0.5 * (Math.exp(lv1 - lv2) + (m1 - m2) ** 2 / Math.exp(lv2) - 1 + lv2 - lv1);

describe('VRNN (lecture notes §1.4.1)', () => {
  it('the same seed gives the same weights (seed 0 included)', () => {
    const [a, b] = [
      vrnn({ steps: T, stepDim: 1, latentDim: DZ, units: 8, hidden: [8], seed: 0 }),
      vrnn({ steps: T, stepDim: 1, latentDim: DZ, units: 8, hidden: [8], seed: 0 }),
    ];
    const [wa, wb] = [a.posterior.getWeights(), b.posterior.getWeights()];
    wa.forEach((w, i) => expect(maxDiff(w, wb[i])).toBe(0));
    [a, b].forEach((v) => v.posterior.dispose());
  });

  it('the z the TermContext draws for q is the path the recurrence used; prior and decoder read that same pass', () => {
    const { v, x, inputs } = setup(5);
    tf.tidy(() => {
      const ctx = new TermContext(inputs, new Map(encoders.map((e) => [e.model, e])));
      const { z, noise } = ctx.sample(q);
      const { mean, logVar } = ctx.gaussian(q);
      const again = v.run(x, noise);
      expect(maxDiff(z, tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), noise)))).toBeLessThan(1e-6);
      expect(ctx.valueOf('Z')).toBe(z);
      expect(maxDiff(z, again.z)).toBeLessThan(1e-6);
      expect(maxDiff(ctx.forward(prior), again.prior)).toBeLessThan(1e-6);
      expect(maxDiff(ctx.forward(dec), again.decoder)).toBeLessThan(1e-6);
      expect(() => v.prior.apply(tf.zeros([5, T]), true)).toThrow(/run the posterior on this x first/);
    });
    v.posterior.dispose();
    x.dispose();
  });

  it('the closed-form KL of the flattened Gaussians is the sum over steps of the per-step KLs along the sampled path', () => {
    const { v, x, inputs } = setup(7);
    let noise: tf.Tensor2D | undefined;
    const recording = {
      ...v.posterior,
      sampleAlong: (xs: tf.Tensor, eps: tf.Tensor2D, training: boolean) => {
        noise = tf.keep(eps.clone());
        return v.posterior.sampleAlong(xs, eps, training);
      },
    };
    const p = plan(klObjective);
    expect(p.terms.map((t) => t.estimator)).toEqual(['analytic-gaussian']);
    const flattened = -tf.tidy(
      () =>
        lower(p, encoders)
          .value({ ...inputs, models: { ...inputs.models, q: recording } })
          .dataSync()[0],
    );
    const pass = v.run(x, noise!);
    const [post, pri] = [pass.posterior.arraySync(), pass.prior.arraySync()];
    let perStep = 0; // Σ_t KL(q(z_t|h_{t−1},x_t) ‖ p(z_t|h_{t−1})), mean over sequences
    for (let b = 0; b < 7; b++)
      for (let t = 0; t < T; t++)
        for (let d = 0; d < DZ; d++) {
          const i = t * DZ + d;
          perStep += kl1(post[b][i], post[b][T * DZ + i], pri[b][i], pri[b][T * DZ + i]) / 7;
        }
    expect(flattened).toBeGreaterThan(0.01);
    expect(flattened).toBeCloseTo(perStep, 4);
    v.posterior.dispose();
    [x, noise!].forEach((t) => t.dispose());
  });

  it('the closed-form KL along sampled paths agrees with its Monte-Carlo estimate E_q[log q(z|x) − log prior(z|x)]', () => {
    const { v, x, inputs } = setup(512, 5);
    const analytic = lower(plan(klObjective), encoders);
    const mc = lower(
      plan(klObjective, {
        pins: [{ expr: parseExpr('KL(q(z|x) ‖ prior(z|x))', { encoders }), estimator: 'reparam-mc' }],
      }),
      encoders,
    );
    const runs = (c: typeof mc) =>
      Array.from({ length: 20 }, (_, s) => -tf.tidy(() => c.value({ ...inputs, seed: 100 + s }).dataSync()[0]));
    const stats = (r: number[]) => {
      const mean = r.reduce((a, b) => a + b) / r.length;
      return { mean, se2: r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1) / r.length };
    };
    const [a, m] = [stats(runs(analytic)), stats(runs(mc))];
    expect(a.mean).toBeGreaterThan(0.05);
    expect(Math.abs(a.mean - m.mean)).toBeLessThan(4 * Math.sqrt(a.se2 + m.se2) + 1e-3);
    v.posterior.dispose();
    x.dispose();
  });

  it('the ELBO on validation sequences improves over a tiny training run', () => {
    const elbo = parse('max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))', { encoders });
    const prepared = { encoders, objective: elbo, plan: plan(elbo), hypers: {} };
    const v = vrnn({ steps: T, stepDim: 1, latentDim: DZ, units: 16, hidden: [16], seed: 1 });
    const nets = { q: v.posterior, prior: v.prior, dec: v.decoder };
    const all = sineSequences({ n: 160, steps: T, noise: 0.1 }, 1);
    const [train, val] = [all.x.subarray(0, 128 * T), { ...all, n: 32, x: all.x.slice(128 * T) }];
    const before = objectiveOn(prepared, nets, { X: val }, [T], 0);
    const compiled = lower(prepared.plan, encoders);
    const adam = tf.train.adam(0.01);
    for (let step = 0; step < 30; step++)
      tf.tidy(() => {
        const batch = { X: tf.tensor2d(train.slice((step % 4) * 32 * T, ((step % 4) + 1) * 32 * T), [32, T]) };
        adam.minimize(
          () => compiled.loss({ batch, models: nets, seed: step + 1 }),
          false,
          v.posterior.trainableVariables,
        );
      });
    const after = objectiveOn(prepared, nets, { X: val }, [T], 0);
    expect(after).toBeGreaterThan(before + 3);
    adam.dispose();
    v.posterior.dispose();
  });

  it('specs/vrnn-sines.yaml loads and trains one epoch, reporting the validation ELBO and writing the sequence plot', async () => {
    const spec = parseSpecText(readFileSync('specs/vrnn-sines.yaml', 'utf8'), 'specs/vrnn-sines.yaml');
    const out = join(mkdtempSync(join(tmpdir(), 'vrnn-')), 'run');
    if (spec.train.algorithm === 'em') throw new Error('the VRNN spec trains by gradient');
    const { dir, report } = await trainSpec({ ...spec, train: { ...spec.train, epochs: 1 } }, { out });
    expect(report.estimators.map((e) => e.estimator)).toEqual(['reparam-mc', 'analytic-gaussian']);
    expect(report.epochs).toBe(1);
    expect(Number.isFinite(report.metrics.val_elbo)).toBe(true);
    expect(report.metrics.val_elbo).toBeGreaterThan(report.metrics.val_elbo_init);
    expect(readFileSync(join(dir, 'sequences.svg'), 'utf8')).toContain('generated 4');
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
  });
});
