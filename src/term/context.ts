/**
 * What a lowered objective reads at run time: the batch, the networks, hyper-parameter values, a seed for noise,
 * and optional plug-in marginals. `TermContext` gives estimators the encoders' outputs, computed once per call.
 */
import * as tf from '../tf.ts';
import { encoderKey, hasExplicitMarginal, networkKey, type Encoder } from '../expr/index.ts';
import { stopGradient } from './ops.ts';
import { explicitStates, familyOf } from '../families/index.ts';
import { gaussianParams, type GaussianParams } from '../families/gaussian.ts';

export type { GaussianParams };

/** The one thing lowering needs from a network: a forward pass. */
export interface ModelLike {
  apply(x: tf.Tensor, training: boolean): tf.Tensor;
  /**
   * Only for a Gaussian encoder whose parameters at a step depend on its sample at earlier steps (a VRNN posterior,
   * lecture notes §1.4): the network draws the path z = μ + σ·noise itself and returns it with the parameters
   * [B, 2·size] along it. The TermContext supplies the noise, so z is the sample every term of the call reads.
   */
  sampleAlong?(x: tf.Tensor, noise: tf.Tensor2D, training: boolean): { raw: tf.Tensor2D; z: tf.Tensor2D };
  /** The hidden activations of the same pass, one per hidden layer: what an encoder with a `layer` reads. */
  hidden?(x: tf.Tensor, training: boolean): tf.Tensor[];
  /**
   * A network with several heads on one trunk: one pass of the trunk, then the main output layer and every head's own
   * output layer on its last hidden layer (raw outputs by head name). What an encoder with a `head` reads.
   */
  applyHeads?(x: tf.Tensor, training: boolean): TrunkPass;
}

/** One pass of a trunk with heads: the main output and each head's, raw (before the family's activation). */
export interface TrunkPass {
  readonly output: tf.Tensor;
  readonly heads: Readonly<Record<string, tf.Tensor>>;
}

export interface LowerInputs {
  /** Minibatch tensors by variable name, e.g. { X: [B, d] }. */
  readonly batch: Readonly<Record<string, tf.Tensor>>;
  /** Networks by model name. */
  readonly models: Readonly<Record<string, ModelLike>>;
  /** Values of named hyper-parameters (α, β, …). */
  readonly hypers?: Readonly<Record<string, number>>;
  /** BatchNorm in training mode (batch statistics) or eval mode. Default true. */
  readonly training?: boolean;
  /** Seed for the noise of R_c and of reparameterised samples; the same seed gives the same value. */
  readonly seed?: number;
  /** Plug-in estimates of E_x[L(x)] by network output (`networkKey`: the model, or model/head); default: the minibatch mean. */
  readonly marginals?: Readonly<Record<string, tf.Tensor>>;
  /** Latent variables drawn from a fixed prior each call (a generator's noise z and code c), by name. */
  readonly priors?: Readonly<Record<string, LatentPrior>>;
  /** A micro-batch of a batch whose marginals are the whole batch's (`train.marginal: batch`, src/train/wholeBatch.ts). */
  readonly wholeBatch?: WholeBatch;
  /** Raw outputs of encoders on this very batch from an earlier call (by `encoderKey`), read instead of a forward pass. */
  readonly outputs?: Readonly<Record<string, tf.Tensor>>;
}

/**
 * The marginals E_x[L(x)] [S] of the whole batch a micro-batch belongs to, by encoder (`encoderKey`), and optionally
 * their slopes G = ∂loss/∂m: the loss then adds Σ sg(G)·(m_micro − sg(m_micro)), worth 0, whose gradient carries the
 * part of the whole batch's gradient that flows through m (the chain rule through a mean over micro-batches).
 */
export interface WholeBatch {
  readonly marginals: Readonly<Record<string, tf.Tensor1D>>;
  readonly slopes?: Readonly<Record<string, tf.Tensor1D>>;
}

/** A fixed prior of a latent variable: N(0, I) of `size` dimensions, or a uniform categorical over `size` states (one-hot). */
export interface LatentPrior {
  readonly family: 'standard-normal' | 'categorical';
  readonly size: number;
}

/**
 * Encoder outputs and inputs as estimators see them (all computed lazily, once per call), kept per encoder identity
 * (network and the variables it reads, `encoderKey`): one network applied to X and to X' gives two outputs.
 */
