/** Lecture notes §5: with the optimal discriminator, max_D V(D, G) = −log 4 + 2·JSD(p_data, p_G). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ganValue, optimalLogit } from '../../src/objectives/gan.ts';

const logNormal = (x: number, mu: number) => -0.5 * (x - mu) ** 2 - 0.5 * Math.log(2 * Math.PI);

/** JSD of N(0,1) and N(μ,1) by quadrature on a fine grid (independent of the GAN code). */
function jsdByQuadrature(mu: number): number {
  let s = 0;
  const h = 1e-3;
  for (let x = -12; x <= 12 + mu; x += h) {
    const p = Math.exp(logNormal(x, 0));
    const q = Math.exp(logNormal(x, mu));
    const m = (p + q) / 2;
    if (p > 0) s += 0.5 * p * Math.log(p / m) * h;
    if (q > 0) s += 0.5 * q * Math.log(q / m) * h;
  }
  return s;
}

describe('GAN value and JSD', () => {
  it('V(D*, G) = −log 4 + 2·JSD for p_data = N(0,1), p_G = N(μ,1) (Monte-Carlo, 200k samples each)', () => {
    for (const mu of [0, 0.5, 1, 3]) {
      const v = tf.tidy(() => {
        const xd = tf.randomNormal([200_000], 0, 1, 'float32', 1) as tf.Tensor1D;
        const xg = tf.randomNormal([200_000], mu, 1, 'float32', 2) as tf.Tensor1D;
        const logit = (x: tf.Tensor1D) =>
          optimalLogit(
            tf.mul(-0.5, tf.square(x)) as tf.Tensor1D,
            tf.mul(-0.5, tf.square(tf.sub(x, mu))) as tf.Tensor1D,
          );
        return ganValue(logit(xd), logit(xg)).dataSync()[0];
      });
      expect(v).toBeCloseTo(-Math.log(4) + 2 * jsdByQuadrature(mu), 2);
    }
  });

  it('any other discriminator does worse: D = ½ gives −log 4 ≤ V(D*, G)', () => {
    const xd = tf.randomNormal([1000], 0, 1, 'float32', 3) as tf.Tensor1D;
    expect(ganValue(tf.zerosLike(xd), tf.zerosLike(xd)).dataSync()[0]).toBeCloseTo(-Math.log(4), 4); // float32: wasm's log is ~1e-5 off (plain wasm: −1.386308)
  });
});
