/**
 * What a run's evaluation computes and reads, decided once by the compiler: the metrics `eval` asks for (each refused
 * when the run lacks what it reads, so `check` refuses what `train` would skip), the linear probe's settings with their
 * defaults, and the networks the evaluation reads by role — found in the model of the variables, never by letters.
 */
import { match } from 'ts-pattern';
import { hasExplicitMarginal, isGaussianConditional, isOneHot, isReparameterisable } from '../families/index.ts';
import type { RunData } from './data.ts';
import { normaliseEval, type NormalEval } from './normalise.ts';
import { SpecError } from './errors.ts';
import { givensOf, METRICS, usesOf, type DataSpec, type EncoderSpec, type PriorSpec, type Spec } from './schema.ts';
import type { VariableModel, VariableRole } from './variables.ts';

export type MetricName = (typeof METRICS)[number];

/** An encoder and the network whose code it reads (a classifier of the labels, a decoder of the data). */
export interface CodeReader {
  readonly reader: EncoderSpec;
  /** The encoder producing the one variable `reader` reads. */
  readonly encoder: EncoderSpec;
}

/** A generator fed by latent priors, and the posterior of its first categorical code when the spec has one (InfoGAN). */
export interface GeneratorRole {
  readonly network: EncoderSpec;
  /** The priors it reads, in the order their draws are concatenated. */
  readonly priors: readonly PriorSpec[];
  readonly codePosterior?: EncoderSpec;
}

export interface EvaluationPlan {
  /** The metrics asked for, in `METRICS` order. */
  readonly metrics: readonly MetricName[];
  /** The linear probe's training, defaults filled. */
  readonly probe: NormalEval['probe'];
  /** What the probe reads of the evaluated network: its output or its last hidden layer. */
  readonly probeOn: NormalEval['probeOn'];
  /** A categorical classifier of the labels and the encoder whose code it reads (`accuracy`). */
  readonly classifier?: CodeReader;
  /** `accuracy` also with p(y|z) averaged over this many z ~ q(z|x) (`eval.zSamples`; none when undefined). */
  readonly zSamples?: number;
  /** A Gaussian encoder of the data (`information`). */
  readonly gaussianEncoder?: EncoderSpec;
  /** A decoder back to the data and the reparameterisable encoder whose code it reads (reconstructions, samples). */
  readonly decoder?: CodeReader;
  /** Categorical encoders of the data and of its second view into one variable (co-training's agreement). */
  readonly views?: { readonly first: EncoderSpec; readonly second: EncoderSpec };
  readonly generator?: GeneratorRole;
  /** An MLP encoder of the data alone, whose first-layer filters are drawn when the data are images. */
  readonly filtered?: EncoderSpec;
}

const roleOf = (model: VariableModel, v: string): VariableRole['kind'] | undefined => model.get(v)?.kind;
const isFeatures = (model: VariableModel, v: string) => {
  const role = model.get(v);
  return role?.kind === 'data' && role.what === 'features';
};
const targetOf = (e: EncoderSpec) => usesOf(e)[0].target;

/** The encoder whose main output is the one variable `reader` reads, if it reads one network output. */
function encoderRead(reader: EncoderSpec, encoders: readonly EncoderSpec[], model: VariableModel) {
  const givens = givensOf(reader);
  const role = givens.length === 1 ? model.get(givens[0]) : undefined;
  if (role?.kind !== 'network' || role.head !== undefined || role.layer !== undefined) return undefined;
  return encoders.find((e) => e.name === role.model);
}