export class TermContext {
  private readonly raw = new Map<string, tf.Tensor>();
  /** One trunk pass per network with heads and input variables, shared by the main output and every head. */
  private readonly passes = new Map<string, TrunkPass>();
  private readonly samples = new Map<string, { z: tf.Tensor2D; noise: tf.Tensor2D }>();
  private readonly latents = new Map<string, tf.Tensor2D>();
  /** Variables whose encoder sample is being computed (to catch a variable that needs itself). */
  private readonly resolving = new Set<string>();
  private seedCounter = 0;
  /** The encoders whose batch marginal was read, by `encoderKey`. */
  private readonly read = new Map<string, Encoder>();

  constructor(
    readonly inputs: LowerInputs,
    private readonly encoders: ReadonlyMap<string, Encoder> = new Map(),
  ) {}

  /** The encoder whose target is `v` (its samples stand for v); of several (a VRNN's posterior and conditional prior), the first declared. */
  encoderTargeting(v: string): Encoder {
    const found = [...this.encoders.values()].find((e) => e.target === v);
    // unreachable from a compiled spec (src/spec/bindings.ts binds every variable); a caller of `lower` can reach it
    if (!found)
      throw new Error(
        `${v} has no value: the batch has no ${v} (it has ${Object.keys(this.inputs.batch).join(', ') || 'none'}), no prior draws it and no encoder produces it`,
      );
    return found;
  }

  get training(): boolean {
    return this.inputs.training ?? true;
  }

  /** The minibatch of variable `v`. */
  input(v: string): tf.Tensor {
    const x = this.inputs.batch[v];
    if (!x)
      throw new Error(`the batch has no variable ${v} (it has ${Object.keys(this.inputs.batch).join(', ') || 'none'})`);
    return x;
  }

  /**
   * The values of variable `v` in this call: the batch if observed, else a draw from its prior if it is a latent with a
   * fixed prior, else the sample of the encoder that produces it.
   */
  valueOf(v: string): tf.Tensor {
    const prior = this.inputs.priors?.[v];
    if (this.inputs.batch[v]) return this.inputs.batch[v];
    if (prior) return this.latent(v, prior);
    if (this.resolving.has(v))
      throw new Error(
        `${v} depends on itself through the encoders (${[...this.resolving].join(' → ')} → ${v}): observe it in the batch or draw it from a prior (model.priors)`,
      );
    this.resolving.add(v);
    try {
      return this.sample(this.encoderTargeting(v)).z;
    } finally {
      this.resolving.delete(v);
    }
  }

  /** The values of an encoder's givens: one as it is, several flattened and concatenated (G(z, c)'s input). */
  valuesOf(vars: readonly string[]): tf.Tensor {
    return joined(
      vars.map((v) => this.valueOf(v)),
      this.batchSize.bind(this),
    );
  }

  /** The minibatch of an encoder's givens, all observed (one as it is, several flattened and concatenated). */
  inputOf(vars: readonly string[]): tf.Tensor {
    return joined(
      vars.map((v) => this.input(v)),
      this.batchSize.bind(this),
    );
  }

  /** Rows of the minibatch (the number of latent draws per call). */
  batchSize(): number {
    const first = Object.values(this.inputs.batch)[0];
    if (!first) throw new Error('the batch is empty: latent variables are drawn as many times as the batch has rows');
    return first.shape[0];
  }

  /** One draw per batch row of a latent with a fixed prior, the same within a call. */
  private latent(v: string, prior: LatentPrior): tf.Tensor2D {
    let z = this.latents.get(v);
    if (!z) {
      const shape: [number, number] = [this.batchSize(), prior.size];
      z =
        prior.family === 'standard-normal'
          ? (tf.randomNormal(shape, 0, 1, 'float32', this.nextSeed()) as tf.Tensor2D)
          : (tf
              .oneHot(
                tf
                  .floor(tf.mul(tf.randomUniform([shape[0]], 0, 1, 'float32', this.nextSeed()), prior.size))
                  .toInt() as tf.Tensor1D,
                prior.size,
              )
              .toFloat() as tf.Tensor2D);
      this.latents.set(v, z);
    }
    return z;
  }

  private model(enc: Encoder): ModelLike {
    const model = this.inputs.models[enc.model];
    if (!model)
      throw new Error(
        `no network for model ${enc.model} (have ${Object.keys(this.inputs.models).join(', ') || 'none'})`,
      );
    return model;
  }

  /** Keep a network's output at the call's values as the encoder's, after checking its shape. */
  private keep(enc: Encoder, out: tf.Tensor): void {
    const want = familyOf(enc.family).rawWidth(enc.size);
    if (out.shape.length !== 2 || out.shape[1] !== want)
      throw new Error(
        `model ${networkKey(enc)} returned shape [${out.shape}], a ${enc.family} encoder of size ${enc.size} needs [batch, ${want}]`,
      );
    this.raw.set(encoderKey(enc), out);
  }

