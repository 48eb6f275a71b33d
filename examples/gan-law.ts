// The GAN law (lecture notes §2.1.1, Eq. 4): for a fixed generator the best discriminator D*(x) = p_data/(p_data + p_G)
// gives max_D V(G, D) = −log 4 + 2·JSD(p_data ‖ p_G). Here p_data = N(0, 1) and p_G = N(μ, 1): V(D*, G) by Monte-Carlo
// on 100,000 samples of each, against the JSD by quadrature; any other discriminator (D = ½, or a shifted D*) does
// worse.
import * as tf from '@tensorflow/tfjs';
import { gan, useBackend } from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

// up to the shared constant
const logNormal = (x: tf.Tensor1D, mu: number) => tf.mul(-0.5, tf.square(tf.sub(x, mu))) as tf.Tensor1D;

/** JSD(N(0,1) ‖ N(μ,1)) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, by the midpoint rule on [−12, 12 + μ]. */
function jsd(mu: number): number {
  const density = (x: number, m: number) => Math.exp(-0.5 * (x - m) ** 2) / Math.sqrt(2 * Math.PI);
  let s = 0;
  for (let x = -12; x <= 12 + mu; x += 1e-3) {
    const [p, q] = [density(x, 0), density(x, mu)];
    const m = (p + q) / 2;
    s += 0.5 * 1e-3 * ((p > 0 ? p * Math.log(p / m) : 0) + (q > 0 ? q * Math.log(q / m) : 0));
  }
  return s;
}

for (const mu of [0, 0.5, 1, 3]) {
  const [optimal, half, shifted] = tf.tidy(() => {
    const real = tf.randomNormal([100_000], 0, 1, 'float32', 1) as tf.Tensor1D;
    const fake = tf.randomNormal([100_000], mu, 1, 'float32', 2) as tf.Tensor1D;
    // log p_data − log p_G
    const logit = (x: tf.Tensor1D, shift = 0) => gan.optimalLogit(logNormal(x, 0), logNormal(x, mu + shift));
    return [
      gan.ganValue(logit(real), logit(fake)),
      gan.ganValue(tf.zeros([100_000]), tf.zeros([100_000])),
      gan.ganValue(logit(real, 0.5), logit(fake, 0.5)),
    ].map((v) => v.dataSync()[0]);
  });
  console.log(
    `μ = ${mu}: V(D*, G) = ${optimal.toFixed(4)}   −log 4 + 2·JSD = ${(-Math.log(4) + 2 * jsd(mu)).toFixed(4)}   V(½, G) = ${half.toFixed(4)}   V(D* shifted, G) = ${shifted.toFixed(4)}`,
  );
}
