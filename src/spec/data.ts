/** The data sets of a spec: what is trained on, and what metrics are computed on. */
import {
  correlatedGaussian,
  DataError,
  imageViews,
  loadCsv,
  loadMnist,
  loadMnistFull,
  loadNpy,
  loadSequences,
  makeSynthetic,
  type Dataset,
} from '../data/index.ts';
import { scalePixels } from '../data/pixels.ts';
import type { DataSpec } from './schema.ts';
import { DEFAULT_NOISE } from './normalise.ts';
import { checkArgs, ClassCounts, Num, Obj } from '../api/arguments.ts';

export interface RunData {
  /** Variables by name (X, and Y for paired data) of the training set, row-major. */
  readonly train: Dataset;
  /** A second view paired with `train` (correlated Gaussians' y, the other half of a digit), and of `test`. */
  readonly trainY?: Dataset;
  readonly testY?: Dataset;
  /** Held-out sets where the data has them (MNIST, sequences); metrics of a probe are computed on `test`. */
  readonly val?: Dataset;
  readonly test?: Dataset;
}

/** Labels as a one-hot variable (for a classifier p(y|z) in the objective, e.g. the Information Bottleneck). */
export function oneHotLabels(ds: Dataset, classes: number): Dataset {
  const x = new Float32Array(ds.n * classes);
  ds.labels!.forEach((c, i) => (x[i * classes + c] = 1));
  return { name: `${ds.name} labels`, x, n: ds.n, dim: classes };
}

/**
 * The variables a run binds: X (the data), Y (the paired view), and the variable bound to the data's labels (one-hot
 * over its classes) when the spec's variable model has one (`labelsOf`, src/spec/variables.ts).
 */
export function trainingVariables(labels: Readonly<Record<string, number>>, data: RunData): Record<string, Dataset> {
  checkArgs('trainingVariables', {
    labels: [ClassCounts, labels],
    data: [Obj('RunData (from loadRunData)'), data],
  });
  const vars: Record<string, Dataset> = { X: data.train };
  if (data.trainY) vars.Y = data.trainY;
  for (const [v, classes] of Object.entries(labels)) {
    if (!data.train.labels) throw new DataError('model.labels', `${v} is bound to the labels but the data have none`);
    vars[v] = oneHotLabels(data.train, classes);
  }
  return vars;
}

/** Load or generate the spec's data with the run's seed. */
export function loadRunData(data: DataSpec, seed: number): RunData {
  checkArgs('loadRunData', { data: [Obj('a data spec'), data], seed: [Num, seed] });
  switch (data.kind) {
    case 'synthetic':
      return {
        train: makeSynthetic(
          {
            shape: data.shape,
            n: data.n,
            noise: data.noise ?? DEFAULT_NOISE,
            clusters: data.clusters,
            factor: data.factor,
            embed: data.embed && { dim: data.embed.dim, rotation: data.embed.rotation ?? 'random' },
          },
          seed,
        ),
      };
    case 'sequences':
      return loadSequences(
        { n: data.n, steps: data.steps, noise: data.noise ?? DEFAULT_NOISE, split: data.split },
        seed,
      );
    case 'correlated-gaussian': {
      const g = correlatedGaussian({ dim: data.dim, rho: data.rho, n: data.n }, seed);
      return {
        train: { name: 'correlated-gaussian x', x: g.x, n: g.n, dim: g.dim, rho: g.rho },
        trainY: { name: 'correlated-gaussian y', x: g.y, n: g.n, dim: g.dim },
      };
    }
    case 'mnist': {
      const loaded =
        data.set === 'full'
          ? loadMnistFull({ n: data.n, seed, validation: data.validation })
          : loadMnist({ n: data.n, seed, split: data.split });
      const split = scalePixels(loaded, data.pixels ?? 'unit');
      if (!data.views) return { train: split.train, val: split.val, test: split.test };
      const [[train, trainY], [val], [test, testY]] = [split.train, split.val, split.test].map((ds) =>
        imageViews(ds, data.views!),
      );
      return { train, trainY, val, test, testY };
    }
    case 'csv':
      return { train: loadCsv(data.path, { labelColumn: data.labelColumn, header: data.header }) };
    case 'npy':
      return { train: loadNpy(data.path, data.labels) };
  }
}
