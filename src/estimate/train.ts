/**
 * Training on samples, the protocol of the benchmark (Czyż et al. 2023, "Beyond Normal", and its bmi package): the
 * standardised samples split 50/50 into train and test halves; Adam on random batches of the train half; every
 * `evalEvery` steps the bound on the test half, in batches of the training batch's size; training stops when two
 * evaluations in a row do not improve on the best, and the estimate is the test value at the best evaluation.
 *
 * A critic bound (InfoNCE, SMILE, …) trains its critic on the bound itself, and its best evaluation is the highest test
 * bound. A decoder estimator (BA, DoE, CLUB, L1Out) fits q(y|x) by maximum likelihood, so its best evaluation is the
 * highest test log-likelihood, and the estimate is the decoder's bound at that point (an upper bound is not maximised).
 */
import * as tf from '../tf.ts';
import { makeRng } from '../data/rng.ts';
import { fusedAdam } from '../train/adam.ts';
import { scoreBound, SCORE_BOUNDS, type ScoreBound, type Scores } from '../estimators/scores.ts';
import type { Points } from './knn.ts';
import { gaussianDecoder, pairCritic } from './networks.ts';
import type { TrainedMethod } from './methods.ts';
import { rows } from './samples.ts';

export interface TrainSettings {
  /** Most Adam steps (early stopping usually ends sooner). */
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly hidden: readonly number[];
  /** Test evaluations every this many steps. */
  readonly evalEvery: number;
  /** Evaluations in a row without improvement that stop training. */
  readonly patience: number;
}

/** One training run (one seed): the estimate and how training went. */
export interface RunResult {
  readonly value: number;
  /** The selection criterion at the best evaluation: the test bound, or the decoder's test log-likelihood. */
  readonly fit: number;
  readonly steps: number;
  readonly bestStep: number;
  readonly stoppedEarly: boolean;
  /** The batch size used (InfoNCE's ceiling is log batch). */
  readonly batch: number;
}

/** Called after every step, with the test value after an evaluation. */
export type Progress = (step: number, fit: number | undefined) => void;

