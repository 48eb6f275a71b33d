/**
 * Metrics of a finished run (names fixed by DESIGN's contracts): ari, nmi against the ground truth of unsupervised data
 * (never used in training), the k-means baseline on the same data, and linear probes on held-out data.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/index.ts';
import { adjustedRandIndex, kmeansBaseline, linearProbe, normalizedMutualInfo } from '../metrics/index.ts';
import { isVrnnPosterior, type Network } from '../models/index.ts';
import type { SequencePoint } from '../report/index.ts';
import type { EncoderSpec, Spec } from '../spec/schema.ts';
import type { RunData } from './dataFromSpec.ts';
import { buildNetworks } from './networks.ts';
import { prepareObjective } from './prepare.ts';
import { vrnnSequencePoints } from './sequencePlots.ts';
import { gatherRows } from './trainable.ts';
import { elboMetrics } from './validationElbo.ts';

const EVAL_CHUNK = 1000;

/** Consecutive index blocks of at most EVAL_CHUNK rows covering 0..n−1. */
function* chunks(n: number): Generator<Int32Array> {
  for (let start = 0; start < n; start += EVAL_CHUNK) yield Int32Array.from({ length: Math.min(EVAL_CHUNK, n - start) }, (_, i) => start + i);
}

/** Encoder outputs on a whole data set in eval mode (BatchNorm running statistics), as probabilities or features. */
export function encode(net: Network, enc: EncoderSpec, ds: Dataset, sample: number[]): { values: Float32Array; width: number } {
  const width = enc.family === 'bernoulli' ? 2 : enc.size;
  const values = new Float32Array(ds.n * width);
  for (const idx of chunks(ds.n)) {
    const start = idx[0];
    const out = tf.tidy(() => {
      const raw = net.apply(gatherRows(ds, idx, sample), false);
      if (enc.family === 'categorical') return tf.softmax(raw);
      if (enc.family === 'bernoulli') {
        const l = tf.sigmoid(tf.reshape(raw, [-1]));
        return tf.stack([tf.sub(1, l), l], 1);
      }
      return enc.family === 'gaussian' ? tf.split(raw, 2, 1)[0] : raw;
    });
    values.set(out.dataSync() as Float32Array, start * width);
    out.dispose();
  }
  return { values, width };
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
  parts.reduce((at, p) => (values.set(p, at), at + p.length), 0);
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
}

const SHOWN = 16;
const FILTERS = 64;

/** The first 64 first-layer filters of an MLP encoder of images (Neural Bayes appendix F: MNIST filters), one image each. */
function filterImages(spec: Spec, nets: Record<string, Network>, evalSet: Dataset): Evaluation['images'] {
  const enc = spec.model.encoders.find((e) => (e.given ?? 'X') === 'X' && e.net.kind === 'mlp');
  if (!enc || !evalSet.imageShape) return {};
  const kernel = nets[enc.name].getWeights()[0]; // [pixels, units]
  if (kernel.shape[0] !== evalSet.dim) return {};
  const shown = Math.min(FILTERS, kernel.shape[1] ?? 0);
  const pixels = tf.tidy(() => tf.transpose(tf.slice(kernel, [0, 0], [-1, shown])).dataSync() as Float32Array);
  return { filters: { pixels, scaled: true } };
}

/** Test accuracy of a classifier p(y|z) on z from the encoder of X (its mean if Gaussian): `test_acc` and `test_error`. */
function classifierAccuracy(spec: Spec, nets: Record<string, Network>, evalSet: Dataset, sample: number[]): Record<string, number> {
  const clf = spec.model.encoders.find((e) => e.target === 'Y' && e.family === 'categorical');
  const q = clf && spec.model.encoders.find((e) => (e.target ?? 'Z') === (clf.given ?? 'X'));
  if (!clf || !q || !evalSet.labels) return {};
  let correct = 0;
  for (const idx of chunks(evalSet.n)) {
    const pred = tf.tidy(() => {
      const raw = nets[q.name].apply(gatherRows(evalSet, idx, sample), false);
      const z = q.family === 'gaussian' ? tf.split(raw, 2, 1)[0] : raw;
      return tf.argMax(nets[clf.name].apply(z, false), 1).dataSync();
    });
    pred.forEach((p, i) => (correct += p === evalSet.labels![idx[i]] ? 1 : 0));
  }
  const acc = correct / evalSet.n;
  return { test_acc: acc, test_error: 1 - acc };
}

