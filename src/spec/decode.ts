/** Decoding a parsed spec object into a `Spec`, with every problem reported by field path. */
import { isLeft } from 'fp-ts/lib/Either.js';
import { SpecError, issuesOf, type SpecIssue } from './errors.ts';
import {
  ALGORITHMS,
  AugmentList,
  DATA_CODECS,
  DATA_KINDS,
  SpecHead,
  TRAIN_CODECS,
  VRNN_PARTS,
  givensOf,
  headUsesOf,
  layersOf,
  usesOf,
  type EncoderSpec,
  type DataSpec,
  type ObjectiveSpec,
  type Spec,
  type TrainFile,
  type TrainSpec,
  isSpecName,
} from './schema.ts';
import {
  DEFAULT_EM_ITERATIONS,
  DEFAULT_GRADIENT,
  DEFAULT_NAME,
  DEFAULT_SEED,
  defaultBatch,
  defaultName,
  knownTrainingRows,
  type SpecDefault,
} from './defaults.ts';
import { defaultMetrics } from './evaluation.ts';
import { variableModel } from './variables.ts';
import { fullSplitSizes, MNIST_FULL_TEST, MNIST_FULL_TRAIN, MNIST_SIZE } from '../data/mnistSizes.ts';
import { describe, suggest } from './types.ts';
import { checkArgs, optional, Str } from '../api/arguments.ts';

function decodeData(raw: unknown): { data?: Spec['data']; issues: SpecIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { issues: [{ path: 'data', message: `expected an object with a kind, got ${describe(raw)}` }] };
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(DATA_KINDS as readonly string[]).includes(kind)) {
    const guess = typeof kind === 'string' ? suggest(kind, DATA_KINDS) : undefined;
    return {
      issues: [
        {
          path: 'data.kind',
          message: `expected one of ${DATA_KINDS.join(', ')}, got ${describe(kind)}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        },
      ],
    };
  }
  const { augment, ...fields } = raw as { augment?: unknown };
  const r = DATA_CODECS[kind as keyof typeof DATA_CODECS].decode(augment === undefined ? raw : fields);
  const views = augment === undefined ? undefined : AugmentList.decode(augment);
  const issues = [
    ...(isLeft(r) ? issuesOf(r.left, 'data') : []),
    ...(views && isLeft(views) ? issuesOf(views.left, 'data.augment') : []),
  ];
  if (isLeft(r) || (views && isLeft(views))) return { issues };
  return { data: views ? { ...(r.right as DataSpec), augment: views.right } : (r.right as DataSpec), issues: [] };
}

/**
 * `train` by its `algorithm` (default gradient; em for a mixture spec without `train`), so each algorithm reports its
 * own fields; the fields left out are filled (src/spec/defaults.ts) and listed.
 */
function decodeTrain(
  raw: unknown,
  data: DataSpec | undefined,
  mixture: boolean,
): { train?: TrainSpec; issues: SpecIssue[]; defaults: SpecDefault[] } {
  const none = { issues: [], defaults: [] };
  if (raw === undefined)
    return mixture
      ? {
          ...none,
          train: { algorithm: 'em', iterations: DEFAULT_EM_ITERATIONS },
          defaults: [
            { path: 'train.algorithm', value: 'em', rule: 'a mixture is fitted by EM' },
            { path: 'train.iterations', value: DEFAULT_EM_ITERATIONS },
          ],
        }
      : data
        ? gradientDefaults({}, data)
        : none;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ...none, issues: [{ path: 'train', message: `expected the training settings, got ${describe(raw)}` }] };
  const algorithm = (raw as { algorithm?: unknown }).algorithm ?? 'gradient';
  if (typeof algorithm !== 'string' || !(ALGORITHMS as readonly string[]).includes(algorithm)) {
    const guess = typeof algorithm === 'string' ? suggest(algorithm, ALGORITHMS) : undefined;
    return {
      ...none,
      issues: [
        {
          path: 'train.algorithm',
          message: `expected gradient or em, got ${describe(algorithm)}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        },
      ],
    };
  }
  const r = TRAIN_CODECS[algorithm as keyof typeof TRAIN_CODECS].decode(raw);
  if (isLeft(r)) return { ...none, issues: issuesOf(r.left, 'train') };
  const train = r.right as TrainFile;
  if (train.algorithm === 'em')
    return train.iterations === undefined
      ? {
          ...none,
          train: { ...train, iterations: DEFAULT_EM_ITERATIONS },
          defaults: [{ path: 'train.iterations', value: DEFAULT_EM_ITERATIONS }],
        }
      : { ...none, train: { ...train, iterations: train.iterations } };
  return data ? gradientDefaults(train, data) : none;
}

