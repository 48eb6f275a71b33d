/**
 * Random parameter draws and batches for equivalence checks: a small tanh MLP per encoder of the objectives
 * and Gaussian inputs, both seeded, so a check is reproducible.
 */
import * as tf from '../tf.ts';
import { encoderUsesOf, encodersOf, type Encoder, type Objective } from '../expr/index.ts';
import { familyOf, isOneHot } from '../families/index.ts';
import type { LowerInputs, ModelLike } from '../lower/index.ts';
import { checkArgs, Num, Objectives, optional, PositiveInt, SetupOptions } from '../api/arguments.ts';

/** One draw: the inputs to lower with and the variables to differentiate. */
export interface Draw {
  readonly inputs: LowerInputs;
  readonly variables: tf.Variable[];
  dispose(): void;
}

/**
 * A one-hidden-layer tanh network with its variables (enough to give objectives non-trivial gradients); with `heads`
 * (raw output widths by name), each head is another linear map of the one hidden layer.
 */
export function smallMlp(
  inDim: number,
  outDim: number,
  seed: number,
  hidden = 8,
  heads: Readonly<Record<string, number>> = {},
): ModelLike & { variables: tf.Variable[] } {
  checkArgs('smallMlp', {
    inDim: [PositiveInt, inDim],
    outDim: [PositiveInt, outDim],
    seed: [Num, seed],
    hidden: [optional(PositiveInt), hidden],
  });
  const w1 = tf.variable(tf.randomNormal([inDim, hidden], 0, 1 / Math.sqrt(inDim), 'float32', seed));
  const b1 = tf.variable(tf.randomNormal([hidden], 0, 0.1, 'float32', seed + 1));
  const linear = (width: number, s: number) => ({
    w: tf.variable(tf.randomNormal([hidden, width], 0, 1, 'float32', s)),
    b: tf.variable(tf.randomNormal([width], 0, 0.1, 'float32', s + 1)),
  });
  const out = linear(outDim, seed + 2);
  const outs = Object.entries(heads).map(([name, width], i) => [name, linear(width, seed + 4 + 2 * i)] as const);
  const trunk = (x: tf.Tensor) => tf.tanh(tf.add(tf.matMul(tf.reshape(x, [x.shape[0], -1]), w1), b1));
  const map = (h: tf.Tensor, l: { w: tf.Variable; b: tf.Variable }) => tf.add(tf.matMul(h, l.w), l.b);
  return {
    variables: [w1, b1, out.w, out.b, ...outs.flatMap(([, l]) => [l.w, l.b])],
    apply: (x) => map(trunk(x), out),
    ...(outs.length > 0 && {
      applyHeads: (x: tf.Tensor) => {
        const h = trunk(x);
        return { output: map(h, out), heads: Object.fromEntries(outs.map(([name, l]) => [name, map(h, l)])) };
      },
    }),
  };
}

/** A setup drawing fresh networks for every encoder and a fresh Gaussian batch per draw. */
export function randomSetup(
  objectives: readonly Objective[],
  opts: { inputDim?: number; batch?: number; hidden?: number; hypers?: Record<string, number> } = {},
) {
  checkArgs('randomSetup', { objectives: [Objectives, objectives], options: [optional(SetupOptions), opts] });
  const inputDim = opts.inputDim ?? 5;
  const batch = opts.batch ?? 64;
  const hidden = opts.hidden ?? 8;
  const encoders = new Map<string, Encoder>();
  objectives.forEach((o) => encodersOf(o.body).forEach((e, k) => encoders.set(k, e)));
  const inputs = new Set([...encoders.values()].flatMap((e) => e.given));
  // a network used on several variables (Φ on X and on X') reads each of them
  objectives.forEach((o) => encoderUsesOf(o.body).forEach((e) => e.given.forEach((v) => inputs.add(v))));
  const labelled = [...encoders.values()].filter(
    (e) => e.observedTarget && isOneHot(e.family) && !inputs.has(e.target) && e.layer === undefined,
  );
  const uses = objectives.flatMap((o) => [...encoderUsesOf(o.body).values()]);
  /** The encoder whose sample a variable is (Z of q(z|x), read by a decoder p(x|z)), when it is latent. */
  const producer = (v: string) => uses.find((e) => e.target === v && !e.observedTarget && e.layer === undefined);
  /** Observed data is as wide as the decoder that models it (X of p(x|z)), else `inputDim`. */
  const dataWidth = (v: string) => uses.find((e) => e.target === v && e.observedTarget)?.size ?? inputDim;
  /** A network's input: its givens side by side, a latent given as wide as its encoder's sample. */
  const inputWidth = (e: Encoder) => e.given.reduce((sum, v) => sum + (producer(v)?.size ?? dataWidth(v)), 0);
  // the batch holds the observed givens; a latent given is its encoder's sample, drawn in the lowering
  const observed = [...inputs].filter((v) => producer(v) === undefined);
  return (draw: number): Draw => {
    const models: Record<string, ModelLike> = {};
    const variables: tf.Variable[] = [];
    const width = (e: Encoder) => familyOf(e.family).rawWidth(e.size);
    const all = [...encoders.values()];
    // one network per model: its main output (one unit when only heads are read), and the heads the objectives read
    [...new Set(all.map((e) => e.model))].forEach((model, i) => {
      const main = all.find((e) => e.model === model && e.head === undefined);
      const heads = all.filter((e) => e.model === model && e.head !== undefined);
      const m = smallMlp(
        inputWidth(main ?? heads[0]),
        main ? width(main) : 1,
        1000 * draw + 10 * i + 1,
        hidden,
        Object.fromEntries(heads.map((h) => [h.head, width(h)])),
      );
      models[model] = m;
      variables.push(...m.variables);
    });
    const batchData: Record<string, tf.Tensor> = {};
    observed.forEach(
      (v, i) => (batchData[v] = tf.randomNormal([batch, dataWidth(v)], 0, 1, 'float32', 7 * draw + i + 13)),
    );
    // observed categorical values a classifier models (the data's labels): random one-hot rows of its classes
    labelled.forEach((e, i) => {
      batchData[e.target] = tf.tidy(() => {
        const ids = tf.floor(tf.mul(tf.randomUniform([batch], 0, 1, 'float32', 97 + 11 * draw + i), e.size)).toInt();
        return tf.oneHot(ids as tf.Tensor1D, e.size).toFloat();
      });
    });
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
