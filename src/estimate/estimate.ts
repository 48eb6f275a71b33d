/**
 * `estimateMI(x, y, options)`: I(X;Y) in nats from paired samples, with its spread, the estimator and why it was
 * chosen. Everything the input or the options can get wrong is raised by `prepareEstimate`, before any work.
 * Choose a tfjs backend first for the critic estimators (`await useBackend('wasm')` on Node); KSG runs in plain JS.
 */
import { makeRng } from '../data/rng.ts';
import { suggest } from '../expr/suggest.ts';
import { match } from 'ts-pattern';
import { SCORE_BOUNDS, type ScoreBound } from '../estimators/scores.ts';
import { autoEstimator } from './auto.ts';
import type { Points } from './knn.ts';
import { KD_TREE_MAX_DIM, klEntropy, ksg, KSG_K } from './ksg.ts';
import { gaussianCopulaMI, gaussianCrossEntropy, gaussianFitMI, mardiaKurtosisZ } from './gaussian.ts';
import {
  FOLDS,
  isSampleEstimator,
  isTrained,
  METHODS,
  minSamples,
  SAMPLE_ESTIMATORS,
  type Method,
  type SampleEstimator,
  type TrainedMethod,
} from './methods.ts';
import { checkPaired, EstimateError, rows, standardised, toPoints, type SampleInput } from './samples.ts';
import { split, trainRun, type RunResult, type TrainSettings } from './train.ts';
import { checkArgs, EstimateOptionsArg, Obj, optional, Samples, Str } from '../api/arguments.ts';

export interface EstimateOptions {
  /** 'auto' (default) or an estimator's name (`SAMPLE_ESTIMATORS`). */
  readonly estimator?: string;
  /** Seed of the first run (default 0): splits, initial weights, batches, KSG's folds. */
  readonly seed?: number;
  /** Trainings of a critic or decoder estimator, on seeds seed, seed+1, …; their mean is the estimate (default 3). */
  readonly seeds?: number;
  /** Most training steps per run (default 10,000; early stopping usually ends sooner). */
  readonly steps?: number;
  readonly batch?: number;
  readonly lr?: number;
  /** Hidden layers of the critic and of the decoder (default [16, 8]). */
  readonly hidden?: readonly number[];
  /** KSG's and Kozachenko–Leonenko's neighbours (default 5). */
  readonly k?: number;
  /** Test evaluations every this many steps (default 250, or steps/10 if that is fewer). */
  readonly evalEvery?: number;
  /** Called as training goes: the estimator, its run r of `runs`, the step, and the test value at an evaluation. */
  readonly onProgress?: (p: {
    estimator: SampleEstimator;
    run: number;
    runs: number;
    step: number;
    steps: number;
    fit?: number;
  }) => void;
  /**
   * Called after each evaluation of a closed-form estimator (KSG, CCA, GCMI): step 0 on all rows, then its folds 1…F,
   * with the seconds the step took.
   */
  readonly onFold?: (p: {
    estimator: SampleEstimator;
    step: number;
    steps: number;
    rows: number;
    seconds: number;
  }) => void;
}

export interface Estimate {
  /** I(X;Y) in nats. */
  readonly estimate: number;
  /** Its spread (see `spread`); null when there is one run. */
  readonly std: number | null;
  readonly spread: string;
  readonly estimator: SampleEstimator;
  readonly reason: string;
  readonly source: string;
  /** A lower or upper bound on I, or an estimate that may fall on either side (KSG, CCA, BA, DoE). */
  readonly side: 'lower' | 'upper' | 'either';
  readonly n: number;
  readonly dimX: number;
  readonly dimY: number;
  readonly seconds: number;
  /** The values the spread is taken over: one per seed, or the folds of KSG and CCA. */
  readonly runs: readonly number[];
  /** InfoNCE: log B, the most its batch bound can read. */
  readonly ceiling?: number;
  /** The settings used: KSG's k, or the training's. */
  readonly settings: Readonly<Record<string, number | readonly number[]>>;
  /** Critic and decoder runs: steps taken, step of the best evaluation, whether early stopping ended the run. */
  readonly training?: readonly Omit<RunResult, 'value'>[];
  /** `auto` on a sample it does not take as Gaussian: every candidate's estimate; the largest is reported. */
  readonly candidates?: readonly Candidate[];
}

/** One estimator `auto` ran, and what it read. */
export interface Candidate {
  readonly estimator: SampleEstimator;
  readonly estimate: number;
  readonly std: number | null;
  readonly seconds: number;
}