/** Gradient training's `lr`, `batch` and `epochs` where the spec leaves them out. */
function gradientDefaults(
  train: Exclude<TrainFile, { algorithm: 'em' }>,
  data: DataSpec,
): { train: TrainSpec; issues: SpecIssue[]; defaults: SpecDefault[] } {
  const batchRule =
    knownTrainingRows(data) === undefined
      ? `${DEFAULT_GRADIENT.batch}; a file of fewer rows needs train.batch`
      : `${DEFAULT_GRADIENT.batch}, or every training sample when fewer`;
  const filled: Record<'lr' | 'batch' | 'epochs', { value: number; given: boolean; rule?: string }> = {
    lr: { value: train.lr ?? DEFAULT_GRADIENT.lr, given: train.lr !== undefined },
    batch: { value: train.batch ?? defaultBatch(data), given: train.batch !== undefined, rule: batchRule },
    epochs: { value: train.epochs ?? DEFAULT_GRADIENT.epochs, given: train.epochs !== undefined },
  };
  return {
    train: { ...train, lr: filled.lr.value, batch: filled.batch.value, epochs: filled.epochs.value },
    issues: [],
    defaults: Object.entries(filled)
      .filter(([, f]) => !f.given)
      .map(([k, f]) => ({ path: `train.${k}`, value: f.value, ...(f.rule && { rule: f.rule }) })),
  };
}

/** Metrics a mixture's run computes (it has no network to probe and no classifier). */
const MIXTURE_METRICS = ['ari', 'nmi', 'kmeans'];

/** A mixture is fitted by EM, and EM fits only a mixture. */
function mixtureChecks(spec: Spec, encodersGiven: boolean): SpecIssue[] {
  const { model, train } = spec;
  if (!model.mixture)
    return train.algorithm === 'em'
      ? [
          {
            path: 'train.algorithm',
            message: 'EM fits a Gaussian mixture: declare model.mixture: { components: K } instead of encoders',
          },
        ]
      : [];
  const issues: SpecIssue[] = [];
  if (encodersGiven) issues.push({ path: 'model', message: 'give either encoders or a mixture, not both' });
  if (model.mixture.components < 2)
    issues.push({
      path: 'model.mixture.components',
      message: `a mixture needs at least 2 components, got ${model.mixture.components}`,
    });
  if (model.heads) issues.push({ path: 'model.heads', message: 'a mixture has no network to put heads on' });
  if (train.algorithm !== 'em')
    issues.push({
      path: 'train.algorithm',
      message: 'a mixture is fitted by EM: set train: { algorithm: em, iterations: N }',
    });
  const other = spec.eval.metrics.find((m) => !MIXTURE_METRICS.includes(m));
  if (other)
    issues.push({
      path: 'eval.metrics',
      message: `${other} is not computed for a mixture (it reports ${MIXTURE_METRICS.join(', ')} and its log-likelihood)`,
    });
  return issues;
}

/**
 * A VRNN is one module seen by up to three encoders (src/models/vrnn.ts): the posterior q(z|x), which carries the
 * sizes, and the views prior p(z|x) and decoder p(x|z). Each is a gaussian encoder whose size is T·(values per step).
 */
