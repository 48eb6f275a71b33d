/** Small tfjs helpers the lowering and the estimators share. */
import * as tf from '../tf.ts';
import { checkArgs, optional, Tensor } from '../api/check.ts';

/** Stop-gradient: forward value unchanged, zero gradient (tfjs has no public stopGradient). */
const blockGradient = ((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0];
const blocked = tf.customGrad(blockGradient) as unknown as <T extends tf.Tensor>(x: T) => T;
export const stopGradient = <T extends tf.Tensor>(x: T): T => {
  checkArgs('stopGradient', { x: [Tensor, x] });
  return blocked(x);
};

/**
 * f(x) as a constant: its value forward, no gradient to x, and f's own ops kept off the gradient tape (a customGrad's
 * forward is not recorded), where stopGradient(f(x)) would still run f's backward pass on zeros.
 */
export function constantOf<T extends tf.Tensor>(x: tf.Tensor, f: (x: tf.Tensor) => T): T {
  const constant = ((v: tf.Tensor) => ({
    value: f(v),
    gradFunc: () => tf.zerosLike(v),
  })) as unknown as Parameters<typeof tf.customGrad>[0];
  return (tf.customGrad(constant) as unknown as (v: tf.Tensor) => T)(x);
}

/** Numerical guard inside logs (Neural Bayes Eq. 5, 10: ε = 1e-7). */
export const EPS = 1e-7;

/** log(x + ε). */
export const safeLog = (x: tf.Tensor): tf.Tensor => {
  checkArgs('safeLog', { x: [Tensor, x] });
  return tf.log(tf.add(x, EPS));
};

/** `value` forward, gradient of `surrogate` backward: sg(value) + surrogate − sg(surrogate). */
export const withGradientOf = (value: tf.Tensor, surrogate: tf.Tensor): tf.Tensor => {
  checkArgs('withGradientOf', { value: [Tensor, value], surrogate: [Tensor, surrogate] });
  return tf.add(stopGradient(value), tf.sub(surrogate, stopGradient(surrogate)));
};

/**
 * Gradient reversal (Ganin & Lempitsky 2015): identity forward, gradient −scale·dy backward. A critic that maximises a
 * bound the rest of the model minimises reads its input through this, so one loss moves both players in their
 * direction. `scale` (per row, no gradient) reshapes the reversed gradient, e.g. into the non-saturating generator step
 * of a GAN.
 */
export function reverseGradient<T extends tf.Tensor>(x: T, scale?: tf.Tensor1D): T {
  checkArgs('reverseGradient', { x: [Tensor, x], scale: [optional(Tensor), scale] });
  const reverse = ((v: tf.Tensor) => ({
    value: v.clone(),
    gradFunc: (dy: tf.Tensor) =>
      scale ? tf.neg(tf.mul(dy, tf.reshape(scale, [-1, ...dy.shape.slice(1).map(() => 1)]))) : tf.neg(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0];
  return (tf.customGrad(reverse) as unknown as (v: T) => T)(x);
}
