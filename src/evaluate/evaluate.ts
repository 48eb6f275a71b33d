/**
 * Metrics of a finished run, computed from the compiled spec and the networks the run trained (names fixed by DESIGN's
 * contracts): ari, nmi against the ground truth of unsupervised data (never used in training), the k-means baseline on
 * the same data, linear probes on held-out data, and what the model's shape implies (views, generators, channels).
 */
import * as tf from '../tf.ts';
import { liftPlane, tfSeed, type Dataset } from '../data/index.ts';
import { featureWidth, features, familyOf, gaussianParams, hasExplicitMarginal } from '../families/index.ts';
import {
  adjustedRandIndex,
  aggregateMutualInformation,
  gaussianRate,
  kmeansBaseline,
  linearProbe,
  normalizedMutualInfo,
} from '../metrics/index.ts';
import { matchedAccuracy } from '../metrics/mixtureCoverage.ts';
import { isVrnnPosterior, type gaussianChannel, type Network } from '../models/index.ts';
import type { SequencePoint } from '../report/index.ts';
import type { EncoderSpec } from '../spec/schema.ts';
import type { CodeReader, EvaluationPlan, MetricName } from '../spec/evaluation.ts';
import type { RunData } from '../spec/data.ts';
import { evaluateGenerator, type GeneratorEvaluation } from './generator.ts';
import { buildNetworks } from '../run/networks.ts';
import type { CompiledSpec } from '../spec/compiled.ts';
import { vrnnSequencePoints } from './sequencePlots.ts';
import { gatherRows } from '../train/trainable.ts';
import { toyMetrics } from './toyMetrics.ts';
import { elboMetrics } from './validationElbo.ts';
import { isGaussianConditional } from '../families/index.ts';
import { checkArgs, Obj, PositiveInt } from '../api/arguments.ts';

const EVAL_CHUNK = 1000;

/** Consecutive index blocks of at most EVAL_CHUNK rows covering 0..n−1. */
function* chunks(n: number): Generator<Int32Array> {
  for (let start = 0; start < n; start += EVAL_CHUNK)
    yield Int32Array.from({ length: Math.min(EVAL_CHUNK, n - start) }, (_, i) => start + i);
}

/** Encoder outputs on a whole data set in eval mode (BatchNorm running statistics), as probabilities or features. */
export function encode(
  net: Network,
  enc: EncoderSpec,
  ds: Dataset,
  sample: number[],
): { values: Float32Array; width: number } {
  const width = featureWidth(enc);
  const values = new Float32Array(ds.n * width);
  for (const idx of chunks(ds.n)) {
    const start = idx[0];
    const out = tf.tidy(() => features(enc, net.apply(gatherRows(ds, idx, sample), false) as tf.Tensor2D));
    values.set(out.dataSync() as Float32Array, start * width);
    out.dispose();
  }
  return { values, width };
}

/** The predicted state on a grid over the data plane of a synthetic set (Neural Bayes Figure 1's lighter shades). */
export interface PartitionField {
  /** steps × steps cell centres, (u, v) pairs, row by row. */
  readonly points: Float32Array;
  readonly states: Int32Array;
  /** Width and height of a cell. */
  readonly cell: readonly [number, number];
}

/** A steps × steps grid over a set of 2-D points with a 10 % margin: its cell centres, row by row, and cell size. */
export interface PlaneGrid {
  readonly steps: number;
  /** (u, v) pairs, row by row from the lowest v. */
  readonly points: Float32Array;
  /** Width and height of a cell. */
  readonly cell: readonly [number, number];
  /** The lower corner of the grid's extent (not a cell centre). */
  readonly origin: readonly [number, number];
}