function vrnnIssues({ data, model }: Spec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const parts = model.encoders
    .map((e, i) => ({ e, at: `model.encoders[${i}]` }))
    .filter(({ e }) => e.net.kind === 'vrnn');
  model.encoders.forEach((e, i) => {
    if (e.net.kind !== 'vrnn' && (e.net.part || e.net.units))
      issues.push({ path: `model.encoders[${i}].net`, message: 'part and units belong to a vrnn network' });
  });
  if (parts.length === 0) return issues;
  if (data.kind !== 'sequences')
    issues.push({
      path: `${parts[0].at}.net.kind`,
      message: `a vrnn network needs sequence data (data.kind: sequences), got ${data.kind}`,
    });
  const posterior = parts.find(({ e }) => e.net.part === 'posterior');
  if (!posterior)
    issues.push({
      path: parts[0].at,
      message: 'a VRNN needs its posterior: an encoder with net { kind: vrnn, part: posterior, units, hidden }',
    });
  for (const { e, at } of parts) {
    const part = e.net.part;
    if (!part) {
      issues.push({
        path: `${at}.net.part`,
        message: `say which part of the VRNN this encoder is: ${VRNN_PARTS.join(', ')}`,
      });
      continue;
    }
    if (parts.filter((o) => o.e.net.part === part).length > 1)
      issues.push({ path: `${at}.net.part`, message: `the VRNN has one ${part}` });
    const [target, given] = part === 'decoder' ? ['X', 'Z'] : ['Z', 'X'];
    if (e.family !== 'gaussian' || (e.target ?? 'Z') !== target || (e.given ?? 'X') !== given)
      issues.push({ path: at, message: `the VRNN ${part} is a gaussian encoder of ${target} given ${given}` });
    const allowed = part === 'posterior' ? ['kind', 'part', 'units', 'hidden'] : ['kind', 'part'];
    const extra = Object.keys(e.net).filter((k) => !allowed.includes(k));
    if (extra.length)
      issues.push({
        path: `${at}.net.${extra[0]}`,
        message:
          part === 'posterior'
            ? 'a VRNN posterior takes units and hidden only'
            : `the VRNN's sizes are set on its posterior; the ${part} takes kind and part only`,
      });
    if (part === 'posterior' && !e.net.units)
      issues.push({ path: `${at}.net.units`, message: 'give the size of the GRU state, e.g. 64' });
    if (part === 'posterior' && !e.net.hidden?.length)
      issues.push({
        path: `${at}.net.hidden`,
        message: 'give the hidden widths of the VRNN MLPs (φx, φz, heads), e.g. [32]',
      });
    if (data.kind === 'sequences') {
      if (part === 'decoder' && e.size !== data.steps)
        issues.push({
          path: `${at}.size`,
          message: `the decoder gives p(x|z) of whole sequences: data.steps (${data.steps}), got ${e.size}`,
        });
      if (part !== 'decoder' && e.size % data.steps !== 0)
        issues.push({
          path: `${at}.size`,
          message: `must be data.steps (${data.steps}) × latent dimensions per step, got ${e.size}`,
        });
    }
    if (part === 'prior' && posterior && e.size !== posterior.e.size)
      issues.push({
        path: `${at}.size`,
        message: `must equal the posterior's size (${posterior.e.size}), got ${e.size}`,
      });
  }
  const firstOfZ = model.encoders.find((e) => (e.target ?? 'Z') === 'Z');
  if (posterior && firstOfZ !== posterior.e)
    issues.push({
      path: posterior.at,
      message: 'declare the VRNN posterior first among the encoders of Z: the samples of z come from the first one',
    });
  return issues;
}

