/** The Neural Bayes CNNs (Appendix C and E): conv 3×3 stride 1 no padding, BatchNorm, ReLU, 2×2 max pooling. */
import * as tf from '../tf.ts';
import { layerSeed, sequential, type Network } from './network.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

export interface CnnOptions {
  readonly output: number;
  /** Multiplies every channel count (e.g. 0.25 for CPU experiments); default 1. */
  readonly widthScale?: number;
  readonly seed: number;
}

/** A 3×3 convolution of `conv` channels (× widthScale), or a 2×2 max pooling. */
export type CnnBlock = { readonly conv: number } | 'pool';

/** The channels of a convolution at a width scale: round(conv · scale), at least 1. */
export const cnnFilters = (conv: number, widthScale = 1): number => Math.max(1, Math.round(conv * widthScale));

/** Each CNN's blocks and input image (height, width, channels). */
export const CNN_LAYOUTS = {
  /** C(100,3)-P-C(100,3)-C(200,3)-P-C(500,3)-avgpool-FC (Neural Bayes Appendix C). */
  'cnn-mnist': {
    blocks: [{ conv: 100 }, 'pool', { conv: 100 }, { conv: 200 }, 'pool', { conv: 500 }],
    input: [28, 28, 1],
  },
  /** C(200,3)-P-C(500,3)-C(700,3)-P-C(1000,3)-avgpool-FC (Neural Bayes Appendix E). */
  'cnn-cifar': {
    blocks: [{ conv: 200 }, 'pool', { conv: 500 }, { conv: 700 }, 'pool', { conv: 1000 }],
    input: [32, 32, 3],
  },
} as const satisfies Record<string, { blocks: readonly CnnBlock[]; input: readonly [number, number, number] }>;

function build(name: string, blocks: readonly CnnBlock[], inputShape: readonly number[], o: CnnOptions): Network {
  const layers: tf.layers.Layer[] = [];
  const taps = new Set<number>();
  const widths: string[] = [];
  blocks.forEach((b, i) => {
    if (b === 'pool') {
      layers.push(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      widths.push('P');
      return;
    }
    const filters = cnnFilters(b.conv, o.widthScale);
    layers.push(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        strides: 1,
        padding: 'valid',
        useBias: false,
        kernelInitializer: tf.initializers.heNormal({ seed: layerSeed(o.seed, i) }),
      }),
    );
    layers.push(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    layers.push(tf.layers.activation({ activation: 'relu' }));
    taps.add(layers.length - 1);
    widths.push(`C(${filters},3)`);
  });
  layers.push(tf.layers.globalAveragePooling2d({}));
  layers.push(
    tf.layers.dense({
      units: o.output,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(o.seed, 99) }),
    }),
  );
  return sequential(`${name} ${widths.join('-')}-avgpool-FC(${o.output}) BN ReLU`, layers, [...inputShape], taps);
}

/** MNIST: CNN_LAYOUTS['cnn-mnist'], input 28×28×1. */
export const cnnMnist = (o: CnnOptions): Network => {
  checkArgs('cnnMnist', { options: [Obj('CNN options'), o] });
  return build('CNN', CNN_LAYOUTS['cnn-mnist'].blocks, CNN_LAYOUTS['cnn-mnist'].input, o);
};

/** CIFAR: CNN_LAYOUTS['cnn-cifar'], input 32×32×3. */
export const cnnCifar = (o: CnnOptions): Network => {
  checkArgs('cnnCifar', { options: [Obj('CNN options'), o] });
  return build('CNN', CNN_LAYOUTS['cnn-cifar'].blocks, CNN_LAYOUTS['cnn-cifar'].input, o);
};