/** The grid over the n points (u, v pairs) of `plane`. */
export function planeGrid(plane: Float32Array, n: number, steps: number): PlaneGrid {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (let i = 0; i < n; i++)
    for (const d of [0, 1]) {
      lo[d] = Math.min(lo[d], plane[2 * i + d]);
      hi[d] = Math.max(hi[d], plane[2 * i + d]);
    }
  const cell = [0, 1].map((d) => (1.2 * (hi[d] - lo[d])) / steps) as [number, number];
  const origin = [0, 1].map((d) => lo[d] - 0.1 * (hi[d] - lo[d])) as [number, number];
  const points = new Float32Array(2 * steps * steps);
  for (let r = 0; r < steps; r++)
    for (let c = 0; c < steps; c++) {
      points[2 * (r * steps + c)] = origin[0] + (c + 0.5) * cell[0];
      points[2 * (r * steps + c) + 1] = origin[1] + (r + 0.5) * cell[1];
    }
  return { steps, points, cell, origin };
}

/**
 * The encoder's most probable state (eval mode) at the centres of a steps × steps grid covering the data plane of `ds`
 * with a 10 % margin, each centre mapped into the data's space by `liftPlane`.
 */
export function partitionField(
  net: Network,
  enc: EncoderSpec,
  ds: Dataset,
  sample: number[],
  steps = 40,
): PartitionField | undefined {
  if (!ds.plane) return undefined;
  const { points, cell } = planeGrid(ds.plane, ds.n, steps);
  const grid: Dataset = { name: `${ds.name} grid`, x: liftPlane(ds, points), n: steps * steps, dim: ds.dim };
  const { values, width } = encode(net, enc, grid, sample);
  return { points, states: argmaxRows(values, width), cell };
}

/** The last hidden layer's activations (flattened) on a whole data set in eval mode: the representation a probe reads. */
function lastHidden(net: Network, ds: Dataset, sample: number[]): { values: Float32Array; width: number } {
  const parts: Float32Array[] = [];
  let width = 0;
  for (const idx of chunks(ds.n)) {
    const h = tf.tidy(() => {
      const hidden = net.hidden(gatherRows(ds, idx, sample), false);
      return tf.reshape(hidden[hidden.length - 1], [idx.length, -1]);
    });
    width = h.shape[1] as number;
    parts.push(h.dataSync() as Float32Array);
    h.dispose();
  }
  const values = new Float32Array(ds.n * width);
  let at = 0;
  for (const p of parts) {
    values.set(p, at);
    at += p.length;
  }
  return { values, width };
}

/** The most probable state of each sample. */
export function argmaxRows(values: Float32Array, width: number): Int32Array {
  const n = values.length / width;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (values[i * width + k] > values[i * width + best]) best = k;
    out[i] = best;
  }
  return out;
}

export interface Evaluation {
  metrics: Record<string, number>;
  /** Predicted partition of the evaluation set (for plots). */
  partition?: Int32Array;
  /** Image grids to save: pixels of whole images one after another; `scaled` images are shown each on its own range. */
  images?: Record<string, { pixels: Float32Array; scaled: boolean }>;
  /** Sequences to plot (a VRNN's validation sequences, reconstructions and samples). */
  sequences?: SequencePoint[];
  evalSet: Dataset;
  /** Data beside a generator's samples (2-D). */
  samples?: GeneratorEvaluation['scatter'];
  /** The predicted state over the data plane of a synthetic set (behind the partition plot). */
  field?: PartitionField;
}

const SHOWN = 16;
const FILTERS = 64;

/**
 * The first 64 first-layer filters of an MLP encoder of images (Neural Bayes appendix F: MNIST filters), one image each:
 * `filters` (the trained weights W), `filters-init` (the initial weights W₀, rebuilt from the encoder's seed, which
 * gives the same weights as the run started from) and `filters-delta` (W − W₀, what training changed). After a short
 * run W is still dominated by W₀, so only W − W₀ shows what was learned.
 */