function rolesOf(spec: Spec, model: VariableModel): Omit<EvaluationPlan, 'metrics' | 'probe' | 'probeOn'> {
  const encoders = spec.model.encoders;
  const reading = (reader: EncoderSpec | undefined, accept: (e: EncoderSpec) => boolean): CodeReader | undefined => {
    const encoder = reader && encoderRead(reader, encoders, model);
    return reader && encoder && accept(encoder) ? { reader, encoder } : undefined;
  };
  const classifier = reading(
    encoders.find((e) => roleOf(model, targetOf(e)) === 'labels' && isOneHot(e.family)),
    () => true,
  );
  const decoder = reading(
    encoders.find((e) => isFeatures(model, targetOf(e))),
    (e) => isReparameterisable(e.family),
  );
  const gaussianEncoder = encoders.find(
    (e) =>
      isGaussianConditional(e.family) &&
      givensOf(e).length === 1 &&
      isFeatures(model, givensOf(e)[0]) &&
      roleOf(model, targetOf(e)) === 'network',
  );
  const categoricalOf = (view: (v: string) => boolean) =>
    encoders.find((e) => givensOf(e).length === 1 && view(givensOf(e)[0]) && isOneHot(e.family));
  const first = categoricalOf((v) => isFeatures(model, v));
  const second = categoricalOf((v) => {
    const role = model.get(v);
    return role?.kind === 'data' && role.what === 'second view';
  });
  const views = first && second && targetOf(first) === targetOf(second) ? { first, second } : undefined;
  const filtered = encoders.find(
    (e) => givensOf(e).length === 1 && isFeatures(model, givensOf(e)[0]) && e.net.kind === 'mlp',
  );
  return { classifier, decoder, gaussianEncoder, views, generator: generatorOf(spec), filtered };
}

/** A network all of whose inputs are latent priors: a generator G(z[, c]). */
function generatorOf(spec: Spec): GeneratorRole | undefined {
  const priors = spec.model.priors ?? [];
  const network = spec.model.encoders.find((e) => givensOf(e).every((v) => priors.some((p) => p.name === v)));
  if (!network) return undefined;
  const used = givensOf(network).map((v) => priors.find((p) => p.name === v)!);
  const code = used.find((p) => p.family === 'categorical');
  const codePosterior = code && spec.model.encoders.find((e) => targetOf(e) === code.name && isOneHot(e.family));
  return { network, priors: used, ...(codePosterior ? { codePosterior } : {}) };
}

/** What a run's data sets hold that metrics read: known from the loaded data, or from the data spec alone (`dataFacts`). */
export interface DataFacts {
  /** The evaluated samples (the test set where there is one) have labels. */
  readonly labels: boolean;
  /** A held-out test set, and whether its samples and the training samples have labels. */
  readonly test: boolean;
  readonly testLabels: boolean;
  /** A validation set. */
  readonly val: boolean;
}

/** The facts of loaded data. */
export const factsOfData = (data: RunData): DataFacts => ({
  labels: Boolean((data.test ?? data.train).labels),
  test: data.test !== undefined,
  testLabels: Boolean(data.train.labels && data.test?.labels),
  val: data.val !== undefined,
});

/**
 * The facts of a data spec, without loading it (`explain` reads no data): what `loadRunData` returns for each kind
 * (test/spec/defaults.test.ts compares the two on every kind).
 */
export const dataFacts = (data: Spec['data']): DataFacts =>
  match(data as DataSpec)
    .with({ kind: 'synthetic' }, () => ({ labels: true, test: false, testLabels: false, val: false }))
    .with({ kind: 'mnist' }, () => ({ labels: true, test: true, testLabels: true, val: true }))
    .with({ kind: 'sequences' }, () => ({ labels: false, test: false, testLabels: false, val: true }))
    .with({ kind: 'correlated-gaussian' }, () => ({ labels: false, test: false, testLabels: false, val: false }))
    .with({ kind: 'csv' }, (d) => ({ labels: d.labelColumn !== undefined, test: false, testLabels: false, val: false }))
    .with({ kind: 'npy' }, (d) => ({ labels: d.labels !== undefined, test: false, testLabels: false, val: false }))
    .exhaustive();

/** What the run has that metrics read. */
interface Facts {
  readonly plan: Omit<EvaluationPlan, 'metrics' | 'probe' | 'probeOn'>;
  readonly data: DataFacts;
  readonly dataKind: Spec['data']['kind'];
  readonly evaluated?: EncoderSpec;
  /** A mixture fitted by EM: its components partition the data. */
  readonly mixture: boolean;
}

