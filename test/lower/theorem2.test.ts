/**
 * Neural Bayes Theorem 2, checked numerically on a fixed model and data set:
 * the minibatch plug-in with stop-gradient gives the exact gradient on the full batch, its minibatch mean
 * approaches the exact gradient, and the stop-gradient is needed when the plugged-in marginal is not the batch's own
 * mean.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoder, variable } from '../../src/expr/index.ts';
import { smallMlp } from '../../src/equiv/index.ts';
import { lower, type LowerInputs } from '../../src/lower/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { plan } from '../../src/plan/index.ts';

const N = 512;
const D = 6;
const K = 5;
const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: K });
const compiled = lower(plan(neuralBayes.mimInfo(L)));

let net: ReturnType<typeof smallMlp>;
let data: tf.Tensor2D;
beforeAll(() => {
  net = smallMlp(D, K, 42, 16);
  data = tf.randomNormal([N, D], 0, 1, 'float32', 7);
});
afterAll(() => {
  net.variables.forEach((v) => v.dispose());
  data.dispose();
});

/** Flattened gradient of f with respect to the network's variables. */
function gradient(f: () => tf.Scalar): Float32Array {
  const { value, grads } = tf.variableGrads(f, net.variables);
  const flat = tf.tidy(
    () => tf.concat(net.variables.map((v) => tf.reshape(grads[v.name], [-1]))).dataSync() as Float32Array,
  );
  value.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  return flat;
}

/** The exact objective I(X;Z) on the whole data set, differentiated through everything (no stop-gradient anywhere). */
const exactLoss = () => {
  const p = tf.softmax(net.apply(data, true));
  const marginal = tf.mean(p, 0);
  const condEntropy = tf.neg(tf.mean(tf.sum(tf.mul(p, tf.log(p)), 1)));
  const entropy = tf.neg(tf.sum(tf.mul(marginal, tf.log(marginal))));
  return tf.neg(tf.sub(entropy, condEntropy)) as tf.Scalar; // loss = −I
};

const inputs = (x: tf.Tensor, extra: Partial<LowerInputs> = {}): LowerInputs => ({
  batch: { X: x },
  models: { L: net },
  ...extra,
});
const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const diff = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - b[i]);
const relError = (a: Float32Array, exact: Float32Array) => maxAbs(diff(a, exact)) / maxAbs(exact);

/** Mean over the disjoint minibatches of size B of the gradient of `loss(batch)`. */
function meanMinibatchGradient(B: number, loss: (x: tf.Tensor2D) => tf.Scalar): Float32Array {
  const sum = new Float32Array(gradient(exactLoss).length);
  for (let start = 0; start < N; start += B) {
    const x = tf.slice(data, [start, 0], [B, D]);
    gradient(() => loss(x)).forEach((g, i) => (sum[i] += g));
    x.dispose();
  }
  return sum.map((g) => g / (N / B));
}

describe('Theorem 2 (gradient simplification)', () => {
  it('on the full batch, the plug-in with stop-gradient has exactly the gradient of the exact objective', () => {
    const exact = gradient(exactLoss);
    const planned = gradient(() => compiled.loss(inputs(data)));
    expect(relError(planned, exact)).toBeLessThan(1e-4);
  });

  it('the mean over minibatches is exact with a good plugged-in marginal, and approaches it with the batch’s own', () => {
    const exact = gradient(exactLoss);
    const fullMarginal = tf.tidy(() => tf.mean(tf.softmax(net.apply(data, true)), 0));
    const withFull = meanMinibatchGradient(64, (x) => compiled.loss(inputs(x, { marginals: { L: fullMarginal } })));
    expect(relError(withFull, exact)).toBeLessThan(1e-4); // linear in the samples: unbiased, and exact over a partition
    const errors = [16, 64, 256].map((B) =>
      relError(
        meanMinibatchGradient(B, (x) => compiled.loss(inputs(x))),
        exact,
      ),
    );
    expect(errors[0]).toBeGreaterThan(errors[1]);
    expect(errors[1]).toBeGreaterThan(errors[2]);
    expect(errors[2]).toBeLessThan(0.05);
    fullMarginal.dispose();
  });

  it('the stop-gradient is needed: with a running-average marginal, differentiating through it changes the minibatch gradient', () => {
    const exact = gradient(exactLoss);
    const fullMarginal = tf.tidy(() => tf.mean(tf.softmax(net.apply(data, true)), 0));
    // p̃ = 0.9·(running estimate) + 0.1·(this batch's mean), computed inside the differentiated function, as a running
    // average is
    const running = (x: tf.Tensor) =>
      tf.add(tf.mul(0.9, fullMarginal), tf.mul(0.1, tf.mean(tf.softmax(net.apply(x, true)), 0)));
    const withStop = meanMinibatchGradient(16, (x) => compiled.loss(inputs(x, { marginals: { L: running(x) } })));
    const withoutStop = meanMinibatchGradient(16, (x) => {
      const p = tf.softmax(net.apply(x, true));
      const pTilde = running(x);
      const condEntropy = tf.neg(tf.mean(tf.sum(tf.mul(p, tf.log(p)), 1)));
      return tf.neg(tf.sub(tf.neg(tf.sum(tf.mul(tf.mean(p, 0), tf.log(pTilde)))), condEntropy)) as tf.Scalar;
    });
    const errWith = relError(withStop, exact);
    const errWithout = relError(withoutStop, exact);
    // on one minibatch the two gradients differ clearly …
    const x = tf.slice(data, [0, 0], [16, D]);
    const one = gradient(() => compiled.loss(inputs(x, { marginals: { L: running(x) } })));
    const oneWithout = gradient(() => {
      const p = tf.softmax(net.apply(x, true));
      const condEntropy = tf.neg(tf.mean(tf.sum(tf.mul(p, tf.log(p)), 1)));
      return tf.neg(tf.sub(tf.neg(tf.sum(tf.mul(tf.mean(p, 0), tf.log(running(x))))), condEntropy)) as tf.Scalar;
    });
    x.dispose();
    const perBatch = relError(oneWithout, one);
    console.log(
      `one minibatch: |g_without − g_with|/|g_with| = ${perBatch.toExponential(2)}; mean over minibatches vs exact: with ${errWith.toExponential(2)}, without ${errWithout.toExponential(2)}`,
    );
    expect(perBatch).toBeGreaterThan(0.03);
    // … and averaged over the minibatches, the stop-gradient version is the closer to the exact gradient
    expect(errWith).toBeLessThan(0.75 * errWithout);
    fullMarginal.dispose();
  });
});