/** Facts that involve several fields. */
function crossChecks(spec: Spec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { data, train, model, objective } = spec;
  if (train.algorithm !== 'em' && train.microBatch !== undefined) {
    if (train.microBatch > train.batch)
      issues.push({
        path: 'train.microBatch',
        message: `must not exceed train.batch (${train.batch}), got ${train.microBatch}`,
      });
    else if (train.batch % train.microBatch !== 0)
      issues.push({
        path: 'train.microBatch',
        message: `must divide train.batch (${train.batch}) so that every update sees the same number of samples, got ${train.microBatch}`,
      });
  }
  if (train.algorithm !== 'em' && train.marginal === 'batch' && (train.microBatch ?? train.batch) === train.batch)
    issues.push({
      path: 'train.marginal',
      message:
        "batch: the marginal is the whole batch's already without micro-batches; set train.microBatch or remove the field",
    });
  if (train.algorithm !== 'em' && train.marginal === 'batch' && model.heads === 'multiscale')
    issues.push({
      path: 'train.marginal',
      message:
        "batch: the multi-scale heads' R_p reads each micro-batch's own marginal; remove model.heads or the field",
    });
  if (data.kind === 'synthetic' && data.shape === 'blobs' && (data.clusters === undefined || data.clusters < 2))
    issues.push({ path: 'data.clusters', message: `blobs need clusters ≥ 2, got ${describe(data.clusters)}` });
  if (
    data.kind === 'synthetic' &&
    data.factor !== undefined &&
    (data.shape !== 'circles' || !(data.factor > 0 && data.factor < 1))
  )
    issues.push({
      path: 'data.factor',
      message:
        data.shape !== 'circles'
          ? `only circles have a factor, not ${data.shape}`
          : `expected a number in (0, 1), got ${data.factor}`,
    });
  if (data.kind === 'synthetic' && data.shape === 'spirals' && data.clusters !== undefined && data.clusters < 2)
    issues.push({ path: 'data.clusters', message: `spirals need clusters ≥ 2 arms, got ${describe(data.clusters)}` });
  if (data.kind === 'mnist') issues.push(...mnistIssues(data));
  if (data.kind === 'sequences') {
    const split = data.split ?? [0.8, 0.2];
    const nTrain = Math.round(split[0] * data.n);
    if (Math.abs(split[0] + split[1] - 1) > 1e-9)
      issues.push({ path: 'data.split', message: `fractions must sum to 1, got ${split.join(' + ')}` });
    else if (nTrain < 1 || nTrain >= data.n)
      issues.push({
        path: 'data.split',
        message: `[${split.join(', ')}] of n = ${data.n} leaves an empty training or validation set`,
      });
    else if (train.algorithm !== 'em' && train.batch > nTrain)
      issues.push({
        path: 'train.batch',
        message: `must not exceed the ${nTrain} training sequences, got ${train.batch}`,
      });
  }
  if ('n' in data && train.algorithm !== 'em' && train.batch > data.n)
    issues.push({
      path: 'train.batch',
      message: `must not exceed the number of samples data.n (${data.n}), got ${train.batch}`,
    });
  const names = new Set<string>();
  model.encoders.forEach((e, i) => {
    const at = `model.encoders[${i}]`;
    if (names.has(e.name)) issues.push({ path: `${at}.name`, message: `'${e.name}' is used by two encoders` });
    names.add(e.name);
    if (givensOf(e).length === 0)
      issues.push({ path: `${at}.given`, message: 'expected a variable name or a non-empty list of them' });
    if (givensOf(e).includes(e.target ?? 'Z'))
      issues.push({ path: `${at}.target`, message: `target and given must differ, both are ${e.target ?? 'Z'}` });
    (e.also ?? []).forEach((u, j) => {
      const path = `${at}.also[${j}]`;
      const message = `target and given must differ, both are ${u.target}`;
      if (u.target === u.given) issues.push({ path: `${path}.target`, message });
      else if (u.target === (e.target ?? 'Z') || u.given === givensOf(e).join(','))
        issues.push({ path, message: 'another use reads and produces other variables than the encoder' });
    });
    layersOf(e).forEach((l, j) => {
      const hidden = e.net.kind === 'mlp' ? (e.net.hidden ?? []).length : 0;
      if (l.width === undefined)
        issues.push({
          path: `${at}.layers[${j}].layer`,
          message:
            e.net.kind === 'mlp'
              ? `the mlp has hidden layers 1..${hidden}, got ${l.layer}`
              : `hidden layers are bound to variables for an mlp only; this net is ${e.net.kind}`,
        });
      if (l.target === (e.target ?? 'Z') || givensOf(e).includes(l.target))
        issues.push({ path: `${at}.layers[${j}].target`, message: `${l.target} is already a variable of ${e.name}` });
      else if (l.given === l.target)
        issues.push({
          path: `${at}.layers[${j}].given`,
          message: `target and given must differ, both are ${l.target}`,
        });
    });
    issues.push(...headIssues(e, at));
    if (e.family === 'categorical' && e.size < 2)
      issues.push({ path: `${at}.size`, message: `a categorical encoder needs size ≥ 2, got ${e.size}` });
    if (e.net.kind === 'mlp' && !e.net.hidden)
      issues.push({ path: `${at}.net.hidden`, message: 'an mlp needs its hidden layer sizes, e.g. [400, 400]' });
    if (
      e.net.kind === 'gaussian-channel' &&
      (data.kind !== 'correlated-gaussian' || e.family !== 'gaussian' || e.size !== data.dim)
    )
      issues.push({
        path: `${at}.net.kind`,
        message: 'a gaussian-channel is the channel of correlated-gaussian data: a gaussian encoder of size data.dim',
      });
  });
  issues.push(...vrnnIssues(spec));
  issues.push(...headNameIssues(model.encoders));
  if (spec.eval.metrics.includes('elbo') && data.kind !== 'mnist' && data.kind !== 'sequences')
    issues.push({
      path: 'eval.metrics',
      message: `elbo is measured on a validation set, which ${data.kind} data do not have (mnist and sequences do)`,
    });
  if (model.encoders.length === 0 && !model.mixture)
    issues.push({
      path: 'model.encoders',
      message: 'declare at least one encoder (or a mixture: { components: K } fitted by EM)',
    });
  if (!objective.text === !objective.preset)
    issues.push({
      path: 'objective',
      message: objective.text
        ? 'give either text or preset, not both'
        : 'give the objective text (e.g. "max I(X;Z)") or a preset',
    });
  if (objective.encoder && !names.has(objective.encoder))
    issues.push({
      path: 'objective.encoder',
      message: `no encoder named '${objective.encoder}' (declared: ${[...names].join(', ')})`,
    });
  return issues;
}

