/**
 * The defaults of `name`, `seed`, `train` and `eval` (issue 27): a spec of data, model and objective alone decodes with
 * them, lists what it filled, and chooses its metrics by what the data and the model allow — from the data spec alone,
 * which must say what the loaded data hold (`dataFacts` against `factsOfData(loadRunData(…))` for every kind).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_KINDS, decodeSpecWithDefaults, parseSpecTextWithDefaults, type DataSpec } from '../../src/spec/index.ts';
import { loadRunData } from '../../src/spec/data.ts';
import { DEFAULT_GRADIENT, DEFAULT_SEED, knownTrainingRows } from '../../src/spec/defaults.ts';
import { dataFacts, factsOfData } from '../../src/spec/evaluation.ts';
import { writeCsv, writeNpy } from '../estimate/fixtures.ts';

const MODEL = 'model: { encoders: [{ name: L, family: categorical, size: 2, net: { kind: mlp, hidden: [8] } }] }';
const minimal = (data: string, model = MODEL, objective = '"max H(Z) - H(Z|X)"') =>
  `data: ${data}\n${model}\nobjective: ${objective}\n`;
const MOONS = '{ kind: synthetic, shape: moons, n: 100 }';

describe('a spec of data, model and objective alone', () => {
  it('decodes with every default filled and listed', () => {
    const { spec, defaults } = parseSpecTextWithDefaults(minimal(MOONS), 'runs-here/my-mim.yaml');
    expect(spec.name).toBe('my-mim');
    expect(spec.seed).toBe(DEFAULT_SEED);
    expect(spec.train).toEqual({ lr: DEFAULT_GRADIENT.lr, batch: 100, epochs: DEFAULT_GRADIENT.epochs });
    expect(spec.eval.metrics).toEqual(['ari', 'nmi']);
    expect(defaults.map((d) => d.path)).toEqual([
      'name',
      'seed',
      'train.lr',
      'train.batch',
      'train.epochs',
      'eval.metrics',
    ]);
    expect(defaults.find((d) => d.path === 'train.batch')).toMatchObject({ value: 100 });
  });

  it('lists nothing when the spec gives every field, and only what it leaves out otherwise', () => {
    const full = `name: n\nseed: 3\n${minimal(MOONS)}train: { lr: 0.01, batch: 50, epochs: 2 }\neval: { metrics: [] }\n`;
    const given = parseSpecTextWithDefaults(full);
    expect(given.defaults).toEqual([]);
    expect(given.spec.eval.metrics).toEqual([]); // an empty list asked for is kept
    const partial = parseSpecTextWithDefaults(`${minimal(MOONS)}train: { epochs: 3 }\neval: { probeOn: hidden }\n`);
    expect(partial.spec.train).toMatchObject({ epochs: 3, lr: DEFAULT_GRADIENT.lr, batch: 100 });
    expect(partial.spec.eval).toEqual({ probeOn: 'hidden', metrics: ['ari', 'nmi'] });
    expect(partial.defaults.map((d) => d.path)).toEqual(['name', 'seed', 'train.lr', 'train.batch', 'eval.metrics']);
  });

  it('batches of at most 256, and of every training sample when the data spec says there are fewer', () => {
    const batch = (data: string) => parseSpecTextWithDefaults(minimal(data)).spec.train;
    expect(batch('{ kind: synthetic, shape: moons, n: 4000 }')).toMatchObject({ batch: 256 });
    expect(batch('{ kind: mnist, n: 200 }')).toMatchObject({ batch: 140 }); // the 0.7 trained on
    expect(batch('{ kind: csv, path: x.csv }')).toMatchObject({ batch: 256 }); // rows unknown until read
  });

  it('a name from the file, `spec` without one, and an error naming `name` when the file name cannot name a folder', () => {
    expect(parseSpecTextWithDefaults(minimal(MOONS)).spec.name).toBe('spec');
    expect(parseSpecTextWithDefaults(minimal(MOONS), '<stdin>').spec.name).toBe('spec');
    expect(() => parseSpecTextWithDefaults(minimal(MOONS), 'my spec.yaml')).toThrow(
      /^my spec\.yaml: name: a spec without a name is named after its file/,
    );
  });

  it('a mixture spec without train is fitted by EM', () => {
    const text = `data: ${MOONS}\nmodel: { mixture: { components: 2 } }\nobjective: { preset: em-gmm }\n`;
    const { spec, defaults } = parseSpecTextWithDefaults(text);
    expect(spec.train).toEqual({ algorithm: 'em', iterations: 100 });
    expect(spec.eval.metrics).toEqual(['ari', 'nmi']);
    expect(defaults.map((d) => d.path)).toContain('train.algorithm');
  });
});

describe('default metrics: what the data and the model allow', () => {
  const metrics = (data: string, model = MODEL, objective?: string) =>
    parseSpecTextWithDefaults(minimal(data, model, objective)).spec.eval.metrics;

  it('a partition of labelled data: ari and nmi; of MNIST: the linear probe too', () => {
    expect(metrics(MOONS)).toEqual(['ari', 'nmi']);
    expect(metrics('{ kind: mnist, n: 200 }')).toEqual(['ari', 'nmi', 'linear_probe']);
  });

  it('no labels, no partition metrics; a Gaussian encoder of the data: information', () => {
    const gaussian = 'model: { encoders: [{ name: q, family: gaussian, size: 2, net: { kind: mlp, hidden: [8] } }] }';
    expect(metrics('{ kind: correlated-gaussian, dim: 2, rho: 0.5, n: 100 }', gaussian, '"max I(X;Z)"')).toEqual([
      'information',
    ]);
    expect(metrics('{ kind: csv, path: x.csv }')).toEqual([]);
    expect(metrics('{ kind: csv, path: x.csv, labelColumn: 2 }')).toEqual(['ari', 'nmi']);
  });

  it('a classifier of the labels: accuracy', () => {
    const ib =
      'model:\n  labels: Y\n  encoders:\n' +
      '    - { name: q, target: Z, given: X, family: gaussian, size: 2, net: { kind: mlp, hidden: [8] } }\n' +
      '    - { name: clf, target: Y, given: Z, family: categorical, size: 2, net: { kind: mlp, hidden: [] } }';
    expect(metrics(MOONS, ib, '"max I(Z;Y) - 0.01 * I(X;Z)"')).toEqual(['accuracy', 'information']);
  });
});

describe('dataFacts: the data spec says what loadRunData returns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infobj-facts-'));
  const rows = Array.from({ length: 12 }, (_, i) => [i / 12, (i * 7) % 5, i % 2]);
  writeCsv(join(dir, 'd.csv'), rows);
  writeNpy(join(dir, 'x.npy'), rows);
  writeNpy(
    join(dir, 'y.npy'),
    rows.map((r) => r[2]),
    [rows.length],
  );
  const cases: DataSpec[] = [
    { kind: 'synthetic', shape: 'moons', n: 40 },
    { kind: 'sequences', n: 20, steps: 4 },
    { kind: 'correlated-gaussian', dim: 2, rho: 0.5, n: 40 },
    { kind: 'mnist', n: 100 },
    { kind: 'mnist', n: 100, set: 'full' },
    { kind: 'csv', path: join(dir, 'd.csv') },
    { kind: 'csv', path: join(dir, 'd.csv'), labelColumn: 2 },
    { kind: 'npy', path: join(dir, 'x.npy') },
    { kind: 'npy', path: join(dir, 'x.npy'), labels: join(dir, 'y.npy') },
  ];

  it('covers every data kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(DATA_KINDS));
  });

  for (const data of cases) {
    it(`${data.kind} ${JSON.stringify(data).slice(0, 60)}`, () => {
      const loaded = loadRunData(data, 0);
      expect(dataFacts(data)).toEqual(factsOfData(loaded));
      const rows = knownTrainingRows(data);
      if (rows !== undefined) expect(rows).toBe(loaded.train.n);
    });
  }

  it('decodeSpecWithDefaults still refuses what decodeSpec refuses', () => {
    const raw = { data: { kind: 'synthetic', shape: 'moons', n: 100 }, model: { encoders: [] }, objective: 'x' };
    expect(() => decodeSpecWithDefaults(raw)).toThrow(/model\.encoders: declare at least one encoder/);
  });
});