function filterImages(compiled: CompiledSpec, nets: Record<string, Network>, evalSet: Dataset): Evaluation['images'] {
  const plan = compiled.networks.find((p) => p.encoder === compiled.evaluation.filtered);
  if (!plan || !evalSet.imageShape) return {};
  const kernel = nets[plan.encoder.name].getWeights()[0]; // [pixels, units]
  if (kernel.shape[0] !== evalSet.dim) return {};
  const initial = buildNetworks([plan], compiled.data.train)[plan.encoder.name];
  const shown = Math.min(FILTERS, kernel.shape[1] ?? 0);
  const firstFilters = (k: tf.Tensor) =>
    tf.tidy(() => tf.transpose(tf.slice(k, [0, 0], [-1, shown])).dataSync() as Float32Array);
  const w0 = initial.getWeights()[0];
  const images = {
    filters: { pixels: firstFilters(kernel), scaled: true },
    'filters-init': { pixels: firstFilters(w0), scaled: true },
    'filters-delta': { pixels: tf.tidy(() => firstFilters(tf.sub(kernel, w0))), scaled: true },
  };
  initial.dispose();
  return images;
}

/**
 * Test accuracy of a classifier p(y|z) on z from the encoder of X (its mean if Gaussian): `test_acc` and `test_error`.
 * For a Gaussian encoder also `test_acc_sampled`: argmax_y p(y|z) at one z ~ q(z|x) per input, the stochastic channel
 * whose I(X;Z) the `information` metric measures (Fano: an accuracy needs I(X;Z) ≥ I(Y;Ŷ)). The mean alone can carry
 * more than I(X;Z) allows (a small μ(x) and a large classifier weight), and so can an average over several z: with
 * `zSamples` S also `test_acc_averaged`/`test_error_averaged`, argmax_y of p(y|z) averaged over S draws z ~ q(z|x)
 * (the VIB authors' evaluation, Alemi et al. 2017: S = 12).
 */
function classifierAccuracy(
  classifier: CodeReader | undefined,
  nets: Record<string, Network>,
  evalSet: Dataset,
  sample: number[],
  seed: number,
  zSamples?: number,
): Record<string, number> {
  if (!classifier || !evalSet.labels) return {};
  const { reader: clf, encoder: q } = classifier;
  const family = familyOf(q.family);
  const path = family.sample?.noisy ? family.sample : undefined; // a stochastic code: z ~ q(z|x) beside its mean
  let correct = 0;
  let correctSampled = 0;
  let correctAveraged = 0;
  const hits = (pred: Int32Array | undefined, idx: Int32Array) =>
    pred ? pred.reduce((n, p, i) => n + (p === evalSet.labels![idx[i]] ? 1 : 0), 0) : 0;
  for (const idx of chunks(evalSet.n)) {
    const [pred, sampled, averaged] = tf.tidy(() => {
      const raw = nets[q.name].apply(gatherRows(evalSet, idx, sample), false) as tf.Tensor2D;
      const classify = (z: tf.Tensor) => nets[clf.name].apply(z, false);
      if (!path) return [tf.argMax(classify(raw), 1).dataSync() as Int32Array, undefined, undefined];
      const mean = family.activate(raw, q.size).output;
      const draw = (s: number) =>
        path.draw(
          raw,
          tf.randomNormal([raw.shape[0], q.size], 0, 1, 'float32', tfSeed(seed * 7919 + idx[0] + s * 104729)),
        );
      // the classifier's probabilities averaged over the draws (its outputs are logits of a categorical)
      const meanProbs = zSamples
        ? tf.addN(Array.from({ length: zSamples }, (_, s) => tf.softmax(classify(draw(s + 1)))))
        : undefined;
      return [
        tf.argMax(classify(mean), 1).dataSync() as Int32Array,
        tf.argMax(classify(draw(0)), 1).dataSync() as Int32Array,
        meanProbs && (tf.argMax(meanProbs, 1).dataSync() as Int32Array),
      ];
    });
    correct += hits(pred, idx);
    correctSampled += hits(sampled, idx);
    correctAveraged += hits(averaged, idx);
  }
  const acc = correct / evalSet.n;
  const averaged = correctAveraged / evalSet.n;
  return {
    test_acc: acc,
    test_error: 1 - acc,
    ...(path ? { test_acc_sampled: correctSampled / evalSet.n } : {}),
    ...(path && zSamples ? { test_acc_averaged: averaged, test_error_averaged: 1 - averaged } : {}),
  };
}

