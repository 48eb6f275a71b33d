/**
 * Multinomial logistic regression, the linear model of the lecture notes' Appendix C ("Linear Model for
 * Classification", /work/shared/seeds/002: the log odds of two classes are w⊤x + b). With K classes, softmax(W⊤x + b)
 * makes every log odds log p(k|x)/p(j|x) = (w_k − w_j)⊤x + b_k − b_j linear in x, which is the binary model for each
 * pair of classes. Features are standardised with the training statistics; the weights are fitted with tfjs Adam on the
 * mean cross-entropy + λ‖W‖² (bias not penalised). Given a validation set, the weights kept are those of the epoch with
 * the best validation accuracy (early stopping on validation, as Neural Bayes Appendix C's probe).
 */
import * as tf from '../tf.ts';
import { batches } from '../data/transforms.ts';
import { makeRng } from '../data/rng.ts';
import { fusedAdam } from '../train/adam.ts';
import { ByteArray, checkArgs, Labels, Obj } from '../api/arguments.ts';

/** The fit's defaults: passes over the training set, Adam's learning rate, minibatch size, λ of the L2 penalty. */
export const PROBE_DEFAULTS = { epochs: 30, lr: 0.01, batch: 256, weightDecay: 1e-4 } as const;

export interface LogisticRegressionOptions {
  readonly dim: number;
  readonly classes: number;
  /** Passes over the training set (default 30). */
  readonly epochs?: number;
  /** Adam learning rate (default 0.01). */
  readonly lr?: number;
  /** λ of the L2 penalty λ‖W‖² on the weights (default 1e-4). */
  readonly weightDecay?: number;
  /** Minibatch size (default 256); a size ≥ n trains full-batch. The last incomplete minibatch of an epoch is skipped. */
  readonly batchSize?: number;
  readonly seed: number;
  /** Held-out features and labels: keep the weights of the epoch that classifies them best. */
  readonly validation?: { readonly x: Float32Array; readonly y: Int32Array };
}

/** A fitted model; inputs are raw (unstandardised) row-major features, n × dim. */
export interface LogisticRegression {
  readonly dim: number;
  readonly classes: number;
  /** Class probabilities, row-major n × classes. */
  probabilities(x: Float32Array): Float32Array;
  /** The most probable class of each row. */
  predict(x: Float32Array): Int32Array;
  /** The epoch (from 1) whose weights were kept: the last, or the best on the validation set. */
  readonly epoch: number;
}

/** Column means and standard deviations (1 where a column is constant). */
function columnStats(x: Float32Array, dim: number): { mean: Float32Array; sd: Float32Array } {
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sq[j] += (x[i * dim + j] - mean[j]) ** 2 / n;
  return { mean: Float32Array.from(mean), sd: Float32Array.from(sq, (v) => Math.sqrt(v) || 1) };
}

function rowsOf(x: Float32Array, dim: number, what: string): number {
  if (x.length % dim !== 0) throw new Error(`${what}: ${x.length} values are not rows of dim ${dim}`);
  return x.length / dim;
}

/** The validation set standardised once; `accuracy(w, b)` is the fraction of it the weights classify right. */
function validationSet(
  v: NonNullable<LogisticRegressionOptions['validation']>,
  dim: number,
  classes: number,
  scale: (t: tf.Tensor2D) => tf.Tensor2D,
): { accuracy(w: tf.Tensor, b: tf.Tensor): number; dispose(): void } {
  const rows = rowsOf(v.x, dim, 'logistic regression validation features');
  if (v.y.length !== rows) throw new Error(`logistic regression: ${rows} validation rows but ${v.y.length} labels`);
  if (rows === 0) throw new Error('logistic regression: the validation set is empty');
  if (v.y.some((c) => c < 0 || c >= classes))
    throw new Error(`logistic regression: a validation label is outside [0, ${classes})`);
  const xs = tf.tidy(() => scale(tf.tensor2d(v.x, [rows, dim])));
  const ys = tf.tensor1d(v.y, 'int32');
  return {
    accuracy: (w, b) =>
      tf.tidy(() => tf.mean(tf.equal(tf.argMax(tf.add(tf.matMul(xs, w), b), 1), ys).toFloat()).dataSync()[0]),
    dispose: () => tf.dispose([xs, ys]),
  };
}

