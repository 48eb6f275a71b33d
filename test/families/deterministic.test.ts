/** The deterministic family: z = f(x), a point mass with an implicit marginal. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/families/index.ts';

const deterministic = FAMILIES.deterministic;

describe('deterministic family', () => {
  it('outputs the raw values and draws them unchanged, reading no noise', () => {
    const raw = tf.tensor2d([
      [0.5, -1.0],
      [2.0, 3.0],
    ]);
    expect(deterministic.rawWidth(2)).toBe(2);
    expect(deterministic.activate(raw, 2).output.arraySync()).toEqual(raw.arraySync());
    expect(deterministic.sample?.noisy).toBe(false);
    expect(deterministic.sample!.draw(raw, tf.ones([2, 2])).arraySync()).toEqual(raw.arraySync());
  });

  it('has no density, no entropy, no KL and no explicit states', () => {
    expect(deterministic.logDensity).toBeUndefined();
    expect(deterministic.entropy).toBeUndefined();
    expect(deterministic.klToPrior).toBeUndefined();
    expect(deterministic.klBetween).toBeUndefined();
    expect(deterministic.explicit(2)).toBeUndefined();
    expect(deterministic.discrete).toBe(false);
  });
});
