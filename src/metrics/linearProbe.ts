/**
 * Multinomial logistic regression, the linear model of the lecture notes' appendix, and the linear probe built on it:
 * fit on training features and labels, report accuracy on held-out features (never on the training labels alone).
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../data/rng.ts';

export interface ProbeInput {
  readonly trainX: Float32Array;
  readonly trainY: Int32Array;
  readonly testX: Float32Array;
  readonly testY: Int32Array;
  readonly dim: number;
  readonly classes: number;
  readonly epochs?: number;
  readonly lr?: number;
  /** L2 penalty on the weights. */
  readonly weightDecay?: number;
  readonly seed: number;
}

/** Column means and standard deviations of the training features (the test set is scaled with them). */
function scaler(x: Float32Array, dim: number) {
  const n = x.length / dim;
  const mean = new Float32Array(dim);
  const sd = new Float32Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sd[j] += (x[i * dim + j] - mean[j]) ** 2 / n;
  sd.forEach((v, j) => (sd[j] = Math.sqrt(v) || 1));
  return (t: tf.Tensor2D) => tf.div(tf.sub(t, tf.tensor1d(mean)), tf.tensor1d(sd)) as tf.Tensor2D;
}

/** Train softmax regression with Adam on minibatches; returns train and test accuracy. */
export function linearProbe(p: ProbeInput): { trainAcc: number; testAcc: number } {
  const epochs = p.epochs ?? 30;
  const lr = p.lr ?? 0.01;
  const decay = p.weightDecay ?? 1e-4;
  const nTrain = p.trainY.length;
  const scale = scaler(p.trainX, p.dim);
  const trainX = tf.tidy(() => scale(tf.tensor2d(p.trainX, [nTrain, p.dim])));
  const testX = tf.tidy(() => scale(tf.tensor2d(p.testX, [p.testY.length, p.dim])));
  const trainOneHot = tf.oneHot(tf.tensor1d(p.trainY, 'int32'), p.classes);
  const w = tf.variable(tf.zeros([p.dim, p.classes]));
  const b = tf.variable(tf.zeros([p.classes]));
  const optimizer = tf.train.adam(lr);
  const rng = makeRng(`${p.seed}:probe`);
  const batch = Math.min(256, nTrain);
  for (let e = 0; e < epochs; e++) {
    const perm = rng.permutation(nTrain);
    for (let s = 0; s + batch <= nTrain; s += batch) {
      const idx = tf.tensor1d(perm.subarray(s, s + batch), 'int32');
      optimizer.minimize(() => {
        const logits = tf.add(tf.matMul(tf.gather(trainX, idx), w), b);
        return tf.add(tf.losses.softmaxCrossEntropy(tf.gather(trainOneHot, idx), logits), tf.mul(decay, tf.sum(tf.square(w)))) as tf.Scalar;
      });
      idx.dispose();
    }
  }
  const accuracy = (x: tf.Tensor2D, y: Int32Array) =>
    tf.tidy(() => {
      const pred = tf.argMax(tf.add(tf.matMul(x, w), b), 1).dataSync() as Int32Array;
      return pred.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;
    });
  const result = { trainAcc: accuracy(trainX, p.trainY), testAcc: accuracy(testX, p.testY) };
  [trainX, testX, trainOneHot, w, b].forEach((t) => t.dispose());
  optimizer.dispose();
  return result;
}