/** For an encoder of X with a decoder back to X: 16 held-out digits over their reconstructions; for a Gaussian encoder also 32 samples from N(0, I). */
function decoderImages(spec: Spec, nets: Record<string, Network>, evalSet: Dataset, sample: number[], seed: number): Evaluation['images'] {
  const decoder = spec.model.encoders.find((e) => (e.target ?? 'Z') === 'X');
  const q = decoder && spec.model.encoders.find((e) => (e.target ?? 'Z') === (decoder.given ?? 'X') && (e.family === 'gaussian' || e.family === 'deterministic'));
  if (!decoder || !q || !evalSet.imageShape) return undefined;
  return tf.tidy(() => {
    const idx = Int32Array.from({ length: SHOWN }, (_, i) => i);
    const x = gatherRows(evalSet, idx, sample);
    const raw = nets[q.name].apply(x, false);
    const code = q.family === 'gaussian' ? tf.split(raw, 2, 1)[0] : raw;
    const recon = tf.sigmoid(nets[decoder.name].apply(code, false));
    const images: NonNullable<Evaluation['images']> = { reconstructions: { pixels: tf.concat([tf.reshape(x, [SHOWN, -1]), recon]).dataSync() as Float32Array, scaled: false } };
    if (q.family === 'gaussian') {
      // samples of the generative model: z ~ N(0, I) through the decoder
      const z = tf.randomNormal([2 * SHOWN, q.size], 0, 1, 'float32', seed + 1);
      images.samples = { pixels: tf.sigmoid(nets[decoder.name].apply(z, false)).dataSync() as Float32Array, scaled: false };
    }
    return images;
  });
}

/** Compute the spec's metrics. */
export function evaluateRun(spec: Spec, nets: Record<string, Network>, data: RunData, sample: number[], seed: number): Evaluation {
  const metrics: Record<string, number> = {};
  const wanted = new Set(spec.eval.metrics);
  const encSpec = spec.model.encoders.find((e) => e.name === spec.objective.encoder) ?? spec.model.encoders[0];
  const net = nets[encSpec.name];
  const discrete = encSpec.family === 'categorical' || encSpec.family === 'bernoulli';
  const evalSet = data.test ?? data.train;
  let partition: Int32Array | undefined;
  if (discrete) {
    const { values, width } = encode(net, encSpec, evalSet, sample);
    partition = argmaxRows(values, width);
  }
  const labels = evalSet.labels;
  if (labels && partition) {
    if (wanted.has('ari')) metrics.ari = adjustedRandIndex(labels, partition);
    if (wanted.has('nmi')) metrics.nmi = normalizedMutualInfo(labels, partition);
  }
  if (labels && wanted.has('kmeans')) {
    const k = new Set(labels).size;
    const km = kmeansBaseline(evalSet, k, seed);
    metrics.kmeans_ari = adjustedRandIndex(labels, km);
    metrics.kmeans_nmi = normalizedMutualInfo(labels, km);
  }
  if (wanted.has('linear_probe') && data.test && data.train.labels && data.test.labels) {
    const classes = new Set(data.train.labels).size;
    const probe = (features: (ds: Dataset) => { values: Float32Array; width: number }) => {
      const tr = features(data.train);
      const te = features(data.test!);
      return linearProbe({ trainX: tr.values, trainY: data.train.labels!, testX: te.values, testY: data.test!.labels!, dim: tr.width, classes, seed }).testAcc;
    };
    const features = (n: Network) => (ds: Dataset) => (spec.eval.probeOn === 'hidden' ? lastHidden(n, ds, sample) : encode(n, encSpec, ds, sample));
    metrics.linear_probe_acc = probe(features(net));
    const random = buildNetworks([encSpec], data.train, seed + 7919)[encSpec.name];
    metrics.linear_probe_acc_random = probe(features(random));
    random.dispose();
    metrics.linear_probe_acc_raw = probe((ds) => ({ values: ds.x, width: ds.dim }));
  }
  if (wanted.has('accuracy')) Object.assign(metrics, classifierAccuracy(spec, nets, evalSet, sample));
  if (wanted.has('elbo')) Object.assign(metrics, elboMetrics(spec, prepareObjective(spec), nets, data, sample));
  const recurrent = Object.values(nets).find(isVrnnPosterior);
  const sequences = recurrent && data.val ? vrnnSequencePoints(recurrent.vrnn, data.val, seed) : undefined;
  return { metrics, partition, evalSet, sequences, images: { ...decoderImages(spec, nets, evalSet, sample, seed), ...filterImages(spec, nets, evalSet) } };
}
