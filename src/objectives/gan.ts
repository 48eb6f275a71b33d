/**
 * The GAN minimax value (lecture notes §5): V(D, G) = E_{p_data}[log D(x)] + E_{p_G}[log(1 − D(x))], written with
 * discriminator logits a(x), D = σ(a), so log D = −softplus(−a) and log(1 − D) = −softplus(a) (numerically stable).
 * For the optimal discriminator D*(x) = p_data(x)/(p_data(x) + p_G(x)) — logit log p_data − log p_G — the notes show
 * max_D V(D, G) = −log 4 + 2·JSD(p_data, p_G).
 */
import * as tf from '../tf.ts';

/** V(D, G) from the discriminator's logits on data samples and on generated samples. */
export const ganValue = (logitsOnData: tf.Tensor1D, logitsOnGenerated: tf.Tensor1D): tf.Scalar =>
  tf.tidy(
    () =>
      tf.sub(tf.neg(tf.mean(tf.softplus(tf.neg(logitsOnData)))), tf.mean(tf.softplus(logitsOnGenerated))) as tf.Scalar,
  );

/** Logit of the optimal discriminator from the two log-densities: log p_data(x) − log p_G(x). */
export const optimalLogit = (logPData: tf.Tensor1D, logPG: tf.Tensor1D): tf.Tensor1D =>
  tf.sub(logPData, logPG) as tf.Tensor1D;
