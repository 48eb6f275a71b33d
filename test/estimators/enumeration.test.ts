/** `enumerate-states`: E_{z~q}[log p(x|z)] over a categorical z as the exact sum Σ_k q_k(x)·log p(x|z=k), for each decoder family. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  conditional,
  E,
  encoder,
  logDensity,
  maximize,
  mul,
  out,
  sumK,
  variable,
  type EncoderKind,
} from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { plan } from '../../src/plan/index.ts';

const X = variable('X'),
  Z = variable('Z');
const K = 3,
  D = 4,
  B = 5;
const q = encoder(Z, X, { family: 'categorical', model: 'q', size: K });
const logits = tf.randomNormal([B, K], 0, 1, 'float32', 1); // q's output, whatever x is
const table = tf.randomNormal([K, 2 * D], 0, 1, 'float32', 2); // the decoder's parameters per state (rows e_k·table)

/** Σ_k q_k log p(x|z=k) by loops, from the per-state parameters row k of `table`. */
function bySum(family: EncoderKind, x: number[][]): number {
  const qs = tf.softmax(logits).arraySync() as number[][];
  const t = table.arraySync() as number[][];
  const logSigmoid = (a: number) => -Math.log1p(Math.exp(-a));
  const logP = (b: number, k: number) => {
    if (family === 'gaussian')
      return x[b].reduce(
        (s, v, d) => s - 0.5 * ((v - t[k][d]) ** 2 / Math.exp(t[k][D + d]) + t[k][D + d] + Math.log(2 * Math.PI)),
        0,
      );
    if (family === 'bernoulli')
      return x[b].reduce((s, v, d) => s + v * logSigmoid(t[k][d]) + (1 - v) * logSigmoid(-t[k][d]), 0);
    const row = t[k].slice(0, D);
    const logZ = Math.log(row.reduce((s, a) => s + Math.exp(a), 0));
    return x[b].reduce((s, v, d) => s + v * (row[d] - logZ), 0);
  };
  return qs.reduce((s, qb, b) => s + qb.reduce((t2, qk, k) => t2 + qk * logP(b, k), 0), 0) / B;
}

describe('enumerate-states', () => {
  it.each(['gaussian', 'bernoulli', 'categorical'] as const)('is exact for a %s decoder p(x|z)', (family) => {
    const dec = encoder(X, Z, { family, model: 'dec', size: D });
    const objective = maximize(E(X, sumK(mul(out(q), logDensity(conditional(dec))))));
    const planned = plan(objective);
    expect(planned.terms.map((t) => t.estimator)).toEqual(['enumerate-states']);
    const x =
      family === 'gaussian'
        ? tf.randomNormal([B, D], 0, 1, 'float32', 3)
        : tf.oneHot(tf.tensor1d([0, 3, 1, 2, 3], 'int32'), D);
    const width = family === 'gaussian' ? 2 * D : D;
    const models = {
      q: { apply: () => logits },
      dec: { apply: (z: tf.Tensor) => tf.matMul(z as tf.Tensor2D, tf.slice(table, [0, 0], [K, width])) },
    };
    const value = lower(planned)
      .value({ batch: { X: x }, models, training: false })
      .dataSync()[0];
    expect(value).toBeCloseTo(bySum(family, x.arraySync() as number[][]), 4);
  });
});
