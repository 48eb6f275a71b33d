/** Multi-layer perceptrons (Neural Bayes §4.2: "4 layer MLP with 400 hidden units each, batchnorm, ReLU"). */
import * as tf from '../tf.ts';
import { InputDropout } from './inputDropout.ts';
import { layerSeed, sequential, type Network } from './network.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

export interface MlpOptions {
  readonly input: number;
  readonly hidden: readonly number[];
  readonly output: number;
  readonly batchNorm?: boolean;
  readonly activation?: 'relu' | 'tanh';
  /** Masking noise on the input during training (a denoising autoencoder's corruption, lecture notes §2): dropout rate. */
  readonly inputDropout?: number;
  /** Seeds the initialisers: the same seed gives the same weights. */
  readonly seed: number;
  /** More output layers on the last hidden layer, each its own linear map of `output` units (heads on one trunk). */
  readonly heads?: readonly { readonly name: string; readonly output: number }[];
}

/** Dense → (BatchNorm) → activation for each hidden width, then a linear output layer (and one per head). */
export function mlp(o: MlpOptions): Network {
  checkArgs('mlp', { options: [Obj('MLP options { inDim, outDim, hidden, … }'), o] });
  const layers: tf.layers.Layer[] = [];
  const taps = new Set<number>();
  const act = o.activation ?? 'relu';
  const dropout = o.inputDropout ? new InputDropout(o.inputDropout, layerSeed(o.seed, 77)) : undefined;
  if (dropout) layers.push(dropout);
  o.hidden.forEach((units, i) => {
    layers.push(
      tf.layers.dense({
        units,
        useBias: !o.batchNorm,
        kernelInitializer: tf.initializers.heNormal({ seed: layerSeed(o.seed, i) }),
      }),
    );
    if (o.batchNorm) layers.push(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    layers.push(tf.layers.activation({ activation: act }));
    taps.add(layers.length - 1);
  });
  layers.push(
    tf.layers.dense({
      units: o.output,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(o.seed, 99) }),
    }),
  );
  const widths = [o.input, ...o.hidden, o.output].join('-');
  const network = sequential(
    `MLP ${o.inputDropout ? `(input dropout ${o.inputDropout}) ` : ''}${widths}${o.batchNorm ? ' BN' : ''} ${act === 'relu' ? 'ReLU' : 'tanh'}`,
    layers,
    [o.input],
    taps,
    (o.heads ?? []).map((h, j) => ({
      name: h.name,
      layer: tf.layers.dense({
        units: h.output,
        kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(o.seed, 100 + j) }),
      }),
    })),
  );
  return dropout ? { ...network, reseed: (step) => dropout.reseed(step) } : network;
}
