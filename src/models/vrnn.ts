/**
 * The variational RNN with a conditional prior (lecture notes §1.4, §1.4.1; Chung et al. 2016): one module, three
 * views, one per encoder of the objective `max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))`:
 *   posterior q(z_t | h_{t−1}, x_t)   an encoder of Z given X of size T·d_z; it draws the path itself (`sampleAlong`)
 *   prior     p(z_t | h_{t−1})        an encoder of Z given X of size T·d_z, causal: it reads x_<t and z_<t only
 *   decoder   p(x_t | h_{t−1}, z_t)   an encoder of X given Z of size T·d_x
 * with h_t = GRU([φx(x_t), φz(z_t)], h_{t−1}) and h_0 = 0. Flattening time makes z one diagonal Gaussian of size T·d_z,
 * each distribution Gaussian per step; the closed-form KL of the flattened posterior and prior along the sampled path
 * is the sum of the per-step KLs.
 *
 * One pass, one noise: `sampleAlong(x, ε)` runs the recurrence once with z_t = μ_t + σ_t·ε_t and keeps the pass; the
 * prior view reads the pass of its x, the decoder view the pass of its z (the path `sampleAlong` returned, which the
 * TermContext hands to the decoder). Reading the prior or the decoder of an input the posterior has not run on is an
 * error.
 */
import * as tf from '../tf.ts';
import { gaussianSample } from '../families/index.ts';
import type { ModelLike } from '../lower/index.ts';
import type { Network } from './network.ts';
import { checkArgs, NetworkArg, Obj } from '../api/arguments.ts';

export interface VrnnOptions {
  readonly steps: number;
  /** d_x: values per step of the data. */
  readonly stepDim: number;
  /** d_z: latent dimensions per step. */
  readonly latentDim: number;
  /** Size of the GRU state h_t. */
  readonly units: number;
  /** Hidden widths of every MLP (φx, φz and the three heads); φx and φz output their last hidden layer. */
  readonly hidden: readonly number[];
  readonly seed: number;
}

/** One recurrent pass; Gaussian parameters are laid out as an encoder's: the means of steps 1..T, then their log-variances. */
export interface VrnnPass {
  /** The input [B, T·d_x] and the path z [B, T·d_z] drawn along it. */
  readonly x: tf.Tensor;
  readonly z: tf.Tensor2D;
  readonly posterior: tf.Tensor2D;
  readonly prior: tf.Tensor2D;
  readonly decoder: tf.Tensor2D;
  /** h_1..h_T [B, T·units]. */
  readonly states: tf.Tensor2D;
}

export interface VrnnPosterior extends Network, Required<Pick<ModelLike, 'sampleAlong'>> {
  readonly vrnn: Vrnn;
}

export interface Vrnn {
  readonly describe: string;
  readonly options: VrnnOptions;
  /** Owns every weight of the module; `apply` gives the parameters along the posterior-mean path (ε = 0). */
  readonly posterior: VrnnPosterior;
  /** Weightless views of the posterior's last pass. */
  readonly prior: Network;
  readonly decoder: Network;
  /** The recurrence along the path driven by `noise` [B, T·d_z] (zeros: the posterior-mean path). */
  run(x: tf.Tensor, noise: tf.Tensor): VrnnPass;
  /** `n` sequences [n, T·d_x] of the generative model: z_t ~ p(z_t|h_{t−1}), x_t ~ p(x_t|h_{t−1}, z_t). */
  generate(n: number, seed: number): tf.Tensor2D;
}

export const isVrnnPosterior = (n: Network): n is VrnnPosterior => {
  checkArgs('isVrnnPosterior', { net: [NetworkArg, n] });
  return 'vrnn' in n;
};

interface Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

/** Dense layers `input → widths… → output`: ReLU on the hidden layers; the output is linear, or omitted for a feature map. */
function mlpLayers(input: number, widths: readonly number[], output: number | undefined, seed: () => number): Dense[] {
  const sizes = [input, ...widths, ...(output === undefined ? [] : [output])];
  return sizes.slice(1).map((out, i) => {
    const hidden = i < widths.length;
    const init = hidden ? tf.initializers.heNormal({ seed: seed() }) : tf.initializers.glorotUniform({ seed: seed() });
    return { w: tf.variable(init.apply([sizes[i], out]) as tf.Tensor2D), b: tf.variable(tf.zeros([out])) };
  });
}

