/**
 * The spec schema (DESIGN contracts): top-level `name`, `seed`, `data`, `model`, `objective`, `train`, `eval`.
 * `data` is dispatched on `kind` so each kind reports its own fields.
 */
import * as t from 'io-ts';
import {
  Correlation, Dimension, FiniteNumber, Identifier, NonEmptyString, NonNegativeInt, NonNegativeNumber, PositiveInt, PositiveNumber, Probability, VariableName, strictObject,
} from './types.ts';

const keyof = <K extends string>(name: string, keys: readonly K[]) => t.keyof(Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>, name);

export const SHAPES = ['moons', 'circles', 'blobs'] as const;
export const DATA_KINDS = ['synthetic', 'sequences', 'correlated-gaussian', 'mnist', 'csv', 'npy'] as const;

export const SyntheticData = strictObject(
  'synthetic data',
  { kind: t.literal('synthetic'), shape: keyof('one of moons, circles, blobs', SHAPES), n: PositiveInt },
  {
    noise: NonNegativeNumber,
    clusters: PositiveInt,
    embed: strictObject('an embedding', { dim: Dimension }, { rotation: keyof('random or none', ['random', 'none'] as const) }),
  },
);
export const SequencesData = strictObject(
  'sequences data',
  { kind: t.literal('sequences'), n: PositiveInt, steps: Dimension },
  { noise: NonNegativeNumber, split: t.tuple([Probability, Probability], 'two fractions [train, validation]') },
);
export const CorrelatedGaussianData = strictObject('correlated-gaussian data', { kind: t.literal('correlated-gaussian'), dim: PositiveInt, rho: Correlation, n: PositiveInt });
export const MnistData = strictObject('mnist data', { kind: t.literal('mnist'), n: PositiveInt }, { split: t.tuple([Probability, Probability, Probability], 'three fractions [train, validation, test]') });
export const CsvData = strictObject('csv data', { kind: t.literal('csv'), path: NonEmptyString }, { labelColumn: t.union([t.string, NonNegativeInt], 'a column name or index'), header: t.boolean });
export const NpyData = strictObject('npy data', { kind: t.literal('npy'), path: NonEmptyString }, { labels: NonEmptyString });

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

export const FAMILIES = ['categorical', 'bernoulli', 'gaussian', 'deterministic'] as const;
export const EncoderSpec = strictObject(
  'an encoder',
  { name: Identifier, family: keyof('one of categorical, bernoulli, gaussian, deterministic', FAMILIES), size: PositiveInt, net: NetSpec },
  { target: VariableName, given: VariableName },
);
export type EncoderSpec = t.TypeOf<typeof EncoderSpec>;

export const ModelSpec = strictObject(
  'the model',
  { encoders: t.array(EncoderSpec, 'a list of encoders') },
  { heads: keyof('output or multiscale', ['output', 'multiscale'] as const) },
);

export const PRESETS = ['dms', 'dms-eq3', 'dms-multi', 'mim', 'mim-v1', 'mim-v2'] as const;
export const ESTIMATORS = ['plugin-theorem2', 'plugin-minibatch', 'minibatch-mean', 'bayes-ratio', 'analytic-gaussian', 'analytic-categorical', 'reparam-mc', 'finite-difference-jacobian', 'mige', 'mine', 'mine-f', 'nwj', 'infonce', 'jsd-critic'] as const;
export const ObjectiveSpec = strictObject(
  'the objective',
  {},
  {
    text: NonEmptyString,
    preset: keyof(`one of ${PRESETS.join(', ')}`, PRESETS),
    encoder: Identifier,
    hypers: t.record(t.string, FiniteNumber, 'hyper-parameter values'),
    pins: t.record(t.string, keyof(`an estimator (${ESTIMATORS.join(', ')})`, ESTIMATORS), 'estimator pins'),
  },
);
export type ObjectiveSpec = t.TypeOf<typeof ObjectiveSpec>;

export const TrainSpec = strictObject(
  'the training settings',
  { lr: PositiveNumber, batch: PositiveInt, epochs: NonNegativeInt },
  {
    optimizer: keyof('adam or sgd', ['adam', 'sgd'] as const),
    microBatch: PositiveInt,
    checkpointEvery: PositiveInt,
  },
);
export type TrainSpec = t.TypeOf<typeof TrainSpec>;

export const METRICS = ['ari', 'nmi', 'kmeans', 'linear_probe', 'accuracy', 'elbo'] as const;
export const EvalSpec = strictObject(
  'the evaluation',
  { metrics: t.array(keyof(`a metric (${METRICS.join(', ')})`, METRICS), 'a list of metrics') },
  { probeOn: keyof('output or hidden', ['output', 'hidden'] as const) },
);

export const SpecHead = strictObject('a spec', {
  name: t.refinement(t.string, (s) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s), 'a name of letters, digits, _ . - (it names the run directory)'),
  seed: NonNegativeInt,
  data: t.unknown,
  model: ModelSpec,
  objective: t.union([NonEmptyString, ObjectiveSpec], 'the objective text or an object with text/preset'),
  train: TrainSpec,
  eval: EvalSpec,
});

export interface Spec {
  readonly name: string;
  readonly seed: number;
  readonly data: DataSpec;
  readonly model: t.TypeOf<typeof ModelSpec>;
  readonly objective: ObjectiveSpec;
  readonly train: TrainSpec;
  readonly eval: t.TypeOf<typeof EvalSpec>;
}
