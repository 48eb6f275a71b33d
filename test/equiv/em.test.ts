/**
 * EM for a Gaussian mixture (lecture notes Appendix A.3.1): the ELBO's three forms agree, E is tight, the likelihood
 * never decreases, and the closed-form M step maximises the DSL objective `em.elbo`.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '../../src/data/index.ts';
import { lower } from '../../src/lower/index.ts';
import {
  componentsNetwork,
  elbo,
  elboForms,
  eStep,
  logLikelihood,
  mixtureEncoders,
  mStep,
  posteriorNetwork,
  type Mixture,
} from '../../src/objectives/em.ts';
import { plan } from '../../src/plan/index.ts';

const data = makeSynthetic({ shape: 'blobs', clusters: 3, n: 600, noise: 0.6 }, 4);
const x = tf.tensor2d(data.x, [data.n, data.dim]);
const start = (): Mixture => ({
  logits: tf.zeros([3]),
  means: tf.randomNormal([3, 2], 0, 1, 'float32', 7),
  logVars: tf.zeros([3, 2]),
});

describe('EM on a Gaussian mixture', () => {
  it('the three ELBO forms have equal values and equal gradients for any q', () => {
    const m = start();
    const vars = [tf.variable(m.logits), tf.variable(m.means), tf.variable(m.logVars)] as const;
    const mixture: Mixture = {
      logits: vars[0] as tf.Tensor1D,
      means: vars[1] as tf.Tensor2D,
      logVars: vars[2] as tf.Tensor2D,
    };
    const q = tf.softmax(tf.randomNormal([data.n, 3], 0, 2, 'float32', 9)) as tf.Tensor2D; // an arbitrary q(z|x)
    const forms = ['logEvidenceMinusKL', 'jointMinusEntropy', 'likelihoodMinusPriorKL'] as const;
    const values = forms.map((f) => elboForms(x, mixture, q)[f].dataSync()[0]);
    values.forEach((v) => expect(v).toBeCloseTo(values[0], 4));
    const grads = forms.map((f) => {
      const { grads: g } = tf.variableGrads(() => elboForms(x, mixture, q)[f], [...vars]);
      return vars.flatMap((v) => Array.from(g[v.name].dataSync()));
    });
    grads.forEach((g) => g.forEach((v, i) => expect(v).toBeCloseTo(grads[0][i], 3)));
    expect(values[0]).toBeLessThan(logLikelihood(x, mixture).dataSync()[0]); // a lower bound …
    const tight = elboForms(x, mixture, eStep(x, mixture)).logEvidenceMinusKL.dataSync()[0];
    expect(tight).toBeCloseTo(logLikelihood(x, mixture).dataSync()[0], 4); // … tight at q = p(z|x) (the E step)
  });

  it('the log-likelihood never decreases over EM iterations, and the fit finds the three blobs', () => {
    let m = start();
    const trace: number[] = [logLikelihood(x, m).dataSync()[0]];
    for (let t = 0; t < 40; t++) {
      m = mStep(x, eStep(x, m));
      trace.push(logLikelihood(x, m).dataSync()[0]);
    }
    trace.slice(1).forEach((v, t) => expect(v).toBeGreaterThanOrEqual(trace[t] - 1e-5));
    expect(trace[trace.length - 1] - trace[0]).toBeGreaterThan(0.5);
    const assigned = tf.argMax(eStep(x, m), 1).dataSync();
    const agree = new Set(Array.from(data.labels!, (l, i) => `${l}-${assigned[i]}`)).size;
    expect(agree).toBeLessThanOrEqual(4); // each blob maps to one component (a few boundary points may not)
  });

  it('the DSL objective em.elbo equals form (3) after an M step, and the M step is its stationary point in μ and log σ²', () => {
    const before = start();
    const q = eStep(x, before);
    const after = mStep(x, q);
    const { q: qEnc, p } = mixtureEncoders(3, 2);
    const compiled = lower(plan(elbo(qEnc, p)));
    const means = tf.variable(after.means);
    const logVars = tf.variable(after.logVars);
    const value = () =>
      compiled.value({
        batch: { X: x },
        models: { q: posteriorNetwork(before), gmm: componentsNetwork({ logits: after.logits, means, logVars }) },
        training: false,
      });
    expect(value().dataSync()[0]).toBeCloseTo(elboForms(x, after, q).likelihoodMinusPriorKL.dataSync()[0], 4);
    const largestGradient = () => {
      const { grads } = tf.variableGrads(value, [means, logVars]);
      return Math.max(...[means, logVars].flatMap((v) => Array.from(grads[v.name].dataSync(), Math.abs)));
    };
    expect(largestGradient()).toBeLessThan(1e-4);
    means.assign(tf.add(after.means, 0.3));
    expect(largestGradient()).toBeGreaterThan(1e-2); // away from the M step's solution the objective is not flat
  });
});
