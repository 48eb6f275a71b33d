/**
 * The training loop: shuffled minibatches, gradient accumulation over micro-batches, one optimiser update per batch,
 * NaN/Inf stop, checkpoints and resume. It knows nothing of the objectives it trains (tfjs-layers' engine/layers
 * split).
 */
import * as tf from '../tf.ts';
import { makeRng } from '../data/rng.ts';
import { fusedAdam } from './adam.ts';
import type { CheckpointError, CheckpointStore } from './checkpoints.ts';
import { optimizerExtraState, restoreOptimizerExtraState } from './optimizerState.ts';
import { blame, NonFiniteError } from './nonFinite.ts';
import { readTogether, TermSums } from './termSums.ts';
import { checkArgs, Obj, optional } from '../api/arguments.ts';

/** A value with the text that names it in messages (a term as printed). */
export interface LabelledValue {
  readonly term: string;
  readonly value: number;
}

/** What the loop trains: a loss over sample indices, the variables it moves, and the state a checkpoint holds. */
export interface Trainable {
  readonly samples: number;
  readonly variables: tf.Variable[];
  /** The loss to minimise on the samples `idx`; `seed` makes its noise reproducible. */
  loss(idx: Int32Array, seed: number): tf.Scalar;
  /** Term values on `idx`, each labelled for display, to say which term went non-finite. */
  terms(idx: Int32Array, seed: number): readonly LabelledValue[];
  /** Everything to restore a network exactly (weights and BatchNorm statistics). */
  state(): tf.Tensor[];
  setState(ts: tf.Tensor[]): void;
  /** The terms whose values each epoch's history record holds (`terms`); absent: the records hold none. */
  readonly reporting?: TermReporting;
  /**
   * Called with a batch's rows before its micro-batches' losses are taken (`seedOf(m)`: the m-th one's seed), and
   * `endBatch` after: a model whose micro-batches share the whole batch's marginals prepares them here.
   */
  beginBatch?(idx: Int32Array, micro: number, seedOf: (m: number) => number): void;
  endBatch?(): void;
}

/** The terms a run reports per epoch, and the forward pass that gives their values with the loss. */
export interface TermReporting {
  /** Every term as the history names it, and whether its value is estimated (else the history holds null). */
  readonly terms: readonly { readonly key: string; readonly estimated: boolean }[];
  /** The loss and, from the same forward pass, each estimated term's batch-free value, in `terms` order. */
  lossWithValues(idx: Int32Array, seed: number): { loss: tf.Scalar; values: readonly tf.Tensor[] };
}

/**
 * Each term's epoch mean, keyed as reported: a number, an array for a vector-valued term (a categorical marginal), null
 * where the estimator gives only a gradient (its forward is a placeholder).
 */
export type TermValues = Record<string, number | number[] | null>;