/**
 * What the Gaussian encoder of X keeps of its input on the evaluation set (lecture notes §3, I(X;Z) of the Information
 * Bottleneck), in nats: `rate` = E_x KL(q(z|x) ‖ N(0, I)), an upper bound; `mi_xz` = the aggregate-posterior estimate
 * with one z per point, at most `mi_xz_ceiling` = log N.
 */
function encoderInformation(
  q: EncoderSpec | undefined,
  nets: Record<string, Network>,
  evalSet: Dataset,
  sample: number[],
  seed: number,
): Record<string, number> {
  if (!q) return {};
  const mean = new Float32Array(evalSet.n * q.size);
  const logVar = new Float32Array(evalSet.n * q.size);
  for (const idx of chunks(evalSet.n)) {
    const parts = tf.tidy(() => {
      const params = gaussianParams(nets[q.name].apply(gatherRows(evalSet, idx, sample), false) as tf.Tensor2D);
      return [params.mean, params.logVar];
    });
    mean.set(parts[0].dataSync() as Float32Array, idx[0] * q.size);
    logVar.set(parts[1].dataSync() as Float32Array, idx[0] * q.size);
    tf.dispose(parts);
  }
  const codes = { mean, logVar, dim: q.size };
  const { estimate, logN } = aggregateMutualInformation(codes, seed);
  return { rate: gaussianRate(codes), mi_xz: estimate, mi_xz_ceiling: logN };
}

/** For an encoder of X with a decoder back to X: 16 held-out digits over their reconstructions; for a Gaussian encoder also 32 samples from N(0, I). */
function decoderImages(
  role: CodeReader | undefined,
  nets: Record<string, Network>,
  evalSet: Dataset,
  sample: number[],
  seed: number,
): Evaluation['images'] {
  if (!role || !evalSet.imageShape) return undefined;
  const { reader: decoder, encoder: q } = role;
  return tf.tidy(() => {
    const idx = Int32Array.from({ length: SHOWN }, (_, i) => i);
    const x = gatherRows(evalSet, idx, sample);
    const code = familyOf(q.family).activate(nets[q.name].apply(x, false) as tf.Tensor2D, q.size).output;
    const recon = tf.sigmoid(nets[decoder.name].apply(code, false));
    const images: NonNullable<Evaluation['images']> = {
      reconstructions: {
        pixels: tf.concat([tf.reshape(x, [SHOWN, -1]), recon]).dataSync() as Float32Array,
        scaled: false,
      },
    };
    if (isGaussianConditional(q.family)) {
      // samples of the generative model: z ~ N(0, I) through the decoder
      const z = tf.randomNormal([2 * SHOWN, q.size], 0, 1, 'float32', seed + 1);
      images.samples = {
        pixels: tf.sigmoid(nets[decoder.name].apply(z, false)).dataSync() as Float32Array,
        scaled: false,
      };
    }
    return images;
  });
}

/**
 * Co-training (lecture notes §4): with an encoder of each view into the same discrete Z, how often their codes agree on
 * held-out pairs, and how well each view's code names the label under the best one-to-one matching (labels never
 * trained on).
 */
function viewAgreement(
  views: EvaluationPlan['views'],
  nets: Record<string, Network>,
  data: RunData,
): Record<string, number> {
  if (!views || !data.test || !data.testY) return {};
  const { first: phi, second: psi } = views;
  const codes = (enc: EncoderSpec, ds: Dataset) => {
    const { values, width } = encode(nets[enc.name], enc, ds, [ds.dim]);
    return argmaxRows(values, width);
  };
  const [zx, zy] = [codes(phi, data.test), codes(psi, data.testY)];
  const metrics: Record<string, number> = {
    views_agreement: zx.reduce((s, z, i) => s + (z === zy[i] ? 1 : 0), 0) / zx.length,
  };
  const labels = data.test.labels;
  const classes = labels ? new Set(labels).size : 0;
  if (labels && phi.size === classes)
    Object.assign(metrics, {
      code_accuracy_x: matchedAccuracy(zx, labels, classes),
      code_accuracy_y: matchedAccuracy(zy, labels, classes),
    });
  return metrics;
}