/** What a run of one method trains and reads on a batch. */
interface Trainee {
  readonly variables: tf.Variable[];
  /** The quantity Adam maximises on a train batch. */
  objective(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar;
  /** On a test batch: the selection criterion and the estimate's batch value. */
  evaluate(x: tf.Tensor2D, y: tf.Tensor2D): [tf.Scalar, tf.Scalar];
  dispose(): void;
}

function criticTrainee(bound: ScoreBound, dx: number, dy: number, s: TrainSettings, seed: number): Trainee {
  const aux = SCORE_BOUNDS[bound].aux;
  const net = pairCritic(dx, dy, s.hidden, aux ? 2 : 1, seed);
  const scores = (x: tf.Tensor2D, y: tf.Tensor2D): Scores => {
    const out = net.pairs(x, y);
    const [, B, K] = out.shape;
    const col = (c: number) => tf.reshape(tf.slice(out, [c, 0, 0], [1, -1, -1]), [B, K]) as tf.Tensor2D;
    const main = col(0);
    if (aux === undefined) return { scores: main };
    const second = aux === 'pair' ? tf.slice(col(1), [0, 0], [-1, 1]) : tf.slice(net.atZero(x), [0, 1], [-1, 1]);
    return { scores: main, aux: tf.reshape(second, [-1]) as tf.Tensor1D };
  };
  return {
    variables: net.variables,
    objective: (x, y) => scoreBound(bound, scores(x, y)),
    evaluate: (x, y) => {
      const b = scoreBound(bound, scores(x, y));
      return [b, b];
    },
    dispose: () => net.dispose(),
  };
}

/**
 * The decoder's batch value: CLUB's and L1Out's bound over log q(y_j|x_i), or E[log q(y|x)] to which BA and DoE add a
 * marginal entropy of Y afterwards (it does not depend on the decoder).
 */
function decoderTrainee(value: ScoreBound | 'ba' | 'doe', dx: number, dy: number, s: TrainSettings, seed: number) {
  const q = gaussianDecoder(dx, dy, s.hidden, seed);
  const ll = (x: tf.Tensor2D, y: tf.Tensor2D) => tf.mean(q.logLikelihood(x, y)) as tf.Scalar;
  return {
    variables: q.variables,
    objective: ll,
    evaluate: (x: tf.Tensor2D, y: tf.Tensor2D): [tf.Scalar, tf.Scalar] => [
      ll(x, y),
      value === 'ba' || value === 'doe' ? ll(x, y) : scoreBound(value, { scores: q.pairs(x, y) }),
    ],
    dispose: () => q.dispose(),
  } satisfies Trainee;
}

const traineeOf = (m: TrainedMethod, dx: number, dy: number, s: TrainSettings, seed: number) =>
  m.kind === 'critic' ? criticTrainee(m.bound, dx, dy, s, seed) : decoderTrainee(m.value, dx, dy, s, seed);

const tensorOf = (p: Points) => tf.tensor2d(Float32Array.from(p.values), [p.n, p.dim]);

/** The split of one seed: a random half of the rows for training, the rest for testing. */
export function split(n: number, seed: number): { train: Int32Array; test: Int32Array } {
  const perm = makeRng(`${seed}:estimate-split`).permutation(n);
  const half = Math.floor(n / 2);
  return { train: perm.slice(0, half), test: perm.slice(half) };
}

/** Train one method on one seed's train half; the test half's estimate at the best evaluation. */
export async function trainRun(
  method: TrainedMethod,
  x: Points,
  y: Points,
  s: TrainSettings,
  seed: number,
  progress?: Progress,
): Promise<RunResult & { test: Int32Array }> {
  const { train, test } = split(x.n, seed);
  const B = Math.min(s.batch, train.length, test.length);
  const [xTrain, yTrain, xTest, yTest] = [rows(x, train), rows(y, train), rows(x, test), rows(y, test)].map(tensorOf);
  const trainee = traineeOf(method, x.dim, y.dim, s, seed);
  const optimizer = fusedAdam(s.lr);
  const rng = makeRng(`${seed}:estimate-batches`);
  let order = rng.permutation(train.length);
  let at = 0;
  const nextBatch = () => {
    if (at + B > order.length) [order, at] = [rng.permutation(train.length), 0];
    const idx = tf.tensor1d(order.slice(at, at + B), 'int32');
    at += B;
    const batch = [tf.gather(xTrain, idx), tf.gather(yTrain, idx)] as [tf.Tensor2D, tf.Tensor2D];
    idx.dispose();
    return batch;
  };
  const evaluate = (): [number, number] => {
    const batches = Math.floor(test.length / B);
    const sums = tf.tidy(() => {
      let fit = tf.scalar(0);
      let value = tf.scalar(0);
      for (let b = 0; b < batches; b++) {
        const [xb, yb] = [tf.slice(xTest, [b * B, 0], [B, -1]), tf.slice(yTest, [b * B, 0], [B, -1])];
        const [f, v] = trainee.evaluate(xb as tf.Tensor2D, yb as tf.Tensor2D);
        [fit, value] = [tf.add(fit, f), tf.add(value, v)];
      }
      return tf.stack([fit, value]);
    });
    const [f, v] = sums.dataSync();
    sums.dispose();
    return [f / batches, v / batches];
  };
  let best = { fit: -Infinity, value: Number.NaN, step: 0 };
  let worse = 0;
  let step = 0;
  try {
    while (step < s.steps && worse < s.patience) {
      const [xb, yb] = nextBatch();
      optimizer.minimize(() => tf.neg(trainee.objective(xb, yb)), false, trainee.variables);
      tf.dispose([xb, yb]);
      step++;
      if (step % s.evalEvery === 0 || step === s.steps) {
        const [fit, value] = evaluate();
        if (fit > best.fit) [best, worse] = [{ fit, value, step }, 0];
        else worse++;
        progress?.(step, fit);
        await new Promise((r) => setTimeout(r, 0));
      } else progress?.(step, undefined);
    }
  } finally {
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    trainee.dispose();
    optimizer.dispose();
  }
  if (!Number.isFinite(best.fit))
    throw new Error(
      `${method.kind === 'critic' ? method.bound : method.value}: training diverged (the test ${method.kind === 'critic' ? 'bound' : 'log-likelihood'} is not finite); try a smaller --lr`,
    );
  return {
    value: best.value,
    fit: best.fit,
    steps: step,
    bestStep: best.step,
    stoppedEarly: worse >= s.patience,
    batch: B,
    test,
  };
}
