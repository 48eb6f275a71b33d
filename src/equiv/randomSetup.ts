/**
 * Random parameter draws and batches for equivalence checks: a small tanh MLP per encoder of the objectives
 * and Gaussian inputs, both seeded, so a check is reproducible.
 */
import * as tf from '@tensorflow/tfjs';
import { encoderUsesOf, encodersOf, type Encoder, type Objective } from '../expr/index.ts';
import { familyOf } from '../families/index.ts';
import type { LowerInputs, ModelLike } from '../lower/index.ts';
import { checkArgs, Num, Objectives, optional, PositiveInt, SetupOptions } from '../api/arguments.ts';

/** One draw: the inputs to lower with and the variables to differentiate. */
export interface Draw {
  readonly inputs: LowerInputs;
  readonly variables: tf.Variable[];
  dispose(): void;
}

/** A one-hidden-layer tanh network with its variables (enough to give objectives non-trivial gradients). */
export function smallMlp(
  inDim: number,
  outDim: number,
  seed: number,
  hidden = 8,
): ModelLike & { variables: tf.Variable[] } {
  checkArgs('smallMlp', {
    inDim: [PositiveInt, inDim],
    outDim: [PositiveInt, outDim],
    seed: [Num, seed],
    hidden: [optional(PositiveInt), hidden],
  });
  const w1 = tf.variable(tf.randomNormal([inDim, hidden], 0, 1 / Math.sqrt(inDim), 'float32', seed));
  const b1 = tf.variable(tf.randomNormal([hidden], 0, 0.1, 'float32', seed + 1));
  const w2 = tf.variable(tf.randomNormal([hidden, outDim], 0, 1, 'float32', seed + 2));
  const b2 = tf.variable(tf.randomNormal([outDim], 0, 0.1, 'float32', seed + 3));
  return {
    variables: [w1, b1, w2, b2],
    apply: (x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tf.reshape(x, [x.shape[0], -1]), w1), b1)), w2), b2),
  };
}

/** A setup drawing fresh networks for every encoder and a fresh Gaussian batch per draw. */
export function randomSetup(
  objectives: readonly Objective[],
  opts: { inputDim?: number; batch?: number; hypers?: Record<string, number> } = {},
) {
  checkArgs('randomSetup', { objectives: [Objectives, objectives], options: [optional(SetupOptions), opts] });
  const inputDim = opts.inputDim ?? 5;
  const batch = opts.batch ?? 64;
  const encoders = new Map<string, Encoder>();
  objectives.forEach((o) => encodersOf(o.body).forEach((e, k) => encoders.set(k, e)));
  const inputs = new Set([...encoders.values()].flatMap((e) => e.given));
  // a network used on several variables (Φ on X and on X') reads each of them
  objectives.forEach((o) => encoderUsesOf(o.body).forEach((e) => e.given.forEach((v) => inputs.add(v))));
  return (draw: number): Draw => {
    const models: Record<string, ModelLike> = {};
    const variables: tf.Variable[] = [];
    [...encoders.values()].forEach((e, i) => {
      const m = smallMlp(inputDim, familyOf(e.family).rawWidth(e.size), 1000 * draw + 10 * i + 1);
      models[e.model] = m;
      variables.push(...m.variables);
    });
    const batchData: Record<string, tf.Tensor> = {};
    [...inputs].forEach(
      (v, i) => (batchData[v] = tf.randomNormal([batch, inputDim], 0, 1, 'float32', 7 * draw + i + 13)),
    );
    return {
      inputs: { batch: batchData, models, hypers: opts.hypers, seed: draw + 1 },
      variables,
      dispose: () => {
        variables.forEach((v) => v.dispose());
        Object.values(batchData).forEach((t) => t.dispose());
      },
    };
  };
}
