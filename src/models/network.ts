/** The interface every network of the catalogue implements, on top of tfjs-layers applied eagerly. */
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../data/rng.ts';

export interface Network {
  /** e.g. "MLP 512-400-400-400-1 BN ReLU". */
  readonly describe: string;
  readonly trainableVariables: tf.Variable[];
  /** Final output (logits / features). In training mode BatchNorm uses batch statistics and updates its running ones. */
  apply(x: tf.Tensor, training: boolean): tf.Tensor2D;
  /** Hidden activations of the same pass (for multi-scale heads). */
  hidden(x: tf.Tensor, training: boolean): tf.Tensor[];
  /** Every weight incl. BatchNorm running statistics (checkpoints). */
  getWeights(): tf.Tensor[];
  setWeights(w: tf.Tensor[]): void;
  dispose(): void;
}

/** Seed of layer `i` of a network seeded `base`: base·101 + i, never tfjs' "unseeded" 0. */
export const layerSeed = (base: number, i: number): number => tfSeed(base * 101 + i);

/** A network made of a list of layers applied in order; `taps` marks the layers whose outputs are hidden activations. */
export function sequential(
  describe: string,
  layers: tf.layers.Layer[],
  inputShape: number[],
  taps: Set<number>,
): Network {
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), ...layers] });
  const run = (x: tf.Tensor, training: boolean, keep?: tf.Tensor[]) => {
    let h = x;
    layers.forEach((layer, i) => {
      h = layer.apply(h, { training }) as tf.Tensor;
      if (keep && taps.has(i)) keep.push(h);
    });
    return h;
  };
  return {
    describe,
    trainableVariables: model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
    apply: (x, training) => run(x, training) as tf.Tensor2D,
    hidden: (x, training) => {
      const keep: tf.Tensor[] = [];
      run(x, training, keep);
      return keep;
    },
    getWeights: () => model.getWeights(),
    setWeights: (w) => model.setWeights(w),
    dispose: () => model.dispose(),
  };
}
