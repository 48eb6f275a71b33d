/** Multi-scale heads (Neural Bayes Appendix E) on a small CNN: the heads, and their loss against MIM-v2's terms by hand. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encoder, variable } from '../../src/expr/index.ts';
import { lower } from '../../src/lower/index.ts';
import { cnnMnist, multiScaleHeads } from '../../src/models/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { plan } from '../../src/plan/index.ts';
import { multiScaleLoss } from '../../src/objectives/multiscale.ts';

/** −E Σ_k L_k log(L_k + ε) + (1 + α)·R_p over the rows of `logits`, computed directly (Eq. 10 without R_c, Eq. 9). */
function byHand(logits: tf.Tensor2D, alpha: number): number {
  return tf.tidy(() => {
    const L = tf.softmax(logits);
    const K = logits.shape[1];
    const cond = tf.neg(tf.mean(tf.sum(tf.mul(L, tf.log(tf.add(L, 1e-7))), 1)));
    const p = tf.mean(L, 0);
    const rp = tf.neg(
      tf.sum(tf.add(tf.mul(1 / K, tf.log(tf.add(p, 1e-7))), tf.mul((K - 1) / K, tf.log(tf.add(tf.sub(1, p), 1e-7))))),
    );
    return tf.add(cond, tf.mul(1 + alpha, rp)).dataSync()[0];
  });
}

describe('multi-scale heads', () => {
  const net = cnnMnist({ output: 10, widthScale: 0.05, seed: 1 });
  const x = tf.randomUniform([6, 28, 28, 1], 0, 1, 'float32', 2);

  it('every 4-D hidden layer and its 2×2 average-pooled version is a head; locations are samples', () => {
    const { heads } = multiScaleHeads(net, [28, 28, 1]);
    expect(heads.map((h) => h.name)).toEqual(['h0', 'P(h0)', 'h1', 'P(h1)', 'h2', 'P(h2)', 'h3', 'P(h3)']);
    expect(heads[0].model.apply(x, false).shape).toEqual([6 * 26 * 26, 5]);
    expect(heads[1].model.apply(x, false).shape).toEqual([6 * 13 * 13, 5]);
    expect(heads[7].model.apply(x, false).shape).toEqual([6 * 1 * 1, 25]);
  });

  it('the planned head objective equals MIM-v2’s first two terms averaged over heads, with finite gradients', () => {
    const alpha = 0.5;
    const { loss } = multiScaleLoss(net, [28, 28, 1]);
    const inputs = { batch: { X: x }, models: {}, hypers: { α: alpha }, training: false, seed: 1 };
    const { heads } = multiScaleHeads(net, [28, 28, 1]);
    const expected =
      heads.reduce((s, h) => s + byHand(h.model.apply(x, false) as tf.Tensor2D, alpha), 0) / heads.length;
    expect(loss(inputs).dataSync()[0]).toBeCloseTo(expected, 4);
    const { grads } = tf.variableGrads(() => loss(inputs), net.trainableVariables);
    expect(Object.values(grads).every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
  });

  it('each head’s loss is the lowered MIM-v2 preset (Eq. 10 with β = 0) on that head’s logits', () => {
    const alpha = 2;
    const { heads: names, headLosses } = multiScaleLoss(net, [28, 28, 1]);
    const got = headLosses({ batch: { X: x }, models: {}, hypers: { α: alpha }, training: false, seed: 3 }).map(
      (l) => l.dataSync()[0],
    );
    const { heads } = multiScaleHeads(net, [28, 28, 1]);
    expect(names).toEqual(heads.map((h) => h.name));
    heads.forEach((head, i) => {
      const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: head.channels });
      const mim = lower(plan(neuralBayes.mimV2(L)));
      const want = mim
        .loss({ batch: { X: x }, models: { L: head.model }, hypers: { α: alpha, β: 0 }, training: false, seed: 3 })
        .dataSync()[0];
      expect(got[i]).toBeCloseTo(want, 4);
    });
  });
});
