/**
 * The spec compiler: a decoded spec becomes one `CompiledSpec` (data, variables, encoders, objective, plan,
 * hyper-parameters, networks, training). Every error a spec can cause is raised here, naming the field, so `check`
 * accepts exactly what `train` accepts.
 */
import { children, encodersOf, hypersOf, print, sameExpr, type Expr, type Objective } from '../expr/index.ts';
import { familyOf } from '../families/index.ts';
import { em } from '../objectives/index.ts';
import { plan as makePlan, PlanError } from '../plan/index.ts';
import { ESTIMATOR_MODULES, moduleOf } from '../estimators/registry.ts';
import { lintObjective, type ObjectiveWarning } from '../plan/lint.ts';
import type { CompiledSpec, EmTraining, GradientTraining, NetworkPlan, SpecPlan } from './compiled.ts';
import { loadRunData, trainingVariables, type RunData } from './data.ts';
import { SpecError } from './errors.ts';
import { checkConstants } from './constants.ts';
import { encodersOfSpec, objectiveFromSpec, pinsFromSpec } from './objective.ts';
import { givensOf, outputsOf, type EncoderSpec, type Spec } from './schema.ts';
import type { Augmentation } from '../data/index.ts';
import { suggest } from './types.ts';
import { checkFootprint, checkLimits, memoryLimit, withPlanDemands } from './limits.ts';
import { totalmem } from 'node:os';
import { labelsOf, observedVariables, variableModel } from './variables.ts';
import { labelLeak } from './labelLeak.ts';
import { checkNetworkInputs } from './networkInputs.ts';
import { evaluationPlan } from './evaluation.ts';
import { normaliseTrain } from './normalise.ts';
import { boundVariables, checkBindings, dataVariables } from './bindings.ts';
import { Bool, checkArgs, Fn, List, Obj, optional, SpecArg } from '../api/arguments.ts';