export interface LoopConfig {
  readonly epochs: number;
  readonly batch: number;
  /** Gradients of micro-batches of this size are averaged until `batch` samples are seen (Neural Bayes §5.1, MBS/BS). */
  readonly microBatch?: number;
  readonly lr: number;
  readonly optimizer: 'adam' | 'sgd';
  /** Adam's [β₁, β₂] (default [0.9, 0.999]). */
  readonly betas?: readonly [number, number];
  readonly seed: number;
  /** Save a checkpoint every this many epochs (and after the last) into `checkpoints`. */
  readonly checkpointEvery?: number;
  /** Where checkpoints go (none are written without it). */
  readonly checkpoints?: CheckpointStore;
  /** Continue from the newest intact checkpoint in `checkpoints`. */
  readonly resume?: boolean;
  /** Stop after this many epochs in total (an interrupted run; resume continues it). */
  readonly stopAfter?: number;
  /** How many checkpoints to keep (the newest ones; default 2, so a damaged newest one has an intact fallback). */
  readonly keep?: number;
  /** Stop on request (a signal): see StopControl. */
  readonly stop?: StopControl;
  /**
   * Decoupled weight decay λ (AdamW, Loshchilov & Hutter 2019): after each update every weight matrix (rank ≥ 2; not
   * biases, BatchNorm scales or critics' scalars) shrinks by lr·λ. With SGD this equals a penalty ½λ‖W‖² in the loss;
   * with Adam it does not (the penalty's gradient would be rescaled per coordinate), which is why it is applied here.
   */
  readonly weightDecay?: number;
  /**
   * Step decay of the learning rate: lr·factor^⌊epoch / every⌋ in epoch 0, 1, … (MIGE §4.3, after Alemi et al. 2017:
   * 0.96 every 2 epochs). A function of the epoch alone, so a resumed run continues the schedule.
   */
  readonly lrDecay?: { readonly factor: number; readonly every: number };
  /**
   * Moving averages of the trainable variables, a ← d·a + (1 − d)·w after every update, from a = w at the start (the
   * VIB authors evaluate with d = 0.999, Alemi et al. 2017). When the loop ends the variables hold their averages;
   * checkpoints keep the weights and the averages, so a resumed run continues both exactly.
   */
  readonly averageWeights?: number;
}

/** The learning rate of `epoch` (counted from 0). */
export const learningRateAt = (c: Pick<LoopConfig, 'lr' | 'lrDecay'>, epoch: number): number =>
  c.lrDecay ? c.lr * c.lrDecay.factor ** Math.floor(epoch / c.lrDecay.every) : c.lr;

/**
 * Set an optimiser's learning rate: SGD has a setter; Adam keeps it in a field (tfjs-core 4's name) read every update.
 * (`instanceof tf.SGDOptimizer` cannot tell them apart: tfjs optimisers answer it for any optimiser.)
 */
