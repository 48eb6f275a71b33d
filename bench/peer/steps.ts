/**
 * The two training steps of the performance goal, written in plain tfjs exactly as a user would (no library
 * lowering), so that they time the kernels: the MLP 784-500-500-10 and the MNIST CNN of Neural Bayes Appendix C,
 * both with the Neural Bayes MIM plug-in head (Eq. 8, stop-gradient through E_x[L] per Theorem 2) and Adam 1e-3.
 * The PyTorch twins are /work/shared/bench/torch_peer.py (MLP) and bench/peer/torch_cnn.py (CNN).
 */
import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../../src/term/ops.ts';

/** One training step: runs forward, backward and the Adam update, and resolves when the loss is read back. */
export interface Step {
  run(): Promise<number>;
  dispose(): void;
  /** Multiply-add count of one forward pass over the batch, times 2 (FLOPs), for the GFLOP/s column. */
  forwardFlops: number;
}

// Neural Bayes MIM plug-in (Eq. 8): −E_x Σ_k L_k log(L_k / E_x[L_k]), with E_x[L] held constant (Theorem 2).
export function mimLoss(logits: tf.Tensor2D): tf.Scalar {
  const L = tf.softmax(logits);
  const m = stopGradient(tf.mean(L, 0));
  return tf.neg(tf.mean(tf.sum(tf.mul(L, tf.log(tf.add(tf.div(L, m), 1e-7))), 1))) as tf.Scalar;
}

function makeStep(
  vars: tf.Variable[],
  x: tf.Tensor,
  forward: (x: tf.Tensor) => tf.Tensor2D,
  forwardFlops: number,
): Step {
  const opt = tf.train.adam(1e-3);
  const loss = () => tf.tidy(() => mimLoss(forward(x)));
  return {
    forwardFlops,
    async run() {
      const l = opt.minimize(loss, true, vars)!;
      const v = (await l.data())[0];
      l.dispose();
      return v;
    },
    dispose() {
      tf.dispose([...vars, x]);
      opt.dispose();
    },
  };
}

const heNormal = (shape: number[], fanIn: number) =>
  tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', 1));
// PyTorch's default Conv2d/Linear initialisation, U(±1/√fan_in) for weights and biases, as in the torch twin.
const torchUniform = (shape: number[], fanIn: number, seed: number) =>
  tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', seed));

/** MLP 784-500-500-10 with ReLU, batch `batch` of uniform inputs (the workload of issue 8). */
export function mlpStep(batch = 500): Step {
  const sizes = [784, 500, 500, 10];
  const layers = sizes.slice(1).map((o, i) => [heNormal([sizes[i], o], sizes[i]), tf.variable(tf.zeros([o]))] as const);
  const x = tf.randomUniform([batch, 784], 0, 1, 'float32', 2);
  const forward = (inp: tf.Tensor) => {
    let h = inp as tf.Tensor2D;
    layers.forEach(([w, b], i) => {
      h = tf.add(tf.matMul(h, w), b);
      if (i < layers.length - 1) h = tf.relu(h);
    });
    return h;
  };
  const flops = 2 * batch * sizes.slice(1).reduce((s, o, i) => s + sizes[i] * o, 0);
  return makeStep(layers.flat(), x, forward, flops);
}

/**
 * Neural Bayes Appendix C: C(100,3)-P2-C(100,3)-C(200,3)-P2-C(500,3)-global avg-FC(10), ReLU, NHWC 28×28×1.
 * With `batchNorm`, each convolution is followed by batch normalisation on batch statistics (as src/models/cnn.ts
 * trains it) instead of a bias.
 */
export function cnnStep(batch = 500, { batchNorm = false } = {}): Step {
  const convs = [
    [1, 100],
    [100, 100],
    [100, 200],
    [200, 500],
  ].map(
    ([i, o], k) =>
      [
        torchUniform([3, 3, i, o], 9 * i, 10 + k),
        batchNorm ? tf.variable(tf.zeros([o])) : torchUniform([o], 9 * i, 20 + k),
        tf.variable(tf.ones([o])),
      ] as const,
  );
  const fc = [torchUniform([500, 10], 500, 30), torchUniform([10], 500, 31)] as const;
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 3);
  const conv = (h: tf.Tensor4D, i: number) => {
    const [w, b, gamma] = convs[i];
    const y = tf.conv2d(h, w as tf.Tensor4D, 1, 'valid');
    if (!batchNorm) return tf.relu(tf.add(y, b)) as tf.Tensor4D;
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    return tf.relu(tf.batchNorm(y, mean, variance, b, gamma, 1e-5)) as tf.Tensor4D;
  };
  const pool = (h: tf.Tensor4D) => tf.maxPool(h, 2, 2, 'valid');
  const forward = (inp: tf.Tensor) => {
    const h = conv(pool(conv(conv(pool(conv(inp as tf.Tensor4D, 0)), 1), 2)), 3);
    return tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, fc[0]), fc[1]) as tf.Tensor2D;
  };
  // 28→26 (C) →13 (P) →11 (C) →9 (C) →4 (P) →2 (C); multiply-adds per image = out pixels · 9 · in · out
  const macs =
    26 * 26 * 9 * 1 * 100 + 11 * 11 * 9 * 100 * 100 + 9 * 9 * 9 * 100 * 200 + 2 * 2 * 9 * 200 * 500 + 500 * 10;
  const trainable = convs.flatMap(([w, b, gamma]) => (batchNorm ? [w, b, gamma] : [w, b]));
  const unused = batchNorm ? [] : convs.map(([, , gamma]) => gamma);
  const step = makeStep([...trainable, ...fc], x, forward, 2 * batch * macs);
  return {
    ...step,
    dispose() {
      step.dispose();
      tf.dispose(unused);
    },
  };
}
