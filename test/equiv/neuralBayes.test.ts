/** Identities among the Neural Bayes objectives (issue: DMS/MIM equivalences). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, variable } from '../../src/expr/index.ts';
import { smallMlp, type Draw } from '../../src/equiv/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';

const X = variable('X');
const Z = variable('Z');
const bern = encoder(Z, X, { family: 'bernoulli', model: 'B', size: 1 });
const cat2 = encoder(Z, X, { family: 'categorical', model: 'C', size: 2 });

/** One network a(x); the Bernoulli encoder is σ(a), the 2-way softmax encoder is softmax([0, a]) — the same L(x). */
const sharedSetup = (draw: number): Draw => {
  const net = smallMlp(4, 1, 100 + draw);
  const x = tf.randomNormal([96, 4], 0, 1, 'float32', draw);
  return {
    inputs: {
      batch: { X: x },
      models: {
        B: net,
        C: { apply: (input: tf.Tensor) => tf.concat([tf.zeros([input.shape[0], 1]), net.apply(input, true)], 1) },
      },
    },
    variables: net.variables,
    dispose: () => {
      net.variables.forEach((v) => v.dispose());
      x.dispose();
    },
  };
};

describe('Neural Bayes identities', () => {
  it('multi-partition DMS (Eq. 23) with K = 2 ≡ binary DMS (Eq. 3 / JSD form)', () => {
    expect(neuralBayes.dmsMulti(cat2)).toBeEquivalentTo(neuralBayes.dmsJsd(bern), { setup: sharedSetup, draws: 4 });
    expect(neuralBayes.dmsMulti(cat2)).toBeEquivalentTo(neuralBayes.dmsEq3(bern), { setup: sharedSetup, draws: 4 });
  });
});