const labelled = (f: Facts) => (f.data.labels ? undefined : `the data's labels, and ${f.dataKind} data here have none`);
const partitioned = (f: Facts) =>
  labelled(f) ??
  (f.mixture || (f.evaluated && hasExplicitMarginal(f.evaluated))
    ? undefined
    : `a partition of the data: the evaluated encoder${f.evaluated ? ` ${f.evaluated.name}` : ''} has no explicit states`);

/** What each metric reads, or what is missing (undefined when the run has it). */
const MISSING: Record<MetricName, (f: Facts) => string | undefined> = {
  ari: partitioned,
  nmi: partitioned,
  cluster_accuracy: partitioned,
  kmeans: labelled,
  linear_probe: (f) =>
    !f.data.test
      ? `a held-out test set, and ${f.dataKind} data here have none`
      : !f.data.testLabels
        ? `the data's labels, and ${f.dataKind} data here have none`
        : !f.evaluated
          ? 'an encoder to probe, and the spec declares none'
          : undefined,
  accuracy: (f) =>
    labelled(f) ??
    (f.plan.classifier ? undefined : 'a categorical classifier of the labels reading one encoder’s output'),
  information: (f) => (f.plan.gaussianEncoder ? undefined : 'a Gaussian encoder of the data'),
  elbo: (f) => (f.data.val ? undefined : `a validation set, and ${f.dataKind} data here have none`),
};

/**
 * The spec's evaluation: its metrics (refused, naming `eval.metrics`, when the run lacks what one reads), the probe's
 * settings and the networks read by role.
 */
export function evaluationPlan(
  spec: Spec,
  model: VariableModel,
  data: RunData,
  evaluated: EncoderSpec | undefined,
): EvaluationPlan {
  const plan = rolesOf(spec, model);
  const mixture = spec.model.mixture !== undefined; // its metrics, ari, nmi and kmeans, are checked by decoding
  const facts: Facts = { plan, data: factsOfData(data), dataKind: spec.data.kind, evaluated, mixture };
  const metrics = METRICS.filter((m) => spec.eval.metrics.includes(m));
  for (const m of metrics) {
    const missing = MISSING[m](facts);
    if (missing)
      throw new SpecError([
        { path: 'eval.metrics', message: `${m} needs ${missing}; remove it or provide what it reads` },
      ]);
  }
  const { probe, probeOn } = normaliseEval(spec.eval);
  const zSamples = spec.eval.zSamples;
  if (
    zSamples !== undefined &&
    !(metrics.includes('accuracy') && plan.classifier && isGaussianConditional(plan.classifier.encoder.family))
  )
    throw new SpecError([
      {
        path: 'eval.zSamples',
        message:
          'averages a classifier of the labels over draws of a Gaussian code: it needs the accuracy metric and such a classifier; remove it',
      },
    ]);
  return { metrics, probe, probeOn, ...plan, ...(zSamples ? { zSamples } : {}) };
}

/** Metrics a spec without `eval.metrics` computes, each where the run has what it reads (kmeans, a baseline of the data, and elbo, which needs a max objective, only when asked for). */
export const DEFAULT_METRICS: readonly MetricName[] = ['ari', 'nmi', 'accuracy', 'information', 'linear_probe'];

/**
 * The default metrics of a spec, from its data spec and model alone (no data is read): those of `DEFAULT_METRICS` the
 * run can compute (a mixture's among ari and nmi).
 */
export function defaultMetrics(spec: Spec, model: VariableModel): MetricName[] {
  const evaluated = spec.model.encoders.find((e) => e.name === spec.objective.encoder) ?? spec.model.encoders[0];
  const mixture = spec.model.mixture !== undefined;
  const facts: Facts = {
    plan: rolesOf(spec, model),
    data: dataFacts(spec.data),
    dataKind: spec.data.kind,
    evaluated,
    mixture,
  };
  const allowed = mixture ? DEFAULT_METRICS.filter((m) => m === 'ari' || m === 'nmi') : DEFAULT_METRICS;
  return METRICS.filter((m) => allowed.includes(m) && MISSING[m](facts) === undefined);
}
