/**
 * What a network reads and predicts must fit the data it meets: a convolutional network reads whole images of its input
 * shape, and a network predicting an observed variable (a decoder p(x|z), InfoGAN's p(c|g)) gives as many values as
 * that variable has. Checked before any network is built, so `check` refuses what `train` would fail on.
 */
import type { Augmentation, Dataset } from '../data/index.ts';
import { SpecError, type SpecIssue } from './errors.ts';
import { layersOf, usesOf, type NetSpec, type Spec } from './schema.ts';
import type { RunData } from './data.ts';

/** The image shape (height, width, channels) each kind of network reads; flat vectors for the others. */
const IMAGE_INPUT: Record<NetSpec['kind'], readonly [number, number, number] | undefined> = {
  mlp: undefined,
  'cnn-mnist': [28, 28, 1],
  'cnn-cifar': [32, 32, 3],
  'gaussian-channel': undefined,
  vrnn: undefined,
};

const shapeText = (s: readonly number[]) => s.join('×');

/** A convolutional network reads X as images of its shape, or a view of X (`data.augment`); nothing else is shaped so. */
function imageIssues(spec: Spec, data: RunData, views: readonly Augmentation[]): SpecIssue[] {
  const images = ['X', ...views.filter((v) => v.of === 'X').map((v) => v.name)];
  return spec.model.encoders.flatMap((e, i) => {
    const shape = IMAGE_INPUT[e.net.kind];
    if (!shape) return [];
    const have = data.train.imageShape;
    if (!have || shapeText(have) !== shapeText(shape)) {
      const got = have ? `images of ${shapeText(have)}` : `vectors of ${data.train.dim} values`;
      const message = `${e.net.kind} reads images of ${shapeText(shape)}; the ${spec.data.kind} data${'views' in spec.data && spec.data.views ? ` (views: ${spec.data.views})` : ''} are ${got}`;
      return [{ path: `model.encoders[${i}].net.kind`, message }];
    }
    return usesOf(e).flatMap((use, j) => {
      const other = use.given.find((v) => !images.includes(v));
      if (!other && use.given.length === 1) return [];
      const path = j === 0 ? `model.encoders[${i}].given` : `model.encoders[${i}].also[${j - 1}].given`;
      const message = `${e.net.kind} reads one image per sample (${images.join(' or ')}), not ${use.given.join(', ')}`;
      return [{ path, message }];
    });
  });
}

/**
 * X is shaped as images for every network once one is convolutional (src/spec/compile.ts `sampleShape`): a network
 * of flat input then cannot read it.
 */
function flatReaderIssues(spec: Spec, data: RunData, views: readonly Augmentation[]): SpecIssue[] {
  const conv = spec.model.encoders.find((e) => IMAGE_INPUT[e.net.kind]);
  if (!conv || !data.train.imageShape) return [];
  const images = ['X', ...views.filter((v) => v.of === 'X').map((v) => v.name)];
  return spec.model.encoders.flatMap((e, i) =>
    usesOf(e).flatMap((use, j) => {
      const image = use.given.find((v) => images.includes(v));
      if (IMAGE_INPUT[e.net.kind] || !image) return [];
      const path = j === 0 ? `model.encoders[${i}].given` : `model.encoders[${i}].also[${j - 1}].given`;
      const message = `${image} is read as ${shapeText(data.train.imageShape!)} images, as ${conv.name}'s ${conv.net.kind} takes it, but ${e.name}'s ${e.net.kind} reads vectors: make ${e.name} convolutional too, or read ${conv.target ?? 'Z'}`;
      return [{ path, message }];
    }),
  );
}

/** Values per sample of each observed variable: the data's, a view's (as its source's), a prior's. */
function observedWidths(
  spec: Spec,
  variables: Readonly<Record<string, Dataset>>,
  views: readonly Augmentation[],
): Map<string, number> {
  const widths = new Map(Object.entries(variables).map(([v, ds]) => [v, ds.dim]));
  views.forEach((a) => widths.set(a.name, variables[a.of].dim));
  (spec.model.priors ?? []).forEach((p) => widths.set(p.name, p.size));
  return widths;
}

/** A network whose output is an observed variable gives that variable's number of values. */
function observedTargetIssues(
  spec: Spec,
  variables: Readonly<Record<string, Dataset>>,
  views: readonly Augmentation[],
): SpecIssue[] {
  const observed = observedWidths(spec, variables, views);
  return spec.model.encoders.flatMap((e, i) => {
    const outputs = [
      ...usesOf(e).map((u) => ({ target: u.target, width: e.size, path: `model.encoders[${i}].size` })),
      ...layersOf(e).map((l, j) => ({ target: l.target, width: l.width, path: `model.encoders[${i}].layers[${j}]` })),
    ];
    return outputs.flatMap(({ target, width, path }) => {
      const want = observed.get(target);
      if (want === undefined || width === want) return [];
      const message = `${target} is observed with ${want} values per sample, so ${e.name} predicting it must give ${want}, got ${width}`;
      return [{ path, message }];
    });
  });
}

/** Refuse a spec whose networks cannot read or predict its data. */
export function checkNetworkInputs(
  spec: Spec,
  data: RunData,
  variables: Readonly<Record<string, Dataset>>,
  views: readonly Augmentation[],
): void {
  const issues = [
    ...imageIssues(spec, data, views),
    ...flatReaderIssues(spec, data, views),
    ...observedTargetIssues(spec, variables, views),
  ];
  if (issues.length) throw new SpecError(issues);
}
