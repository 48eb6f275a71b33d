/**
 * A spec with every default written out: two specs that mean the same run normalise to equal values, whatever they
 * leave implicit (`optimizer: adam`, `target: Z`, `batchNorm: true`, …). `--resume` and `eval` compare normalised specs,
 * and the compiler reads its settings from the normalised spec, so each default is stated once, here.
 */
import { match } from 'ts-pattern';
import type { DataSpec, EmTrainSpec, EncoderSpec, GradientTrainSpec, NetSpec, Spec, TrainSpec } from './schema.ts';
import { givensOf } from './schema.ts';
import { PROBE_DEFAULTS } from '../metrics/logisticRegression.ts';
import { ADAM_BETAS } from '../train/adam.ts';

/** The default noise of synthetic data and of sequences. */
export const DEFAULT_NOISE = 0.1;

const normaliseData = (data: Spec['data']): Spec['data'] => {
  const augment = data.augment?.length ? { augment: data.augment } : {};
  const fields: DataSpec = match(data as DataSpec)
    .with({ kind: 'synthetic' }, (d) => ({
      ...d,
      noise: d.noise ?? DEFAULT_NOISE,
      ...(d.embed ? { embed: { ...d.embed, rotation: d.embed.rotation ?? 'random' } } : {}),
    }))
    .with({ kind: 'sequences' }, (d) => ({ ...d, noise: d.noise ?? DEFAULT_NOISE }))
    .with({ kind: 'mnist' }, (d) => ({ ...d, set: d.set ?? 'sample' }))
    .with({ kind: 'correlated-gaussian' }, { kind: 'csv' }, { kind: 'npy' }, (d) => d)
    .exhaustive();
  const { augment: _none, ...rest } = fields as Spec['data'];
  return { ...rest, ...augment } as Spec['data'];
};

const normaliseNet = (net: NetSpec): NetSpec =>
  match(net.kind)
    .with('mlp', () => ({ ...net, batchNorm: net.batchNorm ?? true }))
    .with('cnn-mnist', 'cnn-cifar', () => ({ ...net, widthScale: net.widthScale ?? 1 }))
    .with('gaussian-channel', () => ({ ...net, trainable: net.trainable ?? true }))
    .with('vrnn', () => net)
    .exhaustive();

const normaliseEncoder = (e: EncoderSpec): EncoderSpec => {
  const { also, layers, ...rest } = e;
  return {
    ...rest,
    target: e.target ?? 'Z',
    given: [...givensOf(e)],
    net: normaliseNet(e.net),
    ...(also?.length ? { also } : {}),
    ...(layers?.length ? { layers } : {}),
  };
};

/** Training settings with their defaults: the algorithm, optimiser, micro-batch, weight decay; EM's tolerance. */
export type NormalTrain =
  | (GradientTrainSpec &
      Required<
        Pick<GradientTrainSpec, 'algorithm' | 'optimizer' | 'betas' | 'microBatch' | 'marginal' | 'weightDecay'>
      >)
  | (EmTrainSpec & Required<Pick<EmTrainSpec, 'tolerance'>>);

export const normaliseTrain = (train: TrainSpec): NormalTrain =>
  train.algorithm === 'em'
    ? { ...train, tolerance: train.tolerance ?? 0 }
    : {
        ...train,
        algorithm: 'gradient',
        optimizer: train.optimizer ?? 'adam',
        betas: train.betas ?? [...ADAM_BETAS],
        microBatch: train.microBatch ?? train.batch,
        marginal: train.marginal ?? 'micro-batch',
        weightDecay: train.weightDecay ?? 0,
      };

/** The evaluation settings with their defaults: what the linear probe reads, and its training. */
export type NormalEval = Spec['eval'] & {
  readonly probeOn: NonNullable<Spec['eval']['probeOn']>;
  readonly probe: Required<NonNullable<Spec['eval']['probe']>>;
};

export const normaliseEval = (e: Spec['eval']): NormalEval => ({
  ...e,
  probeOn: e.probeOn ?? 'output',
  probe: {
    epochs: e.probe?.epochs ?? PROBE_DEFAULTS.epochs,
    lr: e.probe?.lr ?? PROBE_DEFAULTS.lr,
    batch: e.probe?.batch ?? PROBE_DEFAULTS.batch,
    weightDecay: e.probe?.weightDecay ?? PROBE_DEFAULTS.weightDecay,
  },
});

/** The spec with its defaults filled in (fields a default does not decide are kept as written). */
export function normaliseSpec(spec: Spec): Spec {
  const { priors, ...model } = spec.model;
  return {
    ...spec,
    data: normaliseData(spec.data),
    model: {
      ...model,
      encoders: spec.model.encoders.map(normaliseEncoder),
      heads: spec.model.heads ?? 'output',
      ...(priors?.length ? { priors } : {}),
    },
    objective: { ...spec.objective, hypers: spec.objective.hypers ?? {} },
    train: normaliseTrain(spec.train),
    eval: normaliseEval(spec.eval),
  };
}
