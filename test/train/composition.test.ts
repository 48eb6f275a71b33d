/**
 * Issue 15's "done when": each objective over several random variables is a few lines of spec written as the docs write
 * it (docs/spec.md, docs/models/iic.md, docs/mige.md), plans with a stated reason, trains and reports its metrics.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';

const MOONS = 'data: { kind: synthetic, shape: moons, n: 400, noise: 0.1, embed: { dim: 16, rotation: random } }';
const VIEW = `data:
  kind: synthetic
  shape: moons
  n: 400
  noise: 0.1
  embed: { dim: 16, rotation: random }
  augment: [{ name: "X'", of: X, noise: 0.1 }]`;
const PHI_ON_VIEWS = `model:
  encoders:
    - name: Phi
      family: categorical
      size: 2
      also: [{ target: "Z'", given: "X'" }]
      net: { kind: mlp, hidden: [32], batchNorm: true }`;
const HALVES = `data: { kind: mnist, n: 400, views: left-right }
model:
  encoders:
    - { name: Phi, target: Z, given: X, family: deterministic, size: 8, net: { kind: mlp, hidden: [32], batchNorm: true } }
    - { name: Psi, target: W, given: Y, family: deterministic, size: 8, net: { kind: mlp, hidden: [32], batchNorm: true } }`;

/** name → [spec body after name and seed, the estimators the plan must choose, the metrics the report must carry]. */
const OBJECTIVES: Record<string, [string, string[], string[]]> = {
  'beta-vae': [
    `data: { kind: mnist, n: 400 }
model:
  encoders:
    - { name: q, target: Z, given: X, family: gaussian, size: 4, net: { kind: mlp, hidden: [32], batchNorm: false } }
    - { name: dec, target: X, given: Z, family: bernoulli, size: 784, net: { kind: mlp, hidden: [32], batchNorm: false } }
objective: { text: "max E_x[log[p(x|z)]] − β·KL(p(z|x) ‖ N(z))", hypers: { β: 4 } }
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [elbo] }`,
    ['reparam-mc', 'analytic-gaussian'],
    ['val_elbo', 'val_elbo_init'],
  ],
  'rim-weight-decay': [
    `${MOONS}
model:
  encoders:
    - { name: L, family: categorical, size: 2, net: { kind: mlp, hidden: [32], batchNorm: true } }
objective: "max H(Z) − H(Z|X)"
train: { optimizer: sgd, lr: 0.1, batch: 100, epochs: 1, weightDecay: 0.0005 }
eval: { metrics: [ari, nmi] }`,
    ['plugin-theorem2', 'minibatch-mean'],
    ['ari', 'nmi'],
  ],
  iic: [
    `${VIEW}
${PHI_ON_VIEWS}
objective: "max I(Z;Z')"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [ari, nmi] }`,
    ['paired-plugin'],
    ['ari', 'nmi'],
  ],
  'iic-written-out': [
    `${VIEW}
${PHI_ON_VIEWS}
objective: "max H(Z) − H(Z|Z')"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [ari] }`,
    ['plugin-theorem2', 'paired-plugin'],
    ['ari'],
  ],
  'infonce-views': [
    `${HALVES}
objective: "max I(Z;W)"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [linear_probe] }`,
    ['infonce'],
    ['linear_probe_acc', 'linear_probe_acc_random', 'linear_probe_acc_raw'],
  ],
  'infonce-data-view': [
    `data: { kind: mnist, n: 400, views: left-right }
model:
  encoders:
    - { name: Phi, target: Z, given: X, family: deterministic, size: 8, net: { kind: mlp, hidden: [32], batchNorm: true } }
objective: "max I(Z;Y)"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [linear_probe] }`,
    ['infonce'],
    ['linear_probe_acc'],
  ],
  'mige-views': [
    `${HALVES}
objective: { text: "max I(Z;W)", pins: { "I(Z;W)": mige } }
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [linear_probe] }`,
    ['mige'],
    ['linear_probe_acc'],
  ],
  'mige-circumstance-2': [
    `data: { kind: mnist, n: 400 }
model:
  encoders:
    - { name: E, family: gaussian, size: 4, layers: [{ target: H_1, layer: 1 }], net: { kind: mlp, hidden: [8], batchNorm: false } }
objective: "max I(H_1;Z)"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [linear_probe] }`,
    ['mige'],
    ['linear_probe_acc'],
  ],
};

describe('objectives over several random variables, from their docs to a report', () => {
  const root = mkdtempSync(join(tmpdir(), 'infobj-composition-'));
  it.each(Object.keys(OBJECTIVES))('%s plans with reasons, trains and reports its metrics', async (name) => {
    const [body, estimators, metrics] = OBJECTIVES[name];
    const { report } = await trainSpec(parseSpecText(`name: ${name}\nseed: 1\n${body}\n`), { out: join(root, name) });
    expect(report.estimators.map((e) => e.estimator)).toEqual(estimators);
    report.estimators.forEach((e) => expect(e.reason.length).toBeGreaterThan(30));
    for (const m of metrics) expect(Number.isFinite(report.metrics[m]), `${name}: ${m}`).toBe(true);
    expect(report.history.every((h) => Number.isFinite(h.loss))).toBe(true);
  });
});
