/**
 * The compiled spec is closed (issue 26): a run decides nothing from the spec as written. The spec is kept only as the
 * record report.json and the run's marker write; here it is replaced by a record that throws on every read except being
 * serialised, and whole runs — training, a resume, evaluation (labels, probes, a classifier, a decoder), the report,
 * a mixture fitted by EM — go through. Tiny specs, a second or two each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCompiled } from '../../src/run/run.ts';
import { compileSpec, parseSpecText } from '../../src/spec/index.ts';
import type { CompiledSpec } from '../../src/spec/compiled.ts';
import { BASE_SPEC, MIXTURE_SPEC, variant } from '../spec/fixtures.ts';
import { scratch } from '../cli/run.ts';

/** The compiled spec with a record that can only be serialised (JSON.stringify reads `toJSON` and nothing else). */
function sealed(compiled: CompiledSpec): CompiledSpec {
  const record = compiled.specRecord;
  const refuse = (what: string) => {
    throw new Error(`the spec record was read for a decision (${what})`);
  };
  const specRecord = new Proxy(record, {
    get: (_, key) => (key === 'toJSON' ? () => record : refuse(`get ${String(key)}`)),
    has: (_, key) => refuse(`has ${String(key)}`),
    ownKeys: () => refuse('ownKeys'),
    getOwnPropertyDescriptor: (_, key) => refuse(`descriptor of ${String(key)}`),
  });
  return { ...compiled, specRecord };
}

const compile = (text: string) => compileSpec(parseSpecText(text, 'spec.yaml'));

/** An Information Bottleneck on a few MNIST digits: a classifier of the labels, a Gaussian code, a linear probe. */
const IB_SPEC = `name: tiny-ib
seed: 0
data: { kind: mnist, n: 300, pixels: signed }
model:
  encoders:
    - { name: q, target: Z, given: X, family: gaussian, size: 4, net: { kind: mlp, hidden: [16], batchNorm: false } }
    - { name: clf, target: Y, given: Z, family: categorical, size: 10, net: { kind: mlp, hidden: [], batchNorm: false } }
objective:
  text: "max E_x[log[p(y|z)]] − β·KL(p(z|x) ‖ N(z))"
  hypers: { β: 0.001 }
train: { lr: 0.001, batch: 50, epochs: 1, betas: [0.5, 0.999], averageWeights: 0.999 }
eval: { metrics: [accuracy, information, linear_probe], probe: { epochs: 2 }, zSamples: 12 }
`;

/** A VAE on a few MNIST digits: a decoder back to the data (reconstructions, samples) and the filters of an MLP. */
const VAE_SPEC = `name: tiny-vae
seed: 0
data: { kind: mnist, n: 300 }
model:
  encoders:
    - { name: q, target: Z, given: X, family: gaussian, size: 4, net: { kind: mlp, hidden: [16], batchNorm: false } }
    - { name: dec, target: X, given: Z, family: bernoulli, size: 784, net: { kind: mlp, hidden: [16], batchNorm: false } }
objective: "max E_x[log[p(x|z)]] − KL(p(z|x) ‖ N(z))"
train: { lr: 0.001, batch: 50, epochs: 1 }
eval: { metrics: [information] }
`;

const reportOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));

describe('a run reads its compiled fields, never the spec', () => {
  it('the sealed record throws when read', () => {
    expect(() => sealed(compile(BASE_SPEC)).specRecord.seed).toThrow(/the spec record was read/);
  });

  it('trains, resumes, evaluates and reports from the compiled spec; report.json records the spec as decoded', async () => {
    const dir = join(scratch(), 'run');
    const text = variant('epochs: 2', 'epochs: 2, checkpointEvery: 1');
    await trainCompiled(sealed(compile(text)), { out: dir, stopAfter: 1 });
    const { report } = await trainCompiled(sealed(compile(text)), { out: dir, resume: true });
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi', 'kmeans_ari']));
    expect(reportOf(dir).spec).toEqual(parseSpecText(text, 'spec.yaml'));
  });

  it('a classifier, a Gaussian code and a linear probe are found in the model of variables', async () => {
    const { report } = await trainCompiled(sealed(compile(IB_SPEC)), { out: join(scratch(), 'run') });
    expect(Object.keys(report.metrics)).toEqual(
      expect.arrayContaining([
        'test_acc',
        'test_acc_sampled',
        'test_acc_averaged',
        'rate',
        'mi_xz',
        'linear_probe_acc',
      ]),
    );
  });

  it('a decoder of the data draws reconstructions', async () => {
    const dir = join(scratch(), 'run');
    const { report } = await trainCompiled(sealed(compile(VAE_SPEC)), { out: dir });
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['rate', 'mi_xz']));
    expect(() => readFileSync(join(dir, 'reconstructions.png'))).not.toThrow();
  });

  it('a mixture fitted by EM', async () => {
    const { report } = await trainCompiled(sealed(compile(MIXTURE_SPEC)), { out: join(scratch(), 'run') });
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi', 'log_likelihood']));
  });
});
