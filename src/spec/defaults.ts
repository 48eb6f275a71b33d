/**
 * The defaults of a spec's `name`, `seed`, `train` and `eval`: a spec of `data`, `model` and `objective` alone trains.
 * Each default is stated once, here; `decodeSpec` fills them in, so the decoded spec (and the run's report.json) holds
 * the values the run uses, and lists what it filled (`SpecDefault`), which `infobj explain` prints.
 */
import { match } from 'ts-pattern';
import { fullSplitSizes } from '../data/mnistSizes.ts';
import type { DataSpec } from './schema.ts';

/** The seed of a spec without one. */
export const DEFAULT_SEED = 0;
/** Gradient training of a spec without these fields: Adam (normalise.ts) at 1e-3, batches of at most 256, 10 epochs. */
export const DEFAULT_GRADIENT = { lr: 0.001, batch: 256, epochs: 10 } as const;
/** EM iterations of a mixture spec without `train`. */
export const DEFAULT_EM_ITERATIONS = 100;
/** The name of a spec that has none and no file to be named after (the standard input, a spec written in code). */
export const DEFAULT_NAME = 'spec';
/** The fraction of the MNIST sample set trained on without `data.split` (0.7, 0.1, 0.2: src/data/mnist.ts). */
export const MNIST_DEFAULT_TRAIN_FRACTION = 0.7;
/** The fraction of sequences trained on without `data.split` (0.8, 0.2: src/data/sequences.ts). */
export const SEQUENCES_DEFAULT_TRAIN_FRACTION = 0.8;

/** A field the spec left out and the value the run uses, with the rule that chose it. */
export interface SpecDefault {
  /** The field's path, as errors name it (`train.batch`). */
  readonly path: string;
  readonly value: unknown;
  /** Why this value, where it is not one fixed value (the batch, the metrics, the name). */
  readonly rule?: string;
}

/** Rows an epoch draws batches from, where the data spec says it (generated data); file data are counted when read. */
export const knownTrainingRows = (data: DataSpec): number | undefined =>
  match(data)
    .with({ kind: 'synthetic' }, { kind: 'correlated-gaussian' }, (d) => d.n)
    .with({ kind: 'sequences' }, (d) => Math.round((d.split?.[0] ?? SEQUENCES_DEFAULT_TRAIN_FRACTION) * d.n))
    .with({ kind: 'mnist' }, (d) =>
      d.set === 'full'
        ? fullSplitSizes(d.n, d.validation).train
        : Math.round((d.split?.[0] ?? MNIST_DEFAULT_TRAIN_FRACTION) * d.n),
    )
    .with({ kind: 'csv' }, { kind: 'npy' }, () => undefined)
    .exhaustive();

/** The default batch: 256, or every training row when the data spec says there are fewer. */
export const defaultBatch = (data: DataSpec): number =>
  Math.min(DEFAULT_GRADIENT.batch, knownTrainingRows(data) ?? DEFAULT_GRADIENT.batch);

/** The run folder's name of a spec without `name`: its file's base name (`my-mim.yaml` → `my-mim`), else `spec`. */
export function defaultName(file: string | undefined): string {
  if (file === undefined || file === '<stdin>') return DEFAULT_NAME;
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(ya?ml|json)$/i, '');
}