  /** Network `enc.model` applied to `x` (default: the values of the encoder's given variable). */
  forward(enc: Encoder, x?: tf.Tensor): tf.Tensor2D {
    const model = this.model(enc);
    if (x) {
      if (enc.layer !== undefined) return this.layerOf(enc, model, x);
      return this.headOf(
        enc,
        model,
        () => this.pass(enc, model, x),
        () => model.apply(x, this.training),
      );
    }
    const given = this.inputs.outputs?.[encoderKey(enc)];
    if (given && !this.raw.has(encoderKey(enc))) this.raw.set(encoderKey(enc), given);
    if (!this.raw.has(encoderKey(enc))) {
      if (enc.layer !== undefined) this.keep(enc, this.layerOf(enc, model, this.valuesOf(enc.given)));
      // a network that draws its own path returns the parameters along it
      else if (model.sampleAlong && familyOf(enc.family).sample?.noisy) this.sample(enc);
      else {
        const key = `${enc.model}(${enc.given.join(',')})`;
        const shared = () => {
          const pass = this.passes.get(key) ?? this.pass(enc, model, this.valuesOf(enc.given));
          this.passes.set(key, pass);
          return pass;
        };
        this.keep(
          enc,
          this.headOf(enc, model, shared, () => model.apply(this.valuesOf(enc.given), this.training)),
        );
      }
    }
    return this.raw.get(encoderKey(enc)) as tf.Tensor2D;
  }

  /** One trunk pass of a network with heads. */
  private pass(enc: Encoder, model: ModelLike, x: tf.Tensor): TrunkPass {
    if (!model.applyHeads) throw new Error(`model ${enc.model} has no heads, ${enc.target} reads head ${enc.head}`);
    return model.applyHeads(x, this.training);
  }

  /**
   * The raw output `enc` reads: its head's of the trunk pass (the main output of the same pass when the network has
   * heads, so every head and the main output share one pass), else the network's output.
   */
  private headOf(enc: Encoder, model: ModelLike, pass: () => TrunkPass, plain: () => tf.Tensor): tf.Tensor2D {
    if (enc.head === undefined) return (model.applyHeads ? pass().output : plain()) as tf.Tensor2D;
    const { heads } = pass();
    const out = heads[enc.head];
    if (!out)
      throw new Error(
        `model ${enc.model} has no head ${enc.head} (heads: ${Object.keys(heads).join(', ') || 'none'}), ${enc.target} reads it`,
      );
    return out as tf.Tensor2D;
  }

  /** h = C(x): the activations of hidden layer `enc.layer` of the network (MIGE Circumstance II), flattened. */
  private layerOf(enc: Encoder, model: ModelLike, x: tf.Tensor): tf.Tensor2D {
    const layers = model.hidden?.(x, this.training);
    const h = layers?.[(enc.layer ?? 0) - 1];
    if (!h)
      throw new Error(
        `model ${enc.model} has ${layers ? layers.length : 'no'} hidden layers, ${enc.target} reads layer ${enc.layer}`,
      );
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  }

  /** State probabilities [B, S] of a discrete encoder (a Bernoulli as [1−L, L]). Neural Bayes Lemma 1: p(z=k|x) = L_k(x). */
  probs(enc: Encoder, x?: tf.Tensor): tf.Tensor2D {
    const { probs } = familyOf(enc.family).activate(this.forward(enc, x), enc.size);
    if (!probs)
      throw new Error(`a ${enc.family} encoder of size ${enc.size} has no explicit state probabilities (${enc.model})`);
    return probs;
  }

  /** The encoder's output L(x): probabilities (categorical [B,K], Bernoulli [B]), Gaussian mean, or z. */
  output(enc: Encoder, x?: tf.Tensor): tf.Tensor {
    return familyOf(enc.family).activate(this.forward(enc, x), enc.size).output;
  }

  gaussian(enc: Encoder): GaussianParams {
    return gaussianParams(this.forward(enc));
  }