/** Apply dense layers; ReLU after each except the last of a head (`linearOutput`). */
const runMlp = (x: tf.Tensor, layers: readonly Dense[], linearOutput: boolean): tf.Tensor2D =>
  layers.reduce((h, l, i) => {
    const a = tf.add(tf.matMul(h, l.w), l.b) as tf.Tensor2D;
    return linearOutput && i === layers.length - 1 ? a : tf.relu(a);
  }, x as tf.Tensor2D);

interface Gru {
  readonly w: tf.Variable;
  readonly u: tf.Variable;
  readonly b: tf.Variable;
}

/** GRU: update u = σ(W_u x + U_u h + b_u), reset r = σ(W_r x + U_r h + b_r), n = tanh(W_n x + r⊙U_n h + b_n), h' = (1−u)⊙n + u⊙h. */
function gruStep(g: Gru, x: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
  const [xu, xr, xn] = tf.split(tf.add(tf.matMul(x as tf.Tensor2D, g.w as tf.Tensor2D), g.b), 3, 1);
  const [hu, hr, hn] = tf.split(tf.matMul(h as tf.Tensor2D, g.u as tf.Tensor2D), 3, 1);
  const update = tf.sigmoid(tf.add(xu, hu));
  const n = tf.tanh(tf.add(xn, tf.mul(tf.sigmoid(tf.add(xr, hr)), hn)));
  return tf.add(tf.mul(tf.sub(1, update), n), tf.mul(update, h)) as tf.Tensor2D;
}

/** Per-step parameters [B, T, 2d] → the encoder layout [B, 2·T·d]: all means, then all log-variances. */
function encoderLayout(perStep: tf.Tensor): tf.Tensor2D {
  const b = perStep.shape[0];
  const [mean, logVar] = tf.split(perStep, 2, 2);
  return tf.concat([tf.reshape(mean, [b, -1]), tf.reshape(logVar, [b, -1])], 1) as tf.Tensor2D;
}

/** z = μ + σ·ε from parameters [B, 2d] (the reparameterisation trick, lecture notes §1.4 step 1). */
const reparameterise = (raw: tf.Tensor, noise: tf.Tensor): tf.Tensor2D =>
  gaussianSample(raw as tf.Tensor2D, noise as tf.Tensor2D);