/** A checked estimation: the samples, the estimators and why, the settings. */
export interface PreparedEstimate {
  readonly x: Points;
  readonly y: Points;
  /** The estimator, or `auto`'s candidates: each runs, and the largest estimate is reported. */
  readonly estimators: readonly [SampleEstimator, ...SampleEstimator[]];
  readonly reason: string;
  readonly seed: number;
  readonly seeds: number;
  readonly k: number;
  /** Training settings; the learning rate, when the caller gave none, is each trained estimator's default. */
  readonly train: Omit<TrainSettings, 'lr'> & { readonly lr?: number };
}

const DEFAULTS = { seed: 0, seeds: 3, steps: 10_000, batch: 256, lr: 0.1, hidden: [16, 8], k: KSG_K, evalEvery: 250 };
/**
 * A Gaussian decoder's learning rate (BA, DoE, CLUB, L1Out; bmi has no decoder estimators): at the critics' 0.1 the
 * decoder stops learning within 500 steps on the 25-dimensional tasks (BA −3.6 and DoE −6.9 nats where I = 1.29); at
 * 0.01 DoE reads 1.07 there, and the 1×1 and sparse 5×5 tasks read as at 0.1 (docs/estimate.md).
 */
const DECODER_LR = 0.01;
/** bmi's early stopping: two test evaluations in a row without a new best. */
const PATIENCE = 2;

function positiveInt(v: number | undefined, fallback: number, name: string, min = 1): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < min) throw new EstimateError(`${name}: expected an integer ≥ ${min}, got ${v}`);
  return v;
}

/** The estimator named, with a did-you-mean when it is unknown. */
export function resolveEstimator(name: string): SampleEstimator | 'auto' {
  checkArgs('resolveEstimator', { name: [Str, name] });
  if (name === 'auto' || isSampleEstimator(name)) return name;
  const near = suggest(name, ['auto', ...SAMPLE_ESTIMATORS]);
  throw new EstimateError(
    `unknown estimator '${name}'${near ? ` (did you mean ${near}?)` : ''}; known: auto, ${SAMPLE_ESTIMATORS.join(', ')}`,
  );
}

/** Check the samples and options and choose the estimator, before any work. */
export function prepareEstimate(xIn: SampleInput, yIn: SampleInput, o: EstimateOptions = {}): PreparedEstimate {
  checkArgs('prepareEstimate', { x: [Samples, xIn], y: [Samples, yIn], options: [optional(EstimateOptionsArg), o] });
  const wanted = resolveEstimator(o.estimator ?? 'auto');
  const x = toPoints(xIn, 'X');
  const y = toPoints(yIn, 'Y');
  checkPaired(x, y);
  const seed = positiveInt(o.seed, DEFAULTS.seed, 'seed', 0);
  const k = positiveInt(o.k, DEFAULTS.k, 'k');
  const steps = positiveInt(o.steps, DEFAULTS.steps, 'steps');
  const batch = positiveInt(o.batch, DEFAULTS.batch, 'batch', 2);
  if (o.lr !== undefined && !(o.lr > 0 && Number.isFinite(o.lr)))
    throw new EstimateError(`lr: expected a positive number, got ${o.lr}`);
  const hidden = o.hidden ?? DEFAULTS.hidden;
  if (hidden.length === 0 || !hidden.every((h) => Number.isInteger(h) && h > 0))
    throw new EstimateError(`hidden: expected one or more positive layer widths, got [${hidden.join(', ')}]`);
  const dims = x.dim + y.dim;
  const { estimators, reason } =
    wanted === 'auto'
      ? autoEstimator({
          dims,
          n: x.n,
          batch: Math.min(batch, Math.floor(x.n / 2)),
          kurtosisZ: mardiaKurtosisZ(x, y),
        })
      : { estimators: [wanted] as const, reason: 'chosen by the caller' };
  // the most demanding estimator is named (auto's candidates must all run)
  const needs = estimators.map((e) => [e, minSamples(e, k, dims)] as const).sort((a, b) => b[1] - a[1]);
  for (const [estimator, needed] of needs) {
    if (x.n < needed)
      throw new EstimateError(
        `${wanted === 'auto' ? `auto runs ${estimators.join(', ')}: ` : ''}${estimator} needs at least ${needed} samples, got ${x.n}` +
          match(METHODS[estimator])
            .with({ kind: 'ksg' }, () => ` (k + 1 = ${k + 1} in each of its ${FOLDS} folds)`)
            .with({ kind: 'gaussian' }, () => ` (dim(X) + dim(Y) + 1 = ${dims + 1} in each of its ${FOLDS} folds)`)
            .with({ kind: 'critic' }, { kind: 'decoder' }, () => ' (8 in each of the train and test halves)')
            .exhaustive(),
      );
  }
  const evalEvery = positiveInt(
    o.evalEvery,
    Math.min(DEFAULTS.evalEvery, Math.max(1, Math.round(steps / 10))),
    'evalEvery',
  );
  return {
    x,
    y,
    estimators,
    reason,
    seed,
    seeds: positiveInt(o.seeds, DEFAULTS.seeds, 'seeds'),
    k,
    train: {
      steps,
      batch,
      lr: o.lr,
      hidden,
      evalEvery,
      patience: PATIENCE,
    },
  };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: readonly number[]) =>
  v.length < 2 ? null : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

