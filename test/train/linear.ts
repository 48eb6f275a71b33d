/** A least-squares model for tests of the training loop. */
import * as tf from '@tensorflow/tfjs';
import type { Trainable } from '../../src/train/loop.ts';

const N = 64;
const D = 3;

/** Least squares y ≈ x·w + b on fixed data, optionally poisoned so the loss becomes NaN, plus ½·l2·‖w‖² when given. */
export function linear(seed: number, poison = false, l2 = 0): Trainable & { weights(): number[] } {
  const x = tf.randomNormal([N, D], 0, 1, 'float32', 1);
  const y = tf.add(tf.matMul(x, tf.tensor2d([[1], [-2], [0.5]])), tf.randomNormal([N, 1], 0, 0.1, 'float32', 2));
  const w = tf.variable(tf.randomNormal([D, 1], 0, 1, 'float32', seed));
  const b = tf.variable(tf.zeros([1]));
  const rows = (t: tf.Tensor, idx: Int32Array) => tf.gather(t, tf.tensor1d(idx, 'int32'));
  const loss = (idx: Int32Array) => {
    const err = tf.mean(tf.square(tf.sub(tf.add(tf.matMul(rows(x, idx), w), b), rows(y, idx))));
    const penalised = l2 ? tf.add(err, tf.mul(0.5 * l2, tf.sum(tf.square(w)))) : err;
    return (poison ? tf.log(tf.sub(penalised, 1e6)) : penalised) as tf.Scalar;
  };
  return {
    samples: N,
    variables: [w, b],
    loss: (idx) => tf.tidy(() => loss(idx)),
    terms: (idx) => [{ term: 'E[(y − ŷ)²]', value: tf.tidy(() => loss(idx).dataSync()[0]) }],
    // the loss is its one term, so a resumed run's term means are checked with its losses
    reporting: {
      terms: [{ key: 'E[(y − ŷ)²]', estimated: true }],
      lossWithValues: (idx) =>
        tf.tidy(() => {
          const l = loss(idx);
          return { loss: l, values: [tf.clone(l)] };
        }),
    },
    state: () => [w.clone(), b.clone()],
    setState: ([w2, b2]) => {
      w.assign(w2 as tf.Tensor2D);
      b.assign(b2 as tf.Tensor1D);
    },
    weights: () => [...w.dataSync(), ...b.dataSync()],
  };
}