/** Every hyper-parameter the objective uses has a value, and every value is used (a typo must not pass silently). */
function checkHypers(objective: Objective, hypers: Record<string, number>): void {
  const used = [...hypersOf(objective.body)];
  const given = Object.keys(hypers);
  const missing = used.filter((h) => !(h in hypers));
  if (missing.length)
    throw new SpecError([
      {
        path: 'objective.hypers',
        message: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} used by the objective but has no value`,
      },
    ]);
  const unused = given.filter((h) => !used.includes(h));
  if (unused.length) {
    const guess = suggest(unused[0], used);
    throw new SpecError([
      {
        path: `objective.hypers.${unused[0]}`,
        message: `not used by the objective${guess ? ` (did you mean '${guess}'?)` : ''}; it uses ${used.join(', ') || 'no hyper-parameters'}`,
      },
    ]);
  }
}

/** EM's closed-form steps maximise one objective, the mixture's ELBO; a mixture spec must say that one. */
function checkMixtureObjective(objective: Objective, elbo: Objective): void {
  if (objective.sense !== elbo.sense || !sameExpr(objective.body, elbo.body))
    throw new SpecError([
      {
        path: 'objective',
        message: `EM's E and M steps maximise the mixture's ELBO ${print(elbo)} (preset em-gmm), not ${print(objective)}`,
      },
    ]);
}

/** The elbo metric is the value of an objective that is maximised (an evidence lower bound). */
function checkElboMetric(spec: Spec, objective: Objective): void {
  if (spec.eval.metrics.includes('elbo') && objective.sense !== 'max')
    throw new SpecError([
      {
        path: 'eval.metrics',
        message: 'elbo is the value of a max objective (the evidence lower bound); this objective is minimised',
      },
    ]);
}

/** Declared encoders the objective never reads: neither named in it nor producing a variable a used encoder reads. */
function unusedEncoders(spec: Spec, objective: Objective): ObjectiveWarning[] {
  const used = new Set([...encodersOf(objective.body).values()].map((e) => e.model));
  const declared = spec.model.encoders;
  for (let grew = true; grew; ) {
    const read = new Set(declared.filter((e) => used.has(e.name)).flatMap((e) => outputsOf(e).flatMap((u) => u.given)));
    const more = declared.filter((e) => !used.has(e.name) && outputsOf(e).some((u) => read.has(u.target)));
    more.forEach((e) => used.add(e.name));
    grew = more.length > 0;
  }
  return declared
    .filter((e) => !used.has(e.name))
    .map((e) => ({ path: [], term: e.name, reason: `encoder ${e.name} is declared but the objective never reads it` }));
}

/**
 * Build and plan the spec's objective; planning failures are reported under `objective`. Only a mixture reads its data
 * (`dataDim`): its encoders are implied, q(z|x) and the components p(x|z) over the data's dimension.
 */
function planObjective(spec: Spec, dataDim: () => number): SpecPlan {
  const mixture = spec.model.mixture && em.mixtureEncoders(spec.model.mixture.components, dataDim());
  const model = variableModel(spec);
  const observed = new Set(observedVariables(model));
  const encoders = mixture ? [mixture.q, mixture.p] : encodersOfSpec(spec.model.encoders, observed);
  checkBindings(spec);
  const variables = {
    data: dataVariables(spec),
    priors: (spec.model.priors ?? []).map((p) => p.name),
    labels: labelsOf(model),
    bound: [...new Set([...boundVariables(spec), ...encoders.map((e) => e.target), ...Object.keys(labelsOf(model))])],
  };
  const objective = objectiveFromSpec(spec.objective, encoders, variables);
  if (mixture) checkMixtureObjective(objective, em.elbo(mixture.q, mixture.p));
  const hypers = spec.objective.hypers ?? {};
  checkHypers(objective, hypers);
  checkConstants(objective, hypers);
  checkElboMetric(spec, objective);
  try {
    const pins = pinsFromSpec(spec.objective.pins, encoders, variables);
    const plan = makePlan(objective, { pins, ssge: spec.objective.ssge });
    if (spec.objective.ssge && !plan.terms.some((t) => t.ssge))
      throw new SpecError([
        { path: 'objective.ssge', message: 'no term of the objective is estimated with MIGE, whose SSGE it sets' },
      ]);
    checkSharedMarginals(spec, plan);
    const warnings = [
      ...lintObjective(objective, hypers),
      ...unusedEncoders(spec, objective),
      ...labelLeak(spec, objective, variables.labels),
    ];
    return { encoders, objective, hypers, plan, warnings, variableModel: model, labels: variables.labels };
  } catch (e) {
    if (e instanceof PlanError) throw new SpecError([{ path: 'objective', message: e.message }]);
    throw e;
  }
}

/** Shape of one input sample as the networks take it: images as HWC when a network is convolutional, else flat. */
const sampleShape = (encoders: readonly EncoderSpec[], data: RunData): number[] =>
  encoders.some((e) => e.net.kind !== 'mlp') && data.train.imageShape ? [...data.train.imageShape] : [data.train.dim];

/** The networks of the encoders; encoder i is initialised from seed·1000 + i, and a list of givens is concatenated. */
function networkPlans(spec: Spec, widths: Readonly<Record<string, number>>): NetworkPlan[] {
  return spec.model.encoders.map((encoder, i) => ({
    encoder,
    input: givensOf(encoder).reduce((sum, v) => sum + widths[v], 0),
    output: familyOf(encoder.family).rawWidth(encoder.size),
    heads: (encoder.heads ?? []).map((h) => ({ name: h.name, output: familyOf(h.family).rawWidth(h.size) })),
    seed: spec.seed * 1000 + i,
  }));
}

/** Values per sample of every variable: a latent prior's size, else the size of the encoder producing it, else the data's. */
function variableWidths(spec: Spec, data: RunData, labels: Readonly<Record<string, number>>): Record<string, number> {
  const { encoders, priors = [] } = spec.model;
  const names = new Set(['X', ...Object.keys(trainingVariables(labels, data)), ...priors.map((p) => p.name)]);
  encoders.forEach((e) => outputsOf(e).forEach((u) => [u.target, ...u.given].forEach((v) => names.add(v))));
  const views = spec.data.augment ?? [];
  views.forEach((a) => names.add(a.name));
  const produced = (v: string) => encoders.flatMap(outputsOf).find((u) => u.target === v)?.width;
  const width = (v: string): number => {
    const view = views.find((a) => a.name === v);
    const dataDim = v === 'Y' && data.trainY ? data.trainY.dim : data.train.dim;
    return labels[v] ?? priors.find((p) => p.name === v)?.size ?? produced(v) ?? (view ? width(view.of) : dataDim);
  };
  return Object.fromEntries([...names].map((v) => [v, width(v)]));
}

/** The augmented views of `data.augment` (named and sourced as src/spec/bindings.ts checks); shifts need images. */
function viewsOf(spec: Spec, data: RunData): Augmentation[] {
  const views = spec.data.augment ?? [];
  const i = views.findIndex((a) => (a.shift ?? 0) > 0);
  if (i >= 0 && !data.train.imageShape)
    throw new SpecError([
      { path: `data.augment[${i}].shift`, message: 'shifts move pixels: they need image data (mnist)' },
    ]);
  return views.map((a) => ({ ...a }));
}

/** A network used on several variables (`also`) reads the same width in each use, since its weights are shared. */
function checkSharedWidths(spec: Spec, widths: Readonly<Record<string, number>>): void {
  spec.model.encoders.forEach((e, i) => {
    const [first, ...more] = outputsOf(e).map((u) => ({
      ...u,
      reads: u.given.reduce((s, v) => s + (widths[v] ?? 0), 0),
    }));
    const other = more.find((u) => u.reads !== first.reads);
    if (other) {
      const message =
        `${e.name} reads ${first.reads} values per sample, so each use of its shared weights must too; ` +
        `got ${other.reads}`;
      throw new SpecError([{ path: `model.encoders[${i}].${other.at}`, message }]);
    }
  });
}

/** `train.marginal: batch` shares the whole batch's marginals E_x[L(x)] between micro-batches: some term must read one. */
function checkSharedMarginals(spec: Spec, plan: SpecPlan['plan']): void {
  if (spec.train.algorithm === 'em' || spec.train.marginal !== 'batch') return;
  const reads = (t: SpecPlan['plan']['terms'][number]) =>
    moduleOf(ESTIMATOR_MODULES, t.estimator).readsBatchMarginal?.(
      t.path.reduce<Expr>((n, i) => children(n)[i], plan.objective.body),
    ) ?? false;
  if (plan.terms.some(reads)) return;
  const readers = ESTIMATOR_MODULES.filter((m) => m.readsBatchMarginal).map((m) => m.name);
  throw new SpecError([
    {
      path: 'train.marginal',
      message: `batch: no term of the objective reads a batch marginal E_x[L(x)] (estimators that do: ${readers.join(', ')}); remove the field`,
    },
  ]);
}

/** Networks with hidden layers of a spatial extent carry multi-scale heads (Neural Bayes Appendix E). */
const SPATIAL_NETS: readonly EncoderSpec['net']['kind'][] = ['cnn-mnist', 'cnn-cifar'];

/** The training settings, normalised; a gradient run must have at least one step per epoch. */
function trainingOf(spec: Spec, data: RunData): GradientTraining | EmTraining {
  const train = normaliseTrain(spec.train);
  if (train.algorithm === 'em')
    return {
      algorithm: 'em',
      components: spec.model.mixture!.components,
      iterations: train.iterations,
      tolerance: train.tolerance,
    };
  const stepsPerEpoch = Math.floor(data.train.n / train.batch);
  if (stepsPerEpoch < 1)
    throw new SpecError([
      {
        path: 'train.batch',
        message: `must not exceed the ${data.train.n} training samples (an epoch would have no step), got ${train.batch}`,
      },
    ]);
  return {
    algorithm: 'gradient',
    lr: train.lr,
    batch: train.batch,
    epochs: train.epochs,
    microBatch: train.microBatch,
    marginal: train.marginal,
    optimizer: train.optimizer,
    betas: train.betas,
    checkpointEvery: train.checkpointEvery ?? train.epochs,
    keep: train.keep,
    weightDecay: train.weightDecay,
    ...(train.lrDecay ? { lrDecay: train.lrDecay } : {}),
    ...(train.averageWeights !== undefined ? { averageWeights: train.averageWeights } : {}),
    stepsPerEpoch,
  };
}

/**
 * Say the spec's warnings as `warning: <term>: <why>` lines through `write`; with `strict` they are errors instead, one
 * issue per warning under `objective`.
 */
export function reportWarnings(
  warnings: readonly ObjectiveWarning[],
  strict: boolean,
  write: (line: string) => void,
): void {
  checkArgs('reportWarnings', {
    warnings: [List('a list of warnings'), warnings],
    strict: [Bool, strict],
    write: [Fn, write],
  });
  if (strict && warnings.length)
    throw new SpecError(
      warnings.map((w) => ({ path: 'objective', message: `${w.term}: ${w.reason} (an error under --strict)` })),
    );
  for (const w of warnings) write(`warning: ${w.term}: ${w.reason}`);
}

/** The spec's planned objective alone (what `explain` shows): reads no data unless the spec is a mixture. */
export const planSpec = (spec: Spec): SpecPlan => {
  checkArgs('planSpec', { spec: [SpecArg, spec] });
  return planObjective(spec, () => loadRunData(spec.data, spec.seed).train.dim);
};

/** Where a spec is compiled: the memory its run may use (default: this machine's, `os.totalmem()`). */
export interface CompileOptions {
  readonly memoryBytes?: number;
  /** Where the run's tensors live: the wasm backend (the default) addresses at most 4 GB (`memoryLimit`). */
  readonly backend?: string;
}

/** Compile a decoded spec (with the run's seed): load and check its data, plan its objective, size its networks. */
export function compileSpec(spec: Spec, o: CompileOptions = {}): CompiledSpec {
  checkArgs('compileSpec', { spec: [SpecArg, spec], options: [optional(Obj('compile options')), o] });
  const limit = memoryLimit(o.backend, o.memoryBytes ?? totalmem());
  const footprint = checkLimits(spec, limit); // sizes, memory, name and file data before anything is allocated
  const data = loadRunData(spec.data, spec.seed);
  const planned = planObjective(spec, () => data.train.dim);
  checkFootprint(withPlanDemands(spec, footprint, planned.plan), limit); // what the estimators allocate per batch
  const evaluated = spec.model.encoders.find((e) => e.name === spec.objective.encoder) ?? spec.model.encoders[0];
  const heads = spec.model.heads ?? 'output';
  if (heads === 'multiscale' && evaluated && !SPATIAL_NETS.includes(evaluated.net.kind))
    throw new SpecError([
      {
        path: 'model.heads',
        message: `multiscale needs hidden layers with a spatial extent (${SPATIAL_NETS.join(', ')}); ${evaluated.name} is an ${evaluated.net.kind}`,
      },
    ]);
  const variables = trainingVariables(planned.labels, data);
  const views = viewsOf(spec, data);
  checkNetworkInputs(spec, data, variables, views);
  const widths = variableWidths(spec, data, planned.labels);
  checkSharedWidths(spec, widths);
  return {
    ...planned,
    specRecord: spec,
    name: spec.name,
    seed: spec.seed,
    evaluation: evaluationPlan(spec, planned.variableModel, data, evaluated),
    checkpointBytes: footprint.checkpointBytes,
    data,
    variables,
    views,
    sample: sampleShape(spec.model.encoders, data),
    widths,
    networks: networkPlans(spec, widths),
    priors: Object.fromEntries((spec.model.priors ?? []).map((p) => [p.name, { family: p.family, size: p.size }])),
    evaluated,
    heads,
    training: trainingOf(spec, data),
  };
}
