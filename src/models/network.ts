/** The interface every network of the catalogue implements, on top of tfjs-layers applied eagerly. */
import * as tf from '../tf.ts';
import { tfSeed } from '../data/rng.ts';

export interface Network {
  /** e.g. "MLP 512-400-400-400-1 BN ReLU". */
  readonly describe: string;
  readonly trainableVariables: tf.Variable[];
  /** Final output (logits / features). In training mode BatchNorm uses batch statistics and updates its running ones. */
  apply(x: tf.Tensor, training: boolean): tf.Tensor2D;
  /** Hidden activations of the same pass (for multi-scale heads). */
  hidden(x: tf.Tensor, training: boolean): tf.Tensor[];
  /** With heads on the trunk: one trunk pass, the main output and each head's raw output by name. */
  applyHeads?(x: tf.Tensor, training: boolean): { output: tf.Tensor2D; heads: Readonly<Record<string, tf.Tensor2D>> };
  /** Every weight incl. BatchNorm running statistics (checkpoints). */
  getWeights(): tf.Tensor[];
  setWeights(w: tf.Tensor[]): void;
  /** A network that draws noise of its own (input dropout): draw the next passes' from the step's seed. */
  reseed?(step: number): void;
  dispose(): void;
}

/** Seed of layer `i` of a network seeded `base`: base·101 + i, never tfjs' "unseeded" 0. */
export const layerSeed = (base: number, i: number): number => tfSeed(base * 101 + i);

/** A head of a network: its own output layer on the trunk, named. */
export interface HeadLayer {
  readonly name: string;
  readonly layer: tf.layers.Layer;
}

/**
 * A network made of a list of layers applied in order; `taps` marks the layers whose outputs are hidden activations.
 * The last layer is the main output layer; each of `heads` is another output layer on the input of that one (the
 * trunk's last hidden layer), so the trunk's weights and BatchNorm statistics are shared by the main output and every
 * head. Weights are stored trunk and main output first, then each head's in order.
 */
export function sequential(
  describe: string,
  layers: tf.layers.Layer[],
  inputShape: number[],
  taps: Set<number>,
  heads: readonly HeadLayer[] = [],
): Network {
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), ...layers] });
  const trunkWidth =
    layers.length > 1 ? (layers[layers.length - 2].outputShape as number[]).at(-1)! : inputShape.at(-1)!;
  const headModels = heads.map((h) =>
    tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [trunkWidth] }), h.layer] }),
  );
  const all = [model, ...headModels];
  /** The trunk's output (the input of the main output layer), keeping the tapped hidden activations. */
  const trunk = (x: tf.Tensor, training: boolean, keep?: tf.Tensor[]) => {
    let h = x;
    layers.slice(0, -1).forEach((layer, i) => {
      h = layer.apply(h, { training }) as tf.Tensor;
      if (keep && taps.has(i)) keep.push(h);
    });
    return h;
  };
  const output = (h: tf.Tensor, training: boolean) => layers[layers.length - 1].apply(h, { training }) as tf.Tensor2D;
  const counts = () => all.map((m) => m.getWeights().length);
  return {
    describe: heads.length
      ? `${describe}, heads ${heads.map((h) => `${h.name}(${(h.layer.outputShape as number[]).at(-1)})`).join(', ')}`
      : describe,
    trainableVariables: all.flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val)),
    apply: (x, training) => output(trunk(x, training), training),
    hidden: (x, training) => {
      const keep: tf.Tensor[] = [];
      trunk(x, training, keep);
      return keep;
    },
    ...(heads.length > 0 && {
      applyHeads: (x: tf.Tensor, training: boolean) => {
        const h = trunk(x, training);
        const outs = heads.map((head) => [head.name, head.layer.apply(h, { training }) as tf.Tensor2D] as const);
        return { output: output(h, training), heads: Object.fromEntries(outs) };
      },
    }),
    getWeights: () => all.flatMap((m) => m.getWeights()),
    setWeights: (w) => {
      let at = 0;
      counts().forEach((n, i) => {
        all[i].setWeights(w.slice(at, at + n));
        at += n;
      });
    },
    dispose: () => all.forEach((m) => m.dispose()),
  };
}