/**
 * The heads of an encoder: on an mlp's trunk, categorical ones of at least 2 states, each use producing a variable the
 * network does not already compute from variables other than it.
 */
function headIssues(e: EncoderSpec, at: string): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const before = [...usesOf(e), ...layersOf(e)].map((u) => u.target);
  (e.heads ?? []).forEach((h, i) => {
    const path = `${at}.heads[${i}]`;
    if (e.net.kind !== 'mlp')
      issues.push({ path, message: `heads sit on the last hidden layer of an mlp; this net is ${e.net.kind}` });
    if (h.family === 'categorical' && h.size < 2)
      issues.push({ path: `${path}.size`, message: `a categorical head needs size ≥ 2, got ${h.size}` });
    headUsesOf(e, h).forEach((u, j) => {
      const where = j === 0 ? path : `${path}.also[${j - 1}]`;
      if (u.given.includes(u.target))
        issues.push({ path: `${where}.target`, message: `target and given must differ, both are ${u.target}` });
      else if (before.includes(u.target))
        issues.push({ path: `${where}.target`, message: `${u.target} is already a variable of ${e.name}` });
      before.push(u.target);
    });
  });
  return issues;
}

/** Encoders and heads are named apart: the objective text names a head by its own name (`over(w|x)`, `H[over](W)`). */
function headNameIssues(encoders: readonly EncoderSpec[]): SpecIssue[] {
  const taken = new Set(encoders.map((e) => e.name));
  return encoders.flatMap((e, i) =>
    (e.heads ?? []).flatMap((h, j) => {
      const clash = taken.has(h.name);
      taken.add(h.name);
      return clash
        ? [{ path: `model.encoders[${i}].heads[${j}].name`, message: `'${h.name}' already names an encoder or a head` }]
        : [];
    }),
  );
}

/** A decoded spec and the fields its file left out, which the decoding filled with their defaults. */
export interface DecodedSpec {
  readonly spec: Spec;
  readonly defaults: readonly SpecDefault[];
}

/** Decode a parsed YAML/JSON value into a Spec, or throw a SpecError listing every issue. */
export function decodeSpec(raw: unknown, file?: string): Spec {
  checkArgs('decodeSpec', { file: [optional(Str), file] });
  return decodeSpecWithDefaults(raw, file).spec;
}

/**
 * Decode a parsed YAML/JSON value into a Spec with its defaults filled (`name`, `seed`, `train`, `eval.metrics`:
 * src/spec/defaults.ts) and the list of what was filled, or throw a SpecError listing every issue.
 */
