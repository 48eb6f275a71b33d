/**
 * The tracked results (results/) and the docs' generated tables: every result file fits the schema and sits at its
 * path, the docs' tables are exactly what the generator makes from results/ (so a result file or a doc edited alone
 * fails here), and the writer summarises a run folder as documented.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_TABLES, recordRuns } from '../../scripts/reproduce/results/index.ts';
import {
  canonicalJson,
  formatResult,
  readResults,
  resultOfRun,
  resultPath,
  type Stored,
} from '../../scripts/reproduce/results/record.ts';
import { decodeRunResult } from '../../scripts/reproduce/results/schema.ts';
import {
  beginMarker,
  type DocTable,
  endMarker,
  generateDocs,
  markdownTable,
  NOT_YET,
  perSeed,
  replaceTables,
  runsOf,
} from '../../scripts/reproduce/results/tables.ts';

const stored = readResults();

describe('results/', () => {
  it('holds valid results, each at the path its experiment, spec and seed give', () => {
    expect(stored.length).toBeGreaterThan(0);
    for (const { path, result } of stored) expect(path).toBe(resultPath('results', result));
  });

  it('is written as formatResult writes it (one line per epoch)', () => {
    for (const { path, result } of stored) expect(readFileSync(path, 'utf8')).toBe(`${formatResult(result)}\n`);
  });
});

describe('the docs’ generated tables', () => {
  it('equal what the generator makes from results/ (run `npm run reproduce -- tables` after recording a run)', () => {
    for (const [doc, text] of generateDocs(DOC_TABLES, stored)) expect(readFileSync(doc, 'utf8'), doc).toBe(text);
  });

  it('link every result file from some table', () => {
    const docs = [...generateDocs(DOC_TABLES, stored).values()].join('\n');
    const unlinked = stored.filter((s) => !docs.includes(`(../${s.path})`)).map((s) => s.path);
    expect(unlinked).toEqual([]);
  });

  it('change when a result changes, and say when a row has none', () => {
    const [first] = stored;
    const changed: Stored = {
      ...first,
      result: {
        ...first.result,
        metrics: Object.fromEntries(Object.keys(first.result.metrics).map((k) => [k, 0.123456])),
      },
    };
    const before = generateDocs(DOC_TABLES, stored);
    const after = generateDocs(DOC_TABLES, [changed, ...stored.slice(1)]);
    expect([...after].some(([doc, text]) => before.get(doc) !== text)).toBe(true);
    const none = [...generateDocs(DOC_TABLES, []).values()].join('\n');
    expect(none).toContain(NOT_YET);
    expect(none).not.toMatch(/\]\(\.\.\/results\/[^)]*\.json\)/);
  });
});

const toyTable: DocTable = {
  id: 'toy',
  doc: 'docs/toy.md',
  render: (runs) => {
    const rs = runs.of('toy');
    return markdownTable(['ARI'], ['---:'], [[rs.length ? perSeed(rs, 'ari') : NOT_YET]]);
  },
};
const toyResult = (seed: number, ari: number): Stored => ({
  path: `results/toy/toy-seed${seed}.json`,
  result: decodeRunResult(
    {
      version: 1,
      experiment: 'toy',
      spec: { name: 'toy', sha256: '0' },
      seed,
      command: 'c',
      engine: 'tfjs',
      backend: 'wasm',
      isa: 'avx2',
      date: '2026-12-08T00:00:00.000Z',
      metrics: { ari },
      history: [],
      seconds: 1,
    },
    'toy',
  ),
});

describe('replaceTables', () => {
  const doc = `# Toy\n\nprose before\n\n${beginMarker('toy')}\nanything\n${endMarker('toy')}\n\nprose after\n`;

  it('rewrites only what is between the markers', () => {
    const out = replaceTables(
      doc,
      'docs/toy.md',
      [toyTable],
      runsOf([toyResult(0, 0.5), toyResult(1, 1)], 'docs/toy.md'),
    );
    expect(out).toBe(
      `# Toy\n\nprose before\n\n${beginMarker('toy')}\n| ARI |\n| ---: |\n| 0.500 / 1.000 |\n${endMarker('toy')}\n\nprose after\n`,
    );
    expect(replaceTables(out, 'docs/toy.md', [toyTable], runsOf([toyResult(0, 0.5)], 'docs/toy.md'))).toContain(
      '| 0.500 |',
    );
  });

  it('refuses a doc without the markers, with them twice, or with a table no definition makes', () => {
    const runs = runsOf([], 'docs/toy.md');
    expect(() => replaceTables('# Toy\n', 'docs/toy.md', [toyTable], runs)).toThrow(/markers once each/);
    expect(() => replaceTables(doc + doc, 'docs/toy.md', [toyTable], runs)).toThrow(/markers once each/);
    expect(() => replaceTables(doc.replaceAll('toy', 'other'), 'docs/toy.md', [toyTable], runs)).toThrow(
      /'other' that no definition makes/,
    );
  });
});

describe('resultOfRun', () => {
  const spec = { name: 'toy-run', seed: 3, data: { kind: 'synthetic', n: 10 }, train: { epochs: 2, lr: 0.1 } };
  const runFolder = (s: object, seed: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'infobj-result-'));
    mkdirSync(dir, { recursive: true });
    const report = {
      spec: { ...s, seed },
      objective: 'max I(X;Z)',
      seed,
      metrics: { ari: 0.75, nan_metric: Number.NaN },
      history: [
        { epoch: 1, loss: 0.123456789, seconds: 2.5, val_acc: 0.5, terms: { 'I(X;Z)': 0.3, 'H(Z)': 'gradient only' } },
        { epoch: 2, loss: 0.1, seconds: 2.4 },
      ],
      estimators: [],
      backend: 'wasm',
      native: { native: true, isa: 'avx2', threads: 2, kernels: [] },
      epochs: 2,
      seconds: 5,
    };
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    utimesSync(join(dir, 'report.json'), new Date('2026-12-08T01:02:03Z'), new Date('2026-12-08T01:02:03Z'));
    return dir;
  };

  it('summarises report.json: spec hash without the seed, metrics, compacted history, ISA and date', () => {
    const r = resultOfRun(runFolder(spec, 3), { experiment: 'toy', command: 'infobj train toy.yaml --seed 3' });
    expect(r).toMatchObject({
      experiment: 'toy',
      spec: { name: 'toy-run' },
      seed: 3,
      engine: 'tfjs',
      isa: 'avx2',
      date: '2026-12-08T01:02:03.000Z',
      metrics: { ari: 0.75 },
      seconds: 5,
    });
    expect(r.metrics).not.toHaveProperty('nan_metric');
    expect(r.history).toEqual([
      { epoch: 1, loss: 0.123457, metrics: { val_acc: 0.5 }, terms: { 'I(X;Z)': 0.3 } },
      { epoch: 2, loss: 0.1 },
    ]);
    const reordered = { train: { lr: 0.1, epochs: 2 }, data: { n: 10, kind: 'synthetic' }, name: 'toy-run' };
    const other = resultOfRun(runFolder(reordered, 4), { experiment: 'toy', command: 'c' });
    expect(other.spec.sha256).toBe(r.spec.sha256);
    const changed = resultOfRun(runFolder({ ...spec, train: { epochs: 3, lr: 0.1 } }, 3), {
      experiment: 'toy',
      command: 'c',
    });
    expect(changed.spec.sha256).not.toBe(r.spec.sha256);
  });

  it('refuses a folder without report.json, and a result that does not fit the schema', () => {
    expect(() => resultOfRun(mkdtempSync(join(tmpdir(), 'infobj-result-')), { experiment: 'x', command: 'c' })).toThrow(
      /no report.json/,
    );
    expect(() => decodeRunResult({ version: 1, experiment: 'x' }, 'results/x/y.json')).toThrow(
      /results\/x\/y.json: not a tracked result/,
    );
  });

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe('recordRuns', () => {
  it('writes each run under <root>/<experiment>/, adding the numbers its row has and its report lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infobj-run-'));
    writeFileSync(
      join(dir, 'report.json'),
      JSON.stringify({
        spec: { name: 'nb-toy', seed: 1 },
        seed: 1,
        metrics: { linear_probe_acc: 0.7 },
        history: [{ epoch: 1, loss: 1 }],
        backend: 'pytorch 2.5 (cpu, 1 process)',
        seconds: 3,
      }),
    );
    const root = mkdtempSync(join(tmpdir(), 'infobj-results-'));
    const rows = [
      { spec: 'nb-toy', seed: 0, hidden_probe_acc: 0.1 },
      { spec: 'nb-toy', seed: 1, linear_probe_acc: 0.7, hidden_probe_acc: 0.9, seconds: 3 },
    ];
    const [path] = recordRuns([dir], { experiment: 'nb', command: 'npm run reproduce -- nb' }, rows, root);
    expect(path).toBe(join(root, 'nb', 'nb-toy-seed1.json'));
    const written = decodeRunResult(JSON.parse(readFileSync(path, 'utf8')), path);
    expect(written).toMatchObject({
      experiment: 'nb',
      seed: 1,
      engine: 'pytorch',
      isa: 'none: PyTorch engine',
      metrics: { linear_probe_acc: 0.7, hidden_probe_acc: 0.9 },
    });
    expect(Object.keys(written.metrics).sort()).toEqual(['hidden_probe_acc', 'linear_probe_acc']);
  });
});