/**
 * A closed-form estimator (KSG, CCA) on all samples; its spread is the standard deviation over FOLDS disjoint random
 * folds of n/F samples each, divided by √F: the standard error at n if the estimator's variance falls as 1/n.
 */
function foldedEstimate(
  p: PreparedEstimate,
  value: (x: Points, y: Points) => number,
  settings: Estimate['settings'],
  onStep: (step: number, rows: number, seconds: number) => void = () => {},
) {
  const { x, y, seed } = p;
  const timed = (step: number, a: Points, b: Points) => {
    const t0 = performance.now();
    const v = value(a, b);
    onStep(step, a.n, (performance.now() - t0) / 1000);
    return v;
  };
  const estimate = timed(0, x, y); // first: an error about the whole sample before one about a fold
  const perm = makeRng(`${seed}:ksg-folds`).permutation(x.n);
  const size = Math.floor(x.n / FOLDS);
  const folds = Array.from({ length: FOLDS }, (_, f) => {
    const idx = perm.subarray(f * size, (f + 1) * size);
    return timed(f + 1, rows(x, idx), rows(y, idx));
  });
  const s = sd(folds);
  return {
    estimate,
    std: s === null ? null : s / Math.sqrt(FOLDS),
    spread: `std over ${FOLDS} disjoint folds of ${size} samples, divided by √${FOLDS}`,
    runs: folds,
    settings,
  };
}

/** A Gaussian fit that refuses a singular covariance (NaN from its Cholesky factor) with the reason, not a NaN estimate. */
const fullRank =
  (name: SampleEstimator, f: (x: Points, y: Points) => number) =>
  (x: Points, y: Points): number => {
    const value = f(x, y);
    if (Number.isNaN(value))
      throw new EstimateError(
        `${name}: the covariance of [X, Y]${name === 'gcmi' ? ' (of their normal scores)' : ''} is singular over ${x.n} rows: a column is constant or a linear combination of others`,
      );
    return value;
  };

/** The marginal entropy BA and DoE add to E[log q(y|x)] on the test half. */
function marginalEntropy(value: 'ba' | 'doe', y: Points, seed: number, k: number): number {
  const { train, test } = split(y.n, seed);
  return value === 'ba' ? klEntropy(rows(y, test), k) : gaussianCrossEntropy(rows(y, train), rows(y, test));
}

async function trainedEstimate(
  p: PreparedEstimate,
  estimator: SampleEstimator,
  method: TrainedMethod,
  o: EstimateOptions,
) {
  const train: TrainSettings = { ...p.train, lr: p.train.lr ?? (method.kind === 'decoder' ? DECODER_LR : DEFAULTS.lr) };
  const results: RunResult[] = [];
  for (let r = 0; r < p.seeds; r++) {
    const seed = p.seed + r;
    const progress = (step: number, fit: number | undefined) =>
      o.onProgress?.({ estimator, run: r, runs: p.seeds, step, steps: p.train.steps, fit });
    const { test: _, ...run } = await trainRun(method, p.x, p.y, train, seed, progress);
    const value =
      method.kind === 'decoder' && (method.value === 'ba' || method.value === 'doe')
        ? run.value + marginalEntropy(method.value, p.y, seed, p.k)
        : run.value;
    results.push({ ...run, value });
  }
  const values = results.map((r) => r.value);
  return {
    estimate: mean(values),
    std: sd(values),
    spread: `std over ${p.seeds} seed${p.seeds === 1 ? '' : 's'} (split, initial weights, batches)`,
    runs: values,
    settings: { ...train, seeds: p.seeds },
    training: results.map(({ value: _, ...r }) => r),
    ...(method.kind === 'critic' && method.bound === 'infonce' && { ceiling: Math.log(results[0].batch) }),
  };
}

