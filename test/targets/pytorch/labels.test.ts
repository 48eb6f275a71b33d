/**
 * The PyTorch target's observed labels and classifiers, micro-batches, input dropout and heads on one trunk: the
 * generated program's loss, term values and every parameter gradient of one update against the tfjs run's (same initial
 * weights, rows and dropout masks), and 2 processes × B/2 against 1 × B. Skipped, saying why, when no python imports
 * torch (.ci/run installs Debian's python3-torch).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dropoutSeed } from '../../../src/models/inputDropout.ts';
import { layerSeed } from '../../../src/models/network.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import type { CompiledSpec } from '../../../src/spec/compiled.ts';
import { parseSpecText } from '../../../src/spec/index.ts';
import { checkPytorchSupport } from '../../../src/targets/pytorch/program.ts';
import {
  type Draw,
  expectAgreement,
  oneUpdate,
  title,
  torch,
  expectSameTensors,
  oneAndTwoProcesses,
} from './harness.ts';

interface Options {
  readonly objective: string;
  readonly batch: number;
  readonly microBatch?: number;
  /** net.inputDropout of the encoder L. */
  readonly inputDropout?: number;
  /** A categorical head `over` (target W, 5 states) on L's trunk. */
  readonly head?: boolean;
  readonly n?: number;
}

/**
 * Three blobs in 6-D with their labels bound to Y: L, a categorical encoder of X (BatchNorm), and clf, a classifier
 * q(y|x) of the labels.
 */
function spec(o: Options): string {
  const dropout = o.inputDropout ? `, inputDropout: ${o.inputDropout}` : '';
  const heads = o.head ? ', heads: [{ name: over, target: W, family: categorical, size: 5 }]' : '';
  const micro = o.microBatch ? `, microBatch: ${o.microBatch}` : '';
  return `name: labels-small
seed: 3
data: { kind: synthetic, shape: blobs, clusters: 3, n: ${o.n ?? 300}, noise: 0.5, embed: { dim: 6, rotation: random } }
model:
  labels: Y
  encoders:
    - { name: L, target: Z, given: X, family: categorical, size: 4, net: { kind: mlp, hidden: [16, 12]${dropout} }${heads} }
    - { name: clf, target: Y, given: X, family: categorical, size: 3, net: { kind: mlp, hidden: [8], batchNorm: false } }
objective: { text: "${o.objective}", hypers: { β: 0.5 } }
train: { optimizer: adam, lr: 0.01, batch: ${o.batch}${micro}, epochs: 1 }
eval: { metrics: [ari] }
`;
}

/** Every label estimator — ba, decoder-likelihood, label-counts (H, CE, KL) — beside a plug-in term of L. */
const LABELS = 'max I(X;Y) − β·H(Y|X) − H(Y) + CE(clf(y|x), p(y)) − 0.5·KL(clf(y|x) ‖ p(y)) + I(X;Z)';

const compile = (text: string) => compileSpec(parseSpecText(text, 'labels-small.yaml'));

// float32 on both sides, the sums in another order: measured ≤ 1e-6 on the loss and ≤ 1e-5 on a gradient
const LOSS_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

/** The program's update on the same rows against tfjs' (harness.ts). */
async function agreeOnOneUpdate(o: Options): Promise<void> {
  const compiled = compile(spec(o));
  const L = compiled.networks.find((p) => p.encoder.name === 'L')!;
  // tfjs' input dropout draws u ~ U[0, 1) from the layer's seed and the micro-batch's (src/models/inputDropout.ts) and
  // keeps the values where u + (1 − rate) ≥ 1; the program draws its u from its step generator: feed it tfjs' u
  const draws = (_: CompiledSpec, rows: number, seed: number): Draw[] => {
    if (!o.inputDropout) return [];
    const at = dropoutSeed(layerSeed(L.seed, 77), seed);
    const u = tf.randomUniform([rows, L.input], 0, 1, 'float32', at).dataSync() as Float32Array;
    return [{ kind: 'uniform', values: u, shape: [rows, L.input] }];
  };
  expectAgreement(await oneUpdate(compiled, { draws }), {
    loss: LOSS_TOLERANCE,
    gradient: GRADIENT_TOLERANCE,
    floor: 1e-7,
  });
}

describe('the PyTorch target accepts observed labels, micro-batches, input dropout and heads', () => {
  it('a labelled spec with all four passes the PyTorch check', () => {
    const text = spec({ objective: `${LABELS} + I(X;W)`, batch: 100, microBatch: 50, inputDropout: 0.2, head: true });
    expect(() => checkPytorchSupport(compile(text))).not.toThrow();
  });
});

describe.skipIf(!torch)(title('the PyTorch program computes the tfjs lowering'), () => {
  it('observed labels: ba, decoder-likelihood and label-counts (H, CE, KL) with a classifier of Y', () =>
    agreeOnOneUpdate({ objective: LABELS, batch: 100 }));

  it('micro-batches: each its own minibatch, their gradients averaged', () =>
    agreeOnOneUpdate({ objective: LABELS, batch: 100, microBatch: 25 }));

  it("input dropout: the network's input through the dropout mask", () =>
    agreeOnOneUpdate({ objective: LABELS, batch: 100, inputDropout: 0.3 }));

  it('heads on one trunk: the main output and a head read one trunk pass', () =>
    agreeOnOneUpdate({ objective: 'max I(X;Z) + β·I(X;W) − H(Y|X)', batch: 100, head: true }));
});

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  it('labels, micro-batches, input dropout and a head: the parameters after 5 steps agree (float64)', async () => {
    const o = { objective: `${LABELS} + I(X;W)`, batch: 40, microBatch: 20, inputDropout: 0.2, head: true, n: 200 };
    // float64 sums in another order (≈ 1e-15) leave only what a checkpoint's float32 stores (≈ 6e-8)
    expectSameTensors(await oneAndTwoProcesses(parseSpecText(spec(o), 'labels-small.yaml')));
  });
});
