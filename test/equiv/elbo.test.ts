/** The ELBO's forms (lecture notes §3 and Appendix A.3) agree in values and gradients; the analytic KL agrees with Monte-Carlo. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conditional, encoder, KL, minimize, parse, prior, variable } from '../../src/expr/index.ts';
import { checkEquivalent, smallMlp, type Draw } from '../../src/equiv/index.ts';
import { lower, type ModelLike } from '../../src/lower/index.ts';
import { lectureNotes } from '../../src/objectives/index.ts';
import { plan } from '../../src/plan/index.ts';

const X = variable('X');
const Z = variable('Z');
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });
const dec = encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 6 });

/** A Gaussian encoder 6 → 2 and a Bernoulli decoder 2 → 6 on random binary data. */
const vaeSetup = (draw: number): Draw => {
  const enc = smallMlp(6, 4, 10 + draw);
  const decNet = smallMlp(2, 6, 20 + draw);
  const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([64, 6], 0, 1, 'float32', draw), 0.5), 'float32'));
  return {
    inputs: { batch: { X: x }, models: { q: enc, dec: decNet }, seed: draw + 1 },
    variables: [...enc.variables, ...decNet.variables],
    dispose: () => [...enc.variables, ...decNet.variables, x].forEach((t) => t.dispose()),
  };
};

describe('ELBO forms', () => {
  it('the planner takes the closed-form KL for the VAE form and reparameterised Monte-Carlo for the joint form', () => {
    expect(plan(lectureNotes.elbo(q, dec)).terms.map((t) => t.estimator)).toEqual(['reparam-mc', 'analytic-gaussian']);
    expect(plan(lectureNotes.elboJoint(q, dec)).terms.map((t) => t.estimator)).toEqual([
      'reparam-mc',
      'reparam-mc',
      'reparam-mc',
    ]);
  });

  it('E[log p(x|z)] − KL(q‖p(z)) ≡ E[log p(x,z) − log q(z|x)] with the same reparameterised samples', () => {
    expect(lectureNotes.elbo(q, dec)).toBeEquivalentTo(lectureNotes.elboJoint(q, dec), {
      setup: vaeSetup,
      draws: 3,
      pins: [[{ expr: KL(conditional(q), prior(Z, 'standard-normal')), estimator: 'reparam-mc' }], []],
    });
  });

  it('the analytic KL agrees with its Monte-Carlo estimate averaged over many samples', () => {
    const draw = vaeSetup(7);
    const kl = minimize(KL(conditional(q), prior(Z, 'standard-normal')));
    const analytic = lower(plan(kl));
    const mc = lower(plan(kl, { pins: [{ expr: kl.body, estimator: 'reparam-mc' }] }));
    const exact = analytic.value(draw.inputs).dataSync()[0];
    const runs = Array.from({ length: 400 }, (_, s) => mc.value({ ...draw.inputs, seed: 1000 + s }).dataSync()[0]);
    const mean = runs.reduce((a, b) => a + b) / runs.length;
    const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs.length - 1));
    expect(Math.abs(mean - exact)).toBeLessThan(4 * (sd / Math.sqrt(runs.length)) + 1e-3);
    draw.dispose();
  });

  it('the closed-form KL to a conditional prior p(z|x) agrees with its Monte-Carlo estimate', () => {
    const prior = encoder(Z, X, { family: 'gaussian', model: 'prior', size: 2 });
    const draw = vaeSetup(8);
    const [qNet, priorNet] = [smallMlp(6, 4, 30), smallMlp(6, 4, 40)];
    // a KL of order 1
    const scaled = (net: ModelLike): ModelLike => ({ apply: (x, training) => tf.mul(0.4, net.apply(x, training)) });
    const inputs = { ...draw.inputs, models: { q: scaled(qNet), prior: scaled(priorNet) } };
    const kl = minimize(KL(conditional(q), conditional(prior)));
    const analyticPlan = plan(kl);
    expect(analyticPlan.terms.map((t) => t.estimator)).toEqual(['analytic-gaussian']);
    const exact = lower(analyticPlan).value(inputs).dataSync()[0];
    const mc = lower(plan(kl, { pins: [{ expr: kl.body, estimator: 'reparam-mc' }] }));
    const runs = Array.from({ length: 400 }, (_, s) => mc.value({ ...inputs, seed: 2000 + s }).dataSync()[0]);
    const mean = runs.reduce((a, b) => a + b) / runs.length;
    const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs.length - 1));
    expect(exact).toBeGreaterThan(0.1);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * (sd / Math.sqrt(runs.length)) + 1e-3);
    [...qNet.variables, ...priorNet.variables].forEach((v) => v.dispose());
    draw.dispose();
  });
});

describe('the default random setup of a VAE', () => {
  it('feeds the decoder the encoder’s sample (not a batch of the data’s width): the β-VAE’s forms, KL pinned alike, agree', () => {
    const venv = { encoders: [q, encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 6, observedTarget: true })] };
    const a = parse('max E_x[log[p(x|z)]] − β·KL(p(z|x) ‖ N(z))', venv);
    const b = parse('max E_x[log[p(x|z)]] − β·E_x[log[p(z|x)] − log[N(z)]]', venv);
    const kl = KL(conditional(q), prior(Z, 'standard-normal'));
    const r = checkEquivalent(a, b, {
      hypers: { β: 4 },
      draws: 2,
      pins: [[{ expr: kl, estimator: 'reparam-mc' }], []],
    });
    expect(r.verdict).toBe('proved');
    expect(r.numeric.equivalent, r.worst).toBe(true);
  });
});