function setLearningRate(optimizer: tf.Optimizer, name: LoopConfig['optimizer'], lr: number): void {
  if (name === 'sgd') (optimizer as tf.SGDOptimizer).setLearningRate(lr);
  else (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/**
 * How a signal stops the loop: `armed(true)` while steps run (a signal then asks for a stop instead of ending the
 * process); `requested()` is polled after every step (the loop yields to the event loop first, so handlers run), and
 * when it answers, the loop writes a checkpoint at that step and throws a TrainingInterrupted.
 */
export interface StopControl {
  requested(): string | undefined;
  armed(training: boolean): void;
}

/** The loop stopped on request (a signal) after writing a checkpoint it can be resumed from. */
export class TrainingInterrupted extends Error {
  constructor(
    readonly reason: string,
    readonly checkpoint: string | undefined,
    readonly epoch: number,
    readonly step: number,
  ) {
    super(`${reason}: stopped in epoch ${epoch} after step ${step}${checkpoint ? `; checkpoint ${checkpoint}` : ''}`);
  }
}

/** A training set too small for one batch: an epoch would have no step (and the run no loss). */
export class NoStepsError extends Error {}

export interface EpochRecord {
  epoch: number;
  loss: number;
  seconds: number;
  /** Each planned term's value, the mean over the epoch's steps (when the trained model reports terms). */
  terms?: TermValues;
  [metric: string]: number | TermValues | undefined;
}

export interface LoopHooks {
  /** Called after every update with the step's loss. */
  onStep?(info: { epoch: number; step: number; stepsPerEpoch: number; loss: number }): void;
  /** Extra per-epoch metrics, merged into the epoch's history record. */
  onEpoch?(epoch: number): Record<string, number>;
  /**
   * Awaited after each epoch's record is kept, with that record: an interactive caller (the playground) shows it, may
   * pause there, and may answer a new base learning rate for the epochs after it (a decay still applies to it).
   */
  afterEpoch?(record: EpochRecord): Promise<{ readonly lr?: number } | undefined>;
  /** A checkpoint was written or read. */
  onCheckpoint?(what: 'saved' | 'resumed', dir: string, epoch: number): void;
  /** A checkpoint failed its check on resume; the previous one is tried next. */
  onDamagedCheckpoint?(e: CheckpointError): void;
}

const DEFAULT_KEEP = 2;

const makeOptimizer = (c: LoopConfig) => (c.optimizer === 'sgd' ? tf.train.sgd(c.lr) : fusedAdam(c.lr, c.betas));

/** Seed of the noise of one micro-batch: a function of the run seed and the position only, so a resumed run draws the same. */
const stepSeed = (seed: number, epoch: number, step: number, micro: number) =>
  ((seed * 1_000_003 + epoch * 10_007 + step * 101 + micro) % 2_147_483_647) + 1;

/** Run the loop; returns the per-epoch history (including epochs restored from a checkpoint). */
export async function runLoop(model: Trainable, c: LoopConfig, hooks: LoopHooks = {}): Promise<EpochRecord[]> {
  checkArgs('runLoop', {
    model: [Obj('a Trainable'), model],
    config: [Obj('a LoopConfig'), c],
    hooks: [optional(Obj('loop hooks')), hooks],
  });
  const micro = c.microBatch ?? c.batch;
  if (c.batch % micro !== 0) throw new Error(`microBatch ${micro} must divide batch ${c.batch}`);
  const stepsPerEpoch = Math.floor(model.samples / c.batch);
  if (stepsPerEpoch === 0) {
    throw new NoStepsError(`train.batch: ${c.batch} exceeds the ${model.samples} training samples (no step per epoch)`);
  }
  const optimizer = makeOptimizer(c);
  let history: EpochRecord[] = [];
  let start = 0;
  let startStep = 0;
  let resumedLoss = 0;
  let resumedTerms: readonly (readonly number[])[] = [];
  let averages: tf.Variable[] | undefined;
  if (c.resume) {
    if (!c.checkpoints) throw new Error('--resume: the run has no checkpoints to resume from');
    const { at: dir, state: ck } = c.checkpoints.loadLatest<EpochRecord>(hooks.onDamagedCheckpoint);
    model.setState(ck.networks);
    // tfjs optimisers match their slots to variables by position; create them with one zero step, then overwrite
    warmOptimizer(optimizer, model.variables);
    await optimizer.setWeights(ck.optimizer);
    restoreOptimizerExtraState(optimizer, c.optimizer, ck.optimizerExtra);
    if (c.averageWeights !== undefined) {
      if (!ck.averages)
        throw new Error(
          `--resume: ${dir} holds no weight averages (train.averageWeights was set after it was written)`,
        );
      averages = ck.averages.map((t) => tf.variable(t, false));
    }
    tf.dispose([...ck.networks, ...ck.optimizerExtra.map((n) => n.tensor), ...(ck.averages ?? [])]);
    history = ck.history;
    [start, startStep, resumedLoss, resumedTerms] = [ck.epoch, ck.step, ck.partialLoss, ck.partialTerms];
    hooks.onCheckpoint?.('resumed', dir, start);
  }
  if (c.averageWeights !== undefined) averages ??= model.variables.map((v) => tf.variable(v, false));
  const keep = c.keep ?? DEFAULT_KEEP;
  const save = async (
    store: CheckpointStore,
    epoch: number,
    step: number,
    partialLoss: number,
    partialTerms: number[][] = [],
  ) => {
    const optimizerWeights = await optimizer.getWeights();
    const optimizerExtra = optimizerExtraState(optimizer, c.optimizer);
    const state = { epoch, step, partialLoss, partialTerms, history, networks: model.state() };
    const at = store.save({ ...state, optimizer: optimizerWeights, optimizerExtra, ...(averages && { averages }) });
    store.prune(keep);
    return at;
  };
  const end = Math.min(c.epochs, c.stopAfter ?? c.epochs);
  let baseLr = c.lr; // afterEpoch may change it
  c.stop?.armed(true);
  try {
    for (let epoch = start; epoch < end; epoch++) {
      const t0 = performance.now();
      const perm = makeRng(`${c.seed}:epoch:${epoch}`).permutation(model.samples);
      const first = epoch === start ? startStep : 0;
      let lossSum = epoch === start ? resumedLoss : 0;
      const resumedMidEpoch = epoch === start && first > 0;
      const termSums = model.reporting && new TermSums(model.reporting, resumedTerms, resumedMidEpoch);
      const lr = learningRateAt({ lr: baseLr, lrDecay: c.lrDecay }, epoch);
      setLearningRate(optimizer, c.optimizer, lr);
      for (let step = first; step < stepsPerEpoch; step++) {
        const idx = perm.subarray(step * c.batch, (step + 1) * c.batch);
        const seedOf = (m: number) => stepSeed(c.seed, epoch, step, m);
        const where = { idx, micro, seedOf, epoch: epoch + 1, step: step + 1, decay: lr * (c.weightDecay ?? 0) };
        const { loss, terms } = update(model, optimizer, where);
        if (averages) updateAverages(averages, model.variables, c.averageWeights!);
        lossSum += loss;
        termSums?.add(terms);
        hooks.onStep?.({ epoch: epoch + 1, step: step + 1, stepsPerEpoch, loss });
        if (!c.stop) continue;
        await new Promise((resolve) => setImmediate(resolve));
        const reason = c.stop.requested();
        if (reason === undefined) continue;
        const at = c.checkpoints ? await save(c.checkpoints, epoch, step + 1, lossSum, termSums?.partial()) : undefined;
        throw new TrainingInterrupted(reason, at, epoch + 1, step + 1);
      }
      const terms = termSums?.means(stepsPerEpoch);
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: lossSum / stepsPerEpoch,
        ...(terms && { terms }),
        seconds: (performance.now() - t0) / 1000,
        ...hooks.onEpoch?.(epoch + 1),
      };
      history.push(record);
      const last = epoch + 1 === end;
      if (c.checkpoints && c.checkpointEvery && ((epoch + 1) % c.checkpointEvery === 0 || last)) {
        const dir = await save(c.checkpoints, epoch + 1, 0, 0);
        hooks.onCheckpoint?.('saved', dir, epoch + 1);
      }
      baseLr = (await hooks.afterEpoch?.(record))?.lr ?? baseLr;
    }
    averages?.forEach((a, i) => model.variables[i].assign(a));
  } finally {
    c.stop?.armed(false);
    optimizer.dispose();
    averages?.forEach((a) => a.dispose());
  }
  return history;
}

/** a ← d·a + (1 − d)·w for every trainable variable w (an exponential moving average of the weights). */
function updateAverages(averages: readonly tf.Variable[], variables: readonly tf.Variable[], d: number): void {
  tf.tidy(() => averages.forEach((a, i) => a.assign(tf.add(tf.mul(a, d), tf.mul(variables[i], 1 - d)))));
}

/** w ← (1 − rate)·w for every weight matrix, before the update: w' = w − lr·(update) − lr·λ·w (decoupled decay). */
function decayWeights(variables: readonly tf.Variable[], rate: number): void {
  for (const v of variables) if (v.rank >= 2) tf.tidy(() => v.assign(tf.mul(v, 1 - rate)));
}

/**
 * The loss to differentiate on micro-batch `sub`; with reporting, the estimated terms' values of the same forward pass
 * are kept (out of the gradient's scope) into `values`.
 */
function forward(model: Trainable, sub: Int32Array, seed: number, values: tf.Tensor[]): tf.Scalar {
  if (!model.reporting) return model.loss(sub, seed);
  const out = model.reporting.lossWithValues(sub, seed);
  values.push(...out.values.map((v) => tf.keep(v)));
  return out.loss;
}

/** One update's rows, their micro-batches' size and seeds, where it is (epoch, step: for messages), the decay rate. */
interface UpdateAt {
  readonly idx: Int32Array;
  readonly micro: number;
  readonly seedOf: (m: number) => number;
  readonly epoch: number;
  readonly step: number;
  readonly decay: number;
}

/**
 * One optimiser update from the gradients of the micro-batches of `idx`, averaged. Returns the mean loss and, with
 * reporting, each estimated term's mean value over the micro-batches (read with the loss, one read per micro-batch).
 */
function update(model: Trainable, optimizer: tf.Optimizer, at: UpdateAt): { loss: number; terms: Float64Array[] } {
  model.beginBatch?.(at.idx, at.micro, at.seedOf);
  try {
    return accumulate(model, optimizer, at);
  } finally {
    model.endBatch?.();
  }
}

function accumulate(
  model: Trainable,
  optimizer: tf.Optimizer,
  { idx, micro, seedOf, epoch, step, decay }: UpdateAt,
): { loss: number; terms: Float64Array[] } {
  const parts = idx.length / micro;
  let sum: Record<string, tf.Tensor> | undefined;
  let lossSum = 0;
  const termSums: Float64Array[] = [];
  for (let m = 0; m < parts; m++) {
    const sub = idx.subarray(m * micro, (m + 1) * micro);
    const kept: tf.Tensor[] = [];
    const { value, grads } = tf.variableGrads(() => forward(model, sub, seedOf(m), kept), model.variables);
    // a network the loss never reads (an encoder the objective does not use: a lint warning) has no gradient: zero
    for (const v of model.variables) grads[v.name] ??= tf.zerosLike(v);
    const { loss, values } = readTogether(value, kept);
    tf.dispose([value, ...kept]);
    values.forEach((v, i) => {
      termSums[i] ??= new Float64Array(v.length);
      for (let j = 0; j < v.length; j++) termSums[i][j] += v[j] / parts;
    });
    if (!Number.isFinite(loss)) {
      Object.values(grads).forEach((g) => g.dispose());
      throw new NonFiniteError(epoch, step, blame(loss, model.terms(sub, seedOf(m))));
    }
    lossSum += loss;
    if (!sum) sum = grads;
    else {
      const next: Record<string, tf.Tensor> = {};
      for (const k of Object.keys(grads)) {
        next[k] = tf.add(sum[k], grads[k]);
        sum[k].dispose();
        grads[k].dispose();
      }
      sum = next;
    }
  }
  const mean: Record<string, tf.Tensor> = {};
  for (const v of model.variables) {
    const g = sum![v.name];
    // a variable the loss does not reach (the main output layer of a network whose objective reads only a head) has no
    // gradient: it is zero, and the optimiser leaves the variable where it is
    if (!g) mean[v.name] = tf.zerosLike(v);
    else mean[v.name] = parts === 1 ? g : tf.div(g, parts);
    if (g && parts !== 1) g.dispose();
  }
  const norm = tf.tidy(() => tf.addN(Object.values(mean).map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
  if (!Number.isFinite(norm)) {
    Object.values(mean).forEach((g) => g.dispose());
    throw new NonFiniteError(epoch, step, blame(lossSum / parts, model.terms(idx.subarray(0, micro), seedOf(0))));
  }
  if (decay > 0) decayWeights(model.variables, decay); // the gradients were taken at the weights before the decay
  optimizer.applyGradients(mean);
  Object.values(mean).forEach((g) => g.dispose());
  return { loss: lossSum / parts, terms: termSums };
}

/** Create the optimiser's slots by applying a zero gradient: the parameters do not move, and every slot is then overwritten. */
function warmOptimizer(optimizer: tf.Optimizer, variables: tf.Variable[]): void {
  const zeros: Record<string, tf.Tensor> = {};
  variables.forEach((v) => (zeros[v.name] = tf.zerosLike(v)));
  optimizer.applyGradients(zeros);
  Object.values(zeros).forEach((t) => t.dispose());
}