  /**
   * The encoder's reparameterised sample (one per call): z = μ + σ·ε of a Gaussian, z = f(x) if deterministic (its
   * family's `sample`, with ε ~ N(0, I) of `size` columns if it reads noise). A network with `sampleAlong` draws z
   * itself from ε.
   */
  sample(enc: Encoder): { z: tf.Tensor2D; noise: tf.Tensor2D } {
    let s = this.samples.get(encoderKey(enc));
    if (!s) {
      const model = this.model(enc);
      const path = familyOf(enc.family).sample;
      if (path?.noisy && model.sampleAlong) {
        const given = this.valuesOf(enc.given);
        const noise = tf.randomNormal([given.shape[0], enc.size], 0, 1, 'float32', this.nextSeed()) as tf.Tensor2D;
        const { raw, z } = model.sampleAlong(given, noise, this.training);
        this.keep(enc, raw);
        s = { z, noise };
      } else {
        const raw = this.forward(enc); // first: its given variables may not be resolvable
        if (!path) {
          const remedy = `observe ${enc.target} in the batch or draw it from a prior`;
          throw new Error(`a ${enc.family} encoder has no reparameterised sample (${enc.model}): ${remedy}`);
        }
        const shape: [number, number] = [raw.shape[0], enc.size];
        const noise: tf.Tensor2D = path.noisy
          ? tf.randomNormal(shape, 0, 1, 'float32', this.nextSeed())
          : tf.zeros(shape);
        s = { z: path.draw(raw, noise), noise };
      }
      this.samples.set(encoderKey(enc), s);
    }
    return s;
  }

  /** The plug-in marginal E_x[L(x)] [S]: the caller's estimate if given, else the batch marginal's value. */
  pluginMarginal(enc: Encoder): tf.Tensor1D {
    const given = this.inputs.marginals?.[networkKey(enc)];
    if (given) return explicitStates(enc).toStates(given);
    return this.inputs.wholeBatch?.marginals[encoderKey(enc)] ?? this.microMarginal(enc);
  }

  /**
   * The batch marginal E_x[L(x)] of the state probabilities [S], with gradient: the whole batch's when the call is a
   * micro-batch of one (`inputs.wholeBatch`), else the minibatch mean. Every read is recorded (`marginalsRead`).
   */
  batchMarginal(enc: Encoder): tf.Tensor1D {
    this.read.set(encoderKey(enc), enc);
    return this.inputs.wholeBatch?.marginals[encoderKey(enc)] ?? this.microMarginal(enc);
  }

  /**
   * E_x[L(x)] shaped like L(x) without the batch axis: the minibatch mean, or for an explicit discrete encoder in a
   * micro-batch of a whole batch, the whole batch's marginal (a read of it, as `batchMarginal`).
   */
  outputMean(enc: Encoder): tf.Tensor {
    if (!hasExplicitMarginal(enc)) return tf.mean(this.output(enc), 0);
    this.read.set(encoderKey(enc), enc);
    const whole = this.inputs.wholeBatch?.marginals[encoderKey(enc)];
    return whole ? explicitStates(enc).fromStates(whole) : tf.mean(this.output(enc), 0);
  }

  /** The encoders whose batch marginal this call's terms read. */
  get marginalsRead(): readonly Encoder[] {
    return [...this.read.values()];
  }

  /** Σ_enc sg(G)·(m_micro − sg(m_micro)) over the given slopes: worth 0, its gradient G·∂m_micro/∂θ (see WholeBatch). */
  marginalSlopes(): tf.Scalar {
    const parts = Object.entries(this.inputs.wholeBatch?.slopes ?? {}).map(([key, g]) => {
      const enc = this.read.get(key);
      if (!enc) throw new Error(`internal: a slope for ${key}, whose marginal no term read`);
      const m = this.microMarginal(enc);
      return tf.sum(tf.mul(stopGradient(g), tf.sub(m, stopGradient(m))));
    });
    return (parts.length ? tf.addN(parts) : tf.scalar(0)) as tf.Scalar;
  }

  /** The minibatch mean of the state probabilities [S], with gradient. */
  private microMarginal(enc: Encoder): tf.Tensor1D {
    return tf.mean(this.probs(enc), 0) as tf.Tensor1D;
  }

  /** A fresh deterministic seed for the next random draw of this call. */
  nextSeed(): number {
    return (this.inputs.seed ?? 0) * 7919 + ++this.seedCounter;
  }

  hyper(name: string): number {
    const v = this.inputs.hypers?.[name];
    if (v === undefined)
      throw new Error(`hyper-parameter ${name} has no value (set it in the spec's objective.hypers)`);
    return v;
  }
}

/** One tensor as it is; several as their per-sample concatenation [B, Σ widths]. */
const joined = (parts: readonly tf.Tensor[], rows: () => number): tf.Tensor =>
  parts.length === 1
    ? parts[0]
    : tf.concat(
        parts.map((t) => tf.reshape(t, [rows(), -1])),
        1,
      );
