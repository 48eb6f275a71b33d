/**
 * The model of a spec's variables: what binds each name — the data (its features, a second view, an augmentation), the
 * data's class labels, a fixed prior, or a network's output. Roles come from this model, never from the letters: an
 * encoder whose target the data bind is a model of observed values (a classifier or a decoder), and terms over labels
 * read the labels.
 */
import { isOneHot } from '../families/index.ts';
import { SpecError } from './errors.ts';
import { headUsesOf, layerGivens, usesOf, layersOf, type DataSpec, type Spec } from './schema.ts';

export type VariableRole =
  | { readonly kind: 'data'; readonly what: 'features' | 'second view' | 'augmentation'; readonly of?: string }
  | { readonly kind: 'labels'; readonly classes: number }
  | { readonly kind: 'prior'; readonly family: 'standard-normal' | 'categorical'; readonly size: number }
  | {
      readonly kind: 'network';
      readonly model: string;
      readonly given: readonly string[];
      readonly head?: string;
      readonly layer?: number;
    };

/** Every variable a spec names, with what binds it. */
export type VariableModel = ReadonlyMap<string, VariableRole>;

/** Classes of the data's labels when the data kind fixes them (MNIST's 10 digits, a synthetic set's clusters). */
function classesOfData(data: DataSpec): number | undefined {
  switch (data.kind) {
    case 'mnist':
      return 10;
    case 'synthetic':
      return data.clusters ?? 2;
    case 'csv':
    case 'npy':
    case 'sequences':
    case 'correlated-gaussian':
      return undefined;
  }
}

/** Whether the data kind carries class labels at all. */
function dataHasLabels(data: DataSpec): boolean {
  switch (data.kind) {
    case 'mnist':
    case 'synthetic':
      return true;
    case 'csv':
      return data.labelColumn !== undefined;
    case 'npy':
      return data.labels !== undefined;
    case 'sequences':
    case 'correlated-gaussian':
      return false;
  }
}

/** The data's second view (`views` of MNIST, the y of correlated Gaussians), bound to Y. */
const hasSecondView = (data: DataSpec): boolean =>
  (data.kind === 'mnist' && data.views !== undefined) || data.kind === 'correlated-gaussian';

/**
 * The variable the labels bind to: `model.labels`, or — the shorthand of earlier specs — Y when a categorical encoder
 * predicts Y and the data have no second view. Their classes: the data kind's, else the classifier's size.
 */
function labelsBinding(spec: Spec): { variable: string; classes: number; at: string } | undefined {
  const encoders = spec.model.encoders ?? [];
  const classifierOf = (v: string) => encoders.find((e) => usesOf(e).some((u) => u.target === v));
  const named = spec.model.labels;
  const shorthand = encoders.find((e) => e.target === 'Y' && isOneHot(e.family));
  const variable = named ?? (shorthand && !hasSecondView(spec.data) ? 'Y' : undefined);
  if (variable === undefined) return undefined;
  const at = named !== undefined ? 'model.labels' : 'model.encoders';
  if (!dataHasLabels(spec.data))
    throw new SpecError([
      { path: at, message: `${variable} is bound to the data's labels, but ${spec.data.kind} data here have none` },
    ]);
  const classifier = classifierOf(variable);
  const classes = classesOfData(spec.data) ?? classifier?.size;
  if (classes === undefined)
    throw new SpecError([
      {
        path: at,
        message: `the number of classes of ${variable} is unknown before the data are read: declare a categorical classifier of ${variable} (its size is the number of classes)`,
      },
    ]);
  if (classifier && (!isOneHot(classifier.family) || classifier.size !== classes))
    throw new SpecError([
      {
        path: at,
        message: `${classifier.name} models ${variable}, the data's labels over ${classes} classes: it must be categorical of size ${classes}, got ${classifier.family} of size ${classifier.size}`,
      },
    ]);
  return { variable, classes, at };
}

/** The spec's variables and what binds each (a mixture's implied encoders aside). */
export function variableModel(spec: Spec): VariableModel {
  const model = new Map<string, VariableRole>([['X', { kind: 'data', what: 'features' }]]);
  // a second view that a network produces (the channel q(y|x) of correlated Gaussians) is that network's output
  const produced = (v: string) => (spec.model.encoders ?? []).some((e) => usesOf(e).some((u) => u.target === v));
  if (hasSecondView(spec.data) && !produced('Y')) model.set('Y', { kind: 'data', what: 'second view', of: 'X' });
  for (const a of spec.data.augment ?? []) model.set(a.name, { kind: 'data', what: 'augmentation', of: a.of });
  const labels = labelsBinding(spec);
  if (labels) {
    if (model.has(labels.variable))
      throw new SpecError([
        {
          path: labels.at,
          message: `${labels.variable} is already bound to the data (${describe(model.get(labels.variable)!)})`,
        },
      ]);
    model.set(labels.variable, { kind: 'labels', classes: labels.classes });
  }
  for (const p of spec.model.priors ?? []) model.set(p.name, { kind: 'prior', family: p.family, size: p.size });
  for (const e of spec.model.encoders ?? []) {
    const set = (v: string, role: Omit<VariableRole & { kind: 'network' }, 'kind' | 'model'>) =>
      model.has(v) || model.set(v, { kind: 'network', model: e.name, ...role });
    for (const u of usesOf(e)) set(u.target, { given: u.given });
    for (const h of e.heads ?? []) for (const u of headUsesOf(e, h)) set(u.target, { given: u.given, head: h.name });
    for (const l of layersOf(e)) set(l.target, { given: layerGivens(e, l), layer: l.layer });
  }
  return model;
}

/** Variables the data bind (features, views, augmentations, labels): an encoder of one models observed values. */
export const observedVariables = (model: VariableModel): string[] =>
  [...model].filter(([, r]) => r.kind === 'data' || r.kind === 'labels').map(([v]) => v);

/** The labels' variable and classes, if the spec binds them. */
export const labelsOf = (model: VariableModel): Record<string, number> =>
  Object.fromEntries([...model].flatMap(([v, r]) => (r.kind === 'labels' ? [[v, r.classes]] : [])));

/** A role as `explain` prints it. */
export function describe(role: VariableRole): string {
  switch (role.kind) {
    case 'data':
      return role.what === 'features' ? 'the data' : `${role.what} of ${role.of}`;
    case 'labels':
      return `the data's labels, ${role.classes} classes`;
    case 'prior':
      return `drawn from a ${role.family} prior of size ${role.size}`;
    case 'network':
      return `${role.layer !== undefined ? `hidden layer ${role.layer} of ` : role.head !== undefined ? `head ${role.head} of ` : ''}${role.model}(${role.given.join(', ')})`;
  }
}

/** The model as `explain` prints it, a line a variable: `  Y  the data's labels, 10 classes`. */
export function describeVariables(model: VariableModel): string {
  const width = Math.max(0, ...[...model.keys()].map((v) => v.length));
  return ['variables:', ...[...model].map(([v, role]) => `  ${v.padEnd(width)}  ${describe(role)}`)].join('\n');
}
