/**
 * The small networks of sample estimation, as plain tfjs variables: the critic T(x, y) of the benchmark protocol (an
 * MLP on the concatenated pair, Czyż et al. 2023) evaluated on every pair of a batch, and a Gaussian decoder q(y|x).
 */
import * as tf from '../tf.ts';
import { layerInputs, PAIR_MLP_GRAD_KERNEL, PAIR_MLP_KERNEL } from '../backend/pair_mlp_kernel.ts';
import { tfSeed } from '../data/rng.ts';
import { normalLogDensity } from '../families/gaussian.ts';
import { positiveFirst } from '../estimators/scores.ts';

interface Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

/** A dense layer, He-normal weights (Glorot-like scale 1/fan_in for a linear output), zero bias. */
function dense(inputs: number, units: number, seed: number, linear = false): Dense {
  const std = Math.sqrt((linear ? 1 : 2) / inputs);
  return {
    w: tf.variable(tf.randomNormal([inputs, units], 0, std, 'float32', tfSeed(seed))),
    b: tf.variable(tf.zeros([units])),
  };
}

const apply = (h: tf.Tensor2D, l: Dense) => tf.add(tf.matMul(h, l.w), l.b) as tf.Tensor2D;

/** The layers in turn, ReLU between them, the last one linear. */
function rest(h: tf.Tensor2D, layers: readonly Dense[]): tf.Tensor2D {
  let out = h;
  layers.forEach((l, i) => {
    out = apply(out, l);
    if (i < layers.length - 1) out = tf.relu(out) as tf.Tensor2D;
  });
  return out;
}

export interface PairCritic {
  readonly variables: tf.Variable[];
  /** T on every pair of the batch, positive first, one matrix per output: out[u][i][j] = T_u(x_i, y_{(i+j) mod B}), [outputs, B, B]. */
  pairs(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor3D;
  /** T(x_i, 0) for every i, [B, outputs]: a function of x alone (TUBA's baseline). */
  atZero(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/**
 * rest(relu(a_i + c_t)) on every pair, positive first ([outputs, B, B]), by the fused native kernels: the same network
 * as the composed ops of `pairCritic`, without their [B, B, h₁] activations (a critic step runs ≈ 5× faster).
 */
function fusedPairs(a: tf.Tensor2D, c: tf.Tensor2D, layers: readonly Dense[]): tf.Tensor3D {
  const names = layerInputs(layers.length);
  const attrs = { pairs: a.shape[0] };
  const run = (...args: tf.Tensor[]) => {
    const [x, y, ...params] = args.slice(0, -1);
    const save = args[args.length - 1] as unknown as (ts: tf.Tensor[]) => void;
    const inputs = { a: x, c: y, ...Object.fromEntries(names.map((k, i) => [k, params[i]])) };
    save([x, y, ...params]);
    return {
      value: tf.engine().runKernel(PAIR_MLP_KERNEL, inputs, attrs) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy, ...sp] = saved;
        const again = { a: sx, c: sy, ...Object.fromEntries(names.map((k, i) => [k, sp[i]])), dy };
        return tf.engine().runKernel(PAIR_MLP_GRAD_KERNEL, again, attrs) as tf.Tensor[];
      },
    };
  };
  const op = tf.customGrad(run as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    ...t: tf.Tensor[]
  ) => tf.Tensor3D;
  return op(a, c, ...layers.flatMap((l) => [l.w, l.b]));
}

/**
 * An MLP on the concatenated pair [x, y] with ReLU hidden layers. Its first layer W[x; y] + b = W_x x + W_y y + b is
 * computed once per row and summed per pair, so the B² pairs of a batch cost B² additions in the first layer, not B²
 * products — the same network, evaluated on all pairs.
 */
export function pairCritic(
  dx: number,
  dy: number,
  hidden: readonly number[],
  outputs: number,
  seed: number,
): PairCritic {
  const [h1, ...more] = hidden;
  const first = dense(dx + dy, h1, seed);
  const layers = [...more, outputs].map((units, i, all) =>
    dense(i === 0 ? h1 : all[i - 1], units, seed * 31 + i + 1, i === all.length - 1),
  );
  const wxOf = () => tf.slice(first.w, [0, 0], [dx, h1]) as tf.Tensor2D;
  const wyOf = () => tf.slice(first.w, [dx, 0], [dy, h1]) as tf.Tensor2D;
  return {
    variables: [first.w, first.b, ...layers.flatMap((l) => [l.w, l.b])],
    pairs: (x, y) => {
      const B = x.shape[0];
      const a = tf.add(tf.matMul(x, wxOf()), first.b) as tf.Tensor2D; // [B, h1]
      const c = tf.matMul(y, wyOf()) as tf.Tensor2D; // [B, h1]
      if (tf.getKernel(PAIR_MLP_KERNEL, tf.getBackend())) return fusedPairs(a, c, layers);
      const h = tf.relu(tf.add(tf.expandDims(a, 1), tf.expandDims(c, 0))); // [B, B, h1], h[i][j] for (x_i, y_j)
      const out = tf.reshape(rest(tf.reshape(h, [B * B, h1]) as tf.Tensor2D, layers), [B, B, outputs]);
      const column = (c: number) => tf.reshape(tf.slice(out, [0, 0, c], [-1, -1, 1]), [B, B]) as tf.Tensor2D;
      const columns = Array.from({ length: outputs }, (_, c) => positiveFirst(column(c)));
      return (outputs === 1 ? tf.expandDims(columns[0], 0) : tf.stack(columns, 0)) as tf.Tensor3D;
    },
    atZero: (x) => rest(tf.relu(tf.add(tf.matMul(x, wxOf()), first.b)) as tf.Tensor2D, layers),
    dispose: () => tf.dispose([first.w, first.b, ...layers.flatMap((l) => [l.w, l.b])]),
  };
}

export interface Decoder {
  readonly variables: tf.Variable[];
  /** log q(y_i | x_i), [B]. */
  logLikelihood(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D;
  /** log q(y_i | x_{(i+j) mod B}) for every pair, positive first and anchored at y (as L1Out reads it), [B, B]. */
  pairs(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** q(y|x) = N(μ(x), diag σ²(x)), μ and log σ² from an MLP of x with ReLU hidden layers. */
export function gaussianDecoder(dx: number, dy: number, hidden: readonly number[], seed: number): Decoder {
  const widths = [dx, ...hidden, 2 * dy];
  const layers = widths.slice(1).map((units, i) => dense(widths[i], units, seed * 37 + i, i === hidden.length));
  const params = (x: tf.Tensor2D) => {
    const [mean, logVar] = tf.split(rest(x, layers), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logVar };
  };
  const variables = layers.flatMap((l) => [l.w, l.b]);
  return {
    variables,
    logLikelihood: (x, y) => {
      const { mean, logVar } = params(x);
      return normalLogDensity(y, mean, logVar) as tf.Tensor1D;
    },
    pairs: (x, y) => {
      const { mean, logVar } = params(x);
      // square[i][j] = log q(y_j | x_i); its transpose is anchored at y
      const square = normalLogDensity(tf.expandDims(y, 0), tf.expandDims(mean, 1), tf.expandDims(logVar, 1));
      return positiveFirst(tf.transpose(square) as tf.Tensor2D);
    },
    dispose: () => tf.dispose(variables),
  };
}