/** What every metric reads: the compiled spec, the networks the run trained, and the set metrics are computed on. */
export interface EvaluationContext {
  readonly compiled: CompiledSpec;
  readonly nets: Record<string, Network>;
  /** The held-out set where the data has one, else the training set. */
  readonly evalSet: Dataset;
  /** The most probable state of the evaluated encoder on `evalSet`, when it is discrete. */
  readonly partition?: Int32Array;
}

/** Agreement of a partition with the labels (ari, nmi) and the k-means baseline on the same data (kmeans). */
export function labelAgreement(
  wanted: readonly MetricName[],
  ds: Dataset,
  partition: Int32Array | undefined,
  seed: number,
): Record<string, number> {
  const labels = ds.labels;
  if (!labels) return {};
  const metrics: Record<string, number> = {};
  if (partition && wanted.includes('ari')) metrics.ari = adjustedRandIndex(labels, partition);
  if (partition && wanted.includes('nmi')) metrics.nmi = normalizedMutualInfo(labels, partition);
  if (wanted.includes('kmeans')) {
    const km = kmeansBaseline(ds, new Set(labels).size, seed);
    metrics.kmeans_ari = adjustedRandIndex(labels, km);
    metrics.kmeans_nmi = normalizedMutualInfo(labels, km);
  }
  return metrics;
}

/**
 * Linear probes on held-out data (Neural Bayes §5): on the evaluated encoder's outputs (or last hidden layer), on the
 * same network at its initial weights, and on the raw input. Where the data have a validation set the probe keeps the
 * epoch that classifies it best (Neural Bayes Appendix C); the epoch kept by the main probe is `linear_probe_epoch`.
 */
function linearProbes({ compiled, nets }: EvaluationContext): Record<string, number> {
  const { data, evaluated, seed } = compiled;
  const plan = compiled.networks.find((n) => n.encoder === evaluated);
  if (!data.test || !data.train.labels || !data.test.labels || !plan) return {};
  const sample = [...compiled.sample];
  const classes = new Set(data.train.labels).size;
  const settings = compiled.evaluation.probe;
  const val = data.val?.labels ? data.val : undefined;
  const probe = (features: (ds: Dataset) => { values: Float32Array; width: number }) => {
    const tr = features(data.train);
    const te = features(data.test!);
    return linearProbe({
      trainX: tr.values,
      trainY: data.train.labels!,
      testX: te.values,
      testY: data.test!.labels!,
      ...(val && { valX: features(val).values, valY: val.labels }),
      dim: tr.width,
      classes,
      seed,
      epochs: settings.epochs,
      lr: settings.lr,
      batchSize: settings.batch,
      weightDecay: settings.weightDecay,
    });
  };
  const features = (n: Network) => (ds: Dataset) =>
    compiled.evaluation.probeOn === 'hidden' ? lastHidden(n, ds, sample) : encode(n, plan.encoder, ds, sample);
  const trained = probe(features(nets[plan.encoder.name]));
  const metrics: Record<string, number> = { linear_probe_acc: trained.testAcc };
  if (val) metrics.linear_probe_epoch = trained.epoch;
  const random = buildNetworks([{ ...plan, seed: (seed + 7919) * 1000 }], data.train)[plan.encoder.name];
  metrics.linear_probe_acc_random = probe(features(random)).testAcc;
  random.dispose();
  metrics.linear_probe_acc_raw = probe((ds) => ({ values: ds.x, width: ds.dim })).testAcc;
  return metrics;
}