export function decodeSpecWithDefaults(raw: unknown, file?: string): DecodedSpec {
  checkArgs('decodeSpecWithDefaults', { file: [optional(Str), file] });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SpecError(
      [
        {
          path: '(top level)',
          message: `expected a spec (a mapping of data, model, objective and optionally name, seed, train, eval), got ${describe(raw)}`,
        },
      ],
      file,
    );
  const head = SpecHead.decode(raw);
  const issues: SpecIssue[] = isLeft(head) ? issuesOf(head.left) : [];
  const data = decodeData((raw as { data?: unknown }).data);
  const mixture = isLeft(head) ? false : head.right.model.mixture !== undefined;
  const train = decodeTrain((raw as { train?: unknown }).train, data.data, mixture);
  issues.push(...data.issues, ...train.issues);
  const name = isLeft(head) ? undefined : (head.right.name ?? defaultName(file));
  if (name !== undefined && !isSpecName(name))
    issues.push({
      path: 'name',
      message: `a spec without a name is named after its file, and ${describe(name)} cannot name a run folder (letters, digits, _ . -): give a name`,
    });
  if (issues.length || isLeft(head) || !data.data || !train.train || name === undefined)
    throw new SpecError(issues, file);
  const h = head.right;
  const objective: ObjectiveSpec = typeof h.objective === 'string' ? { text: h.objective } : h.objective;
  const given = {
    ...h,
    name,
    seed: h.seed ?? DEFAULT_SEED,
    data: data.data,
    train: train.train,
    model: { ...h.model, encoders: h.model.encoders ?? [] },
    objective,
    eval: { ...h.eval, metrics: h.eval?.metrics ?? [] },
  };
  const cross = [...mixtureChecks(given, h.model.encoders !== undefined), ...crossChecks(given)];
  if (cross.length) throw new SpecError(cross, file);
  let metrics: Spec['eval']['metrics'];
  try {
    metrics = h.eval?.metrics ?? defaultMetrics(given, variableModel(given));
  } catch (e) {
    throw e instanceof SpecError && file !== undefined && !e.file ? e.inFile(file) : e;
  }
  const defaults: SpecDefault[] = [
    ...(h.name === undefined
      ? [{ path: 'name', value: name, ...(name !== DEFAULT_NAME && { rule: 'the file name' }) }]
      : []),
    ...(h.seed === undefined ? [{ path: 'seed', value: DEFAULT_SEED }] : []),
    ...train.defaults,
    ...(h.eval?.metrics === undefined
      ? [{ path: 'eval.metrics', value: metrics, rule: 'what the data and model allow' }]
      : []),
  ];
  return { spec: { ...given, eval: { ...given.eval, metrics } }, defaults };
}

/** The digits an mnist spec asks for against what its set holds, and the split fields each set takes. */
function mnistIssues(data: Extract<DataSpec, { kind: 'mnist' }>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const full = data.set === 'full';
  const available = full ? MNIST_FULL_TRAIN : MNIST_SIZE;
  if (data.n > available)
    issues.push({
      path: 'data.n',
      message: full
        ? `MNIST has ${MNIST_FULL_TRAIN} training digits, got ${data.n} (its ${MNIST_FULL_TEST} test digits are always the test set)`
        : `the mnist package ships ${MNIST_SIZE} digits, got ${data.n} (set: full has MNIST's ${MNIST_FULL_TRAIN} training digits)`,
    });
  if (full && data.split)
    issues.push({
      path: 'data.split',
      message: `set: full tests on MNIST's own ${MNIST_FULL_TEST} test digits; hold out validation digits with data.validation`,
    });
  if (!full && data.validation !== undefined)
    issues.push({
      path: 'data.validation',
      message: 'only set: full takes validation; the sample set is split by data.split',
    });
  if (data.split && Math.abs(data.split.reduce((a, b) => a + b, 0) - 1) > 1e-9)
    issues.push({ path: 'data.split', message: `fractions must sum to 1, got ${data.split.join(' + ')}` });
  if (full && fullSplitSizes(data.n, data.validation).train < 1)
    issues.push({ path: 'data.validation', message: `${data.validation} of n = ${data.n} leaves no training digits` });
  return issues;
}
