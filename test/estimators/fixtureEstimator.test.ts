/**
 * Adding an estimator is one module and one registry line: a fixture module (fixtures/maxEntropy.ts) registered with
 * `withEstimators` is planned by its rule, explained with its reason and lowered by its own lowering, and the shipped
 * registry is untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { smallMlp } from '../../src/equiv/index.ts';
import { encoder, H, Hcond, maximize, sub, variable } from '../../src/expr/index.ts';
import { withEstimators } from '../../src/estimators/index.ts';
import { lower } from '../../src/lower/index.ts';
import { explain, plan } from '../../src/plan/index.ts';
import { maxEntropy } from './fixtures/maxEntropy.ts';

const estimators = withEstimators([maxEntropy]);

const K = 6;
const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: K });
const mutualInformation = maximize(sub(H(Z, L), Hcond(Z, X, L)));
const net = smallMlp(3, K, 5, 8);
const inputs = { batch: { X: tf.randomNormal([32, 3], 0, 1, 'float32', 3) }, models: { L: net } };
afterAll(() => {
  net.variables.forEach((v) => v.dispose());
  inputs.batch.X.dispose();
});

describe('an estimator added by one module and one registry line', () => {
  const p = plan(mutualInformation, { estimators });

  it('is planned by its rule, ahead of the shipped rules it outranks', () => {
    expect(p.terms.map((t) => [t.term, t.estimator, t.rule])).toEqual([
      ['H(Z)', 'max-entropy', 'maximum entropy of a discrete variable (fixture)'],
      ['H(Z|X)', 'minibatch-mean', 'explicit discrete marginal (Neural Bayes Lemma 1, Theorem 2)'],
    ]);
    expect(plan(mutualInformation).terms[0].estimator).toBe('plugin-theorem2');
  });

  it('yields to a pin of a shipped estimator', () => {
    const pinned = plan(mutualInformation, { estimators, pins: [{ expr: H(Z, L), estimator: 'plugin-theorem2' }] });
    expect(pinned.terms[0]).toMatchObject({ estimator: 'plugin-theorem2', rule: 'pinned by the user' });
  });

  it('is explained with its reason', () => {
    expect(explain(p)).toContain(`H(Z) ≤ log ${K}, reached by the uniform marginal`);
  });

  it('is lowered by its own lowering: its value is the term’s in the objective', () => {
    const { value, terms } = lower(p).evaluate(inputs);
    const [entropy, conditional] = terms;
    expect(entropy).toMatchObject({ term: 'H(Z)' });
    expect(entropy.value).toBeCloseTo(Math.log(K), 5);
    expect(conditional.value).toBeGreaterThan(0);
    expect(value).toBeCloseTo(Math.log(K) - conditional.value, 5);
  });
});