/** Which side of I an estimator's value falls on (a JSD proxy or an estimated entropy makes it either). */
const sideOf = (m: Method): Estimate['side'] =>
  match(m)
    .with({ kind: 'ksg' }, { kind: 'gaussian' }, () => 'either' as const)
    .with({ kind: 'critic' }, ({ bound }) => boundSide(bound))
    .with({ kind: 'decoder' }, ({ value }) => (value === 'ba' || value === 'doe' ? 'either' : boundSide(value)))
    .exhaustive();
const boundSide = (b: ScoreBound): Estimate['side'] => {
  const side = SCORE_BOUNDS[b].side;
  return side === 'proxy' ? 'either' : side;
};

/**
 * Rows KSG reads at most from KD_TREE_MAX_DIM joint dimensions on, where its neighbour search is near O(n²) (a k-d tree
 * prunes little at 10 dimensions, a brute force above): 200,000 × (5 + 5) took 8 min 8 s on all rows here (issue 28); a
 * seeded random subsample of this many takes seconds.
 */
export const KSG_MAX_ROWS = 20_000;

/** The samples KSG reads: all of them, or a seeded subsample from KD_TREE_MAX_DIM dimensions on (with the choice said). */
function ksgSamples(p: PreparedEstimate): { p: PreparedEstimate; note: string } {
  const dims = p.x.dim + p.y.dim;
  if (dims < KD_TREE_MAX_DIM || p.x.n <= KSG_MAX_ROWS) return { p, note: '' };
  const idx = makeRng(`${p.seed}:ksg-subsample`).permutation(p.x.n).subarray(0, KSG_MAX_ROWS);
  const note =
    `; KSG on a seeded random subsample of ${KSG_MAX_ROWS} of the ${p.x.n} rows: from ${KD_TREE_MAX_DIM} ` +
    `joint dimensions on (here ${dims}) its neighbour search takes time near n², 8 min on 200,000 rows`;
  return { p: { ...p, x: rows(p.x, idx), y: rows(p.y, idx) }, note };
}

/** One estimator on standardised samples. */
async function runOne(p: PreparedEstimate, estimator: SampleEstimator, o: EstimateOptions): Promise<Estimate> {
  const t0 = performance.now();
  const method = METHODS[estimator];
  const sampled = method.kind === 'ksg' ? ksgSamples(p) : { p, note: '' };
  const onStep = (step: number, n: number, seconds: number) =>
    o.onFold?.({ estimator, step, steps: FOLDS, rows: n, seconds });
  const result = isTrained(method)
    ? await trainedEstimate(p, estimator, method, o)
    : method.kind === 'ksg'
      ? foldedEstimate(
          sampled.p,
          (x, y) => ksg(x, y, p.k),
          { k: p.k, ...(sampled.note && { rows: sampled.p.x.n }) },
          onStep,
        )
      : foldedEstimate(p, fullRank(estimator, method.of === 'sample' ? gaussianFitMI : gaussianCopulaMI), {}, onStep);
  return {
    ...result,
    estimator,
    reason: `${p.reason}${sampled.note}`,
    source: method.source,
    side: sideOf(method),
    n: p.x.n,
    dimX: p.x.dim,
    dimY: p.y.dim,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Estimate I(X;Y) of prepared samples (every column standardised first). With several estimators (`auto` on a
 * non-Gaussian sample) each runs and the largest estimate is reported, the others listed as `candidates`.
 */
export async function runEstimate(p: PreparedEstimate, o: EstimateOptions = {}): Promise<Estimate> {
  checkArgs('runEstimate', {
    prepared: [Obj('a PreparedEstimate (from prepareEstimate)'), p],
    options: [optional(EstimateOptionsArg), o],
  });
  const t0 = performance.now();
  const prepared = { ...p, x: standardised(p.x), y: standardised(p.y) };
  const results: Estimate[] = [];
  for (const estimator of p.estimators) results.push(await runOne(prepared, estimator, o));
  if (results.length === 1) return results[0];
  const largest = results.reduce((a, b) => (b.estimate > a.estimate ? b : a));
  const read = results.map((r) => `${r.estimator} ${r.estimate.toFixed(4)}`).join(', ');
  return {
    ...largest,
    reason: `${p.reason}; read ${read}: ${largest.estimator} is the largest`,
    candidates: results.map(({ estimator, estimate, std, seconds }) => ({ estimator, estimate, std, seconds })),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** I(X;Y) in nats from paired samples x[i], y[i] (rows are samples). */
export async function estimateMI(x: SampleInput, y: SampleInput, options: EstimateOptions = {}): Promise<Estimate> {
  checkArgs('estimateMI', { x: [Samples, x], y: [Samples, y], options: [optional(EstimateOptionsArg), options] });
  return runEstimate(prepareEstimate(x, y, options), options);
}