/** Fit softmax regression to features `x` (n × dim) and integer labels `y` in [0, classes). */
export function logisticRegression(x: Float32Array, y: Int32Array, o: LogisticRegressionOptions): LogisticRegression {
  checkArgs('logisticRegression', {
    x: [ByteArray, x],
    y: [Labels, y],
    options: [Obj('logistic regression options'), o],
  });
  const { dim, classes } = o;
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`logistic regression: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(`logistic regression: classes must be an integer ≥ 2, got ${classes}`);
  const n = rowsOf(x, dim, 'logistic regression features');
  if (y.length !== n) throw new Error(`logistic regression: ${n} feature rows but ${y.length} labels`);
  const badLabel = y.findIndex((v) => v < 0 || v >= classes);
  if (badLabel >= 0)
    throw new Error(`logistic regression: label ${y[badLabel]} at row ${badLabel + 1} is outside [0, ${classes})`);
  const epochs = o.epochs ?? PROBE_DEFAULTS.epochs;
  const decay = o.weightDecay ?? PROBE_DEFAULTS.weightDecay;
  const batchSize = Math.min(o.batchSize ?? PROBE_DEFAULTS.batch, n);

  const { mean, sd } = columnStats(x, dim);
  // inside tf.tidy only
  const scale = (t: tf.Tensor2D) => tf.div(tf.sub(t, tf.tensor1d(mean)), tf.tensor1d(sd)) as tf.Tensor2D;
  const xs = tf.tidy(() => scale(tf.tensor2d(x, [n, dim])));
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat());
  const w = tf.tidy(() => tf.variable(tf.zeros([dim, classes])));
  const b = tf.tidy(() => tf.variable(tf.zeros([classes])));
  const optimizer = fusedAdam(o.lr ?? PROBE_DEFAULTS.lr);
  const rng = makeRng(`${o.seed}:probe`);
  const validation = o.validation && validationSet(o.validation, dim, classes, scale);
  let best = { accuracy: -1, epoch: epochs, weights: new Float32Array(0), bias: new Float32Array(0) };
  for (let e = 0; e < epochs; e++) {
    for (const batch of batches(n, batchSize, rng, { dropLast: true })) {
      const idx = tf.tensor1d(batch, 'int32');
      optimizer.minimize(() => {
        const logits = tf.add(tf.matMul(tf.gather(xs, idx), w), b);
        return tf.add(
          tf.losses.softmaxCrossEntropy(tf.gather(oneHot, idx), logits),
          tf.mul(decay, tf.sum(tf.square(w))),
        ) as tf.Scalar;
      });
      idx.dispose();
    }
    const accuracy = validation?.accuracy(w, b);
    if (accuracy !== undefined && accuracy > best.accuracy)
      best = {
        accuracy,
        epoch: e + 1,
        weights: w.dataSync<'float32'>().slice(),
        bias: b.dataSync<'float32'>().slice(),
      };
  }
  const [weights, bias] = validation
    ? [best.weights, best.bias]
    : [w.dataSync<'float32'>().slice(), b.dataSync<'float32'>().slice()];
  validation?.dispose();
  [xs, oneHot, w, b].forEach((t) => t.dispose());
  optimizer.dispose();

  const probabilities = (input: Float32Array) =>
    tf.tidy(() => {
      const rows = rowsOf(input, dim, 'logistic regression input');
      const logits = tf.add(
        tf.matMul(scale(tf.tensor2d(input, [rows, dim])), tf.tensor2d(weights, [dim, classes])),
        tf.tensor1d(bias),
      );
      return tf.softmax(logits).dataSync() as Float32Array;
    });
  return {
    dim,
    classes,
    epoch: best.epoch,
    probabilities,
    predict: (input) => {
      const p = probabilities(input);
      return Int32Array.from({ length: p.length / classes }, (_, i) => {
        let best = 0;
        for (let k = 1; k < classes; k++) if (p[i * classes + k] > p[i * classes + best]) best = k;
        return best;
      });
    },
  };
}