/**
 * Unsupervised clustering accuracy (IIC §4): the fraction of samples whose cluster, mapped one-to-one to a class by the
 * best matching of clusters to classes, is their class. Needs as many clusters as classes.
 */
function clusterAccuracy({ evalSet, partition }: EvaluationContext): Record<string, number> {
  const labels = evalSet.labels;
  if (!labels || !partition) return {};
  const classes = Math.max(...labels, ...partition) + 1;
  return { cluster_accuracy: matchedAccuracy(partition, labels, classes) };
}

/** Every metric a spec can ask for in `eval.metrics`, by name. */
const METRIC_TABLE: Record<MetricName, (ctx: EvaluationContext) => Record<string, number>> = {
  ari: (ctx) => labelAgreement(['ari'], ctx.evalSet, ctx.partition, ctx.compiled.seed),
  nmi: (ctx) => labelAgreement(['nmi'], ctx.evalSet, ctx.partition, ctx.compiled.seed),
  kmeans: (ctx) => labelAgreement(['kmeans'], ctx.evalSet, ctx.partition, ctx.compiled.seed),
  linear_probe: linearProbes,
  accuracy: ({ compiled, nets, evalSet }) =>
    classifierAccuracy(
      compiled.evaluation.classifier,
      nets,
      evalSet,
      [...compiled.sample],
      compiled.seed,
      compiled.evaluation.zSamples,
    ),
  information: ({ compiled, nets, evalSet }) =>
    encoderInformation(compiled.evaluation.gaussianEncoder, nets, evalSet, [...compiled.sample], compiled.seed),
  elbo: ({ compiled, nets }) => elboMetrics(compiled, nets),
  cluster_accuracy: clusterAccuracy,
};

/**
 * The metrics the spec asks for, then what the model's shape implies whatever was asked: agreement of two views' codes,
 * a generator's coverage, the correlated-Gaussian channel's MI and gradient against closed forms, images and sequences.
 * `batch` is the batch size the toy metrics average over.
 */
export function evaluateRun(compiled: CompiledSpec, nets: Record<string, Network>, batch: number): Evaluation {
  checkArgs('evaluateRun', {
    compiled: [Obj('a CompiledSpec'), compiled],
    nets: [Obj('networks by name'), nets],
    batch: [PositiveInt, batch],
  });
  const { data, evaluated, seed, evaluation } = compiled;
  const sample = [...compiled.sample];
  const evalSet = data.test ?? data.train;
  const discrete = evaluated && hasExplicitMarginal(evaluated);
  let partition: Int32Array | undefined;
  if (discrete) {
    const { values, width } = encode(nets[evaluated.name], evaluated, evalSet, sample);
    partition = argmaxRows(values, width);
  }
  const ctx: EvaluationContext = { compiled, nets, evalSet, partition };
  const metrics: Record<string, number> = {};
  for (const name of evaluation.metrics) Object.assign(metrics, METRIC_TABLE[name](ctx));
  Object.assign(metrics, viewAgreement(evaluation.views, nets, data));
  const generator = evaluation.generator && evaluateGenerator(evaluation.generator, nets, evalSet, seed);
  Object.assign(metrics, generator?.metrics);
  const channel = Object.values(nets).find((n): n is ReturnType<typeof gaussianChannel> => 'rho' in n);
  if (channel) Object.assign(metrics, toyMetrics(compiled, nets, compiled.variables, channel, batch, seed));
  const recurrent = Object.values(nets).find(isVrnnPosterior);
  const sequences = recurrent && data.val ? vrnnSequencePoints(recurrent.vrnn, data.val, seed) : undefined;
  const images = {
    ...decoderImages(evaluation.decoder, nets, evalSet, sample, seed),
    ...filterImages(compiled, nets, evalSet),
  };
  const field =
    partition && evaluated && evalSet.plane
      ? partitionField(nets[evaluated.name], evaluated, evalSet, sample)
      : undefined;
  return { metrics, partition, evalSet, samples: generator?.scatter, sequences, images, field };
}