export function vrnn(o: VrnnOptions): Vrnn {
  checkArgs('vrnn', { options: [Obj('VRNN options'), o] });
  if (o.hidden.length === 0) throw new Error('vrnn: give at least one hidden width (φx and φz output the last one)');
  const { steps: T, stepDim: dx, latentDim: dz, units } = o;
  const features = o.hidden[o.hidden.length - 1];
  let counter = 0;
  const seed = () => o.seed * 101 + ++counter; // never 0: tfjs draws an unseeded initialisation for seed 0
  const phiX = mlpLayers(dx, o.hidden, undefined, seed);
  const phiZ = mlpLayers(dz, o.hidden, undefined, seed);
  const posteriorHead = mlpLayers(features + units, o.hidden, 2 * dz, seed);
  const priorHead = mlpLayers(units, o.hidden, 2 * dz, seed);
  const decoderHead = mlpLayers(features + units, o.hidden, 2 * dx, seed);
  const gru: Gru = {
    w: tf.variable(tf.initializers.glorotUniform({ seed: seed() }).apply([2 * features, 3 * units]) as tf.Tensor2D),
    u: tf.variable(tf.initializers.glorotUniform({ seed: seed() }).apply([units, 3 * units]) as tf.Tensor2D),
    b: tf.variable(tf.zeros([3 * units])),
  };
  const variables = [
    ...[phiX, phiZ, posteriorHead, priorHead, decoderHead].flat().flatMap((l) => [l.w, l.b]),
    gru.w,
    gru.u,
    gru.b,
  ];
  const describe = `VRNN T=${T} d_x=${dx} d_z=${dz} GRU(${units}) MLPs ${o.hidden.join('-')} ReLU`;

  const run = (x: tf.Tensor, noise: tf.Tensor): VrnnPass => {
    const b = x.shape[0];
    const fx = tf.unstack(tf.reshape(runMlp(tf.reshape(x, [b * T, dx]), phiX, false), [b, T, features]), 1);
    const eps = tf.unstack(tf.reshape(noise, [b, T, dz]), 1);
    let h: tf.Tensor2D = tf.zeros([b, units]);
    const previous: tf.Tensor[] = [],
      path: tf.Tensor[] = [],
      fz: tf.Tensor[] = [],
      posterior: tf.Tensor[] = [],
      states: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      previous.push(h);
      const raw = runMlp(tf.concat([fx[t], h], 1), posteriorHead, true); // q(z_t | h_{t−1}, x_t)
      const z = reparameterise(raw, eps[t]);
      const fzt = runMlp(z, phiZ, false);
      h = gruStep(gru, tf.concat([fx[t], fzt], 1), h); // h_t = τ(φx(x_t), φz(z_t), h_{t−1}), step 2
      posterior.push(raw);
      path.push(z);
      fz.push(fzt);
      states.push(h);
    }
    const hPrevious = tf.reshape(tf.stack(previous, 1), [b * T, units]);
    const perStep = (flat: tf.Tensor2D, width: number) => encoderLayout(tf.reshape(flat, [b, T, width]));
    return {
      x,
      z: tf.reshape(tf.stack(path, 1), [b, T * dz]) as tf.Tensor2D,
      posterior: encoderLayout(tf.stack(posterior, 1)),
      prior: perStep(runMlp(hPrevious, priorHead, true), 2 * dz), // p(z_t | h_{t−1})
      decoder: perStep(
        runMlp(tf.concat([tf.reshape(tf.stack(fz, 1), [b * T, features]), hPrevious], 1), decoderHead, true),
        2 * dx,
      ), // p(x_t | h_{t−1}, z_t)
      states: tf.reshape(tf.stack(states, 1), [b, T * units]) as tf.Tensor2D,
    };
  };

  const generate = (n: number, s: number): tf.Tensor2D =>
    tf.tidy(() => {
      let h: tf.Tensor2D = tf.zeros([n, units]);
      const xs: tf.Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const z = reparameterise(
          runMlp(h, priorHead, true),
          tf.randomNormal([n, dz], 0, 1, 'float32', s * 1000 + 2 * t + 1),
        );
        const fzt = runMlp(z, phiZ, false);
        const x = reparameterise(
          runMlp(tf.concat([fzt, h], 1), decoderHead, true),
          tf.randomNormal([n, dx], 0, 1, 'float32', s * 1000 + 2 * t + 2),
        );
        h = gruStep(gru, tf.concat([runMlp(x, phiX, false), fzt], 1), h);
        xs.push(x);
      }
      return tf.reshape(tf.stack(xs, 1), [n, T * dx]) as tf.Tensor2D;
    });

  let last: VrnnPass | undefined;
  const pass = (x: tf.Tensor, noise?: tf.Tensor): VrnnPass => (last = run(x, noise ?? tf.zeros([x.shape[0], T * dz])));
  const lastPass = (part: 'prior' | 'decoder', key: tf.Tensor): VrnnPass => {
    const found = last && (part === 'prior' ? last.x : last.z) === key && !last.z.isDisposed ? last : undefined;
    if (!found)
      throw new Error(
        `the VRNN ${part} is read along the posterior's path: run the posterior on this ${part === 'prior' ? 'x' : 'path z'} first (TermContext.sample)`,
      );
    return found;
  };
  const view = (part: 'prior' | 'decoder', what: string): Network => ({
    describe: `${what} (a view of the ${describe})`,
    trainableVariables: [],
    apply: (key) => lastPass(part, key)[part],
    hidden: (key) => [lastPass(part, key).states],
    getWeights: () => [],
    setWeights: () => {},
    dispose: () => {},
  });

  const module: Vrnn = {
    describe,
    options: o,
    posterior: {
      describe: `posterior q(z_t|h_{t−1},x_t) of the ${describe}`,
      get vrnn() {
        return module;
      },
      trainableVariables: variables,
      apply: (x) => pass(x).posterior,
      sampleAlong: (x, noise) => {
        const p = pass(x, noise);
        return { raw: p.posterior, z: p.z };
      },
      hidden: (x) => [pass(x).states],
      getWeights: () => [...variables], // the variables themselves, as tf.LayersModel.getWeights gives them
      setWeights: (ws) => variables.forEach((v, i) => v.assign(ws[i])),
      dispose: () => variables.forEach((v) => v.dispose()),
    },
    prior: view('prior', 'conditional prior p(z_t|h_{t−1})'),
    decoder: view('decoder', 'decoder p(x_t|h_{t−1},z_t)'),
    run,
    generate,
  };
  return module;
}
