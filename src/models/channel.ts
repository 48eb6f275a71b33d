/**
 * The Gaussian channel of MIGE's toy (§4.1) as a network: x ↦ [ρx, log(1−ρ²)], the mean and log-variance of
 * q(y|x) = N(ρx, (1−ρ²)I), so that y = ρx + √(1−ρ²)ε. Its one parameter is ρ.
 */
import * as tf from '../tf.ts';
import type { Network } from './network.ts';
import { ChannelOptions, checkArgs } from '../api/arguments.ts';

export function gaussianChannel(o: { rho: number; trainable: boolean }): Network & { rho: tf.Variable } {
  checkArgs('gaussianChannel', { options: [ChannelOptions, o] });
  const rho = tf.variable(tf.scalar(o.rho), o.trainable);
  return {
    describe: `Gaussian channel y = ρx + √(1−ρ²)ε (ρ ${o.trainable ? 'trained' : 'fixed'} at ${o.rho})`,
    rho,
    trainableVariables: o.trainable ? [rho] : [],
    apply: (x) =>
      tf.concat([tf.mul(rho, x), tf.mul(tf.log(tf.sub(1, tf.square(rho))), tf.onesLike(x))], 1) as tf.Tensor2D,
    hidden: () => [],
    getWeights: () => [rho.clone()],
    setWeights: ([w]) => rho.assign(w as tf.Scalar),
    dispose: () => rho.dispose(),
  };
}
