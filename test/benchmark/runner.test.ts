/** The benchmark's runner: the protocol (standardised samples), resumption, failures, the results file, the report. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  benchmarkTask,
  type EstimateFn,
  memoryStore,
  type MiSample,
  runBenchmark,
  standardiseSample,
  summariseCells,
} from '../../src/benchmark/index.ts';
import { estimatorLabel, makeEstimators } from '../../scripts/reproduce/miBenchmark/estimators.ts';
import { fileStore, readResults } from '../../src/benchmark/resultsFile.ts';
import {
  autoChecks,
  autoTable,
  heatmap,
  resultsTable,
  spliceGenerated,
} from '../../scripts/reproduce/miBenchmark/report.ts';
import { parseOptions } from '../../scripts/reproduce/miBenchmark/index.ts';
import { paperSize, smokeSize } from '../../scripts/reproduce/size.ts';

/** −½ log(1 − r²) of the first coordinates: the Gaussian MI of a 1 × 1 sample. */
const gaussian1x1: EstimateFn = (s: MiSample) => {
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < s.n; i++) {
    const [a, b] = [s.x[i * s.dimX], s.y[i * s.dimY]];
    [sxy, sxx, syy] = [sxy + a * b, sxx + a * a, syy + b * b];
  }
  const r = sxy / Math.sqrt(sxx * syy);
  return -0.5 * Math.log(1 - r * r);
};

const tasks = [benchmarkTask('1v1-normal-0.75'), benchmarkTask('half_cube-1v1-normal-0.75')];

describe('runBenchmark', () => {
  it('hands every estimator standardised samples and records estimate, truth and time per cell', async () => {
    const seen: MiSample[] = [];
    const store = memoryStore();
    await runBenchmark({
      tasks,
      estimators: {
        gauss: (s, o) => {
          seen.push(s);
          expect([0, 1]).toContain(o.seed);
          return gaussian1x1(s, o);
        },
      },
      seeds: [0, 1],
      n: 4000,
      store,
    });
    expect(store.cells.map((c) => [c.task, c.seed])).toEqual([
      ['1v1-normal-0.75', 0],
      ['1v1-normal-0.75', 1],
      ['half_cube-1v1-normal-0.75', 0],
      ['half_cube-1v1-normal-0.75', 1],
    ]);
    for (const s of seen) {
      const mean = s.x.reduce((a, v) => a + v, 0) / s.n;
      const variance = s.x.reduce((a, v) => a + v * v, 0) / s.n;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-4);
    }
    const normal = store.cells.filter((c) => c.task === '1v1-normal-0.75');
    for (const c of normal) {
      expect(c.mi_true).toBeCloseTo(0.4133, 4);
      expect(Math.abs((c.estimate ?? 0) - 0.4133)).toBeLessThan(0.05);
      expect(c.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('skips the cells the store has and records failures without stopping', async () => {
    const store = memoryStore();
    let calls = 0;
    const estimators: Record<string, EstimateFn> = {
      counted: (s, o) => {
        calls++;
        return gaussian1x1(s, o);
      },
      throws: () => {
        throw new Error('diverged');
      },
      nan: () => Number.NaN,
    };
    const progress: boolean[] = [];
    const run = () =>
      runBenchmark({ tasks, estimators, seeds: [0], n: 500, store, onCell: (p) => progress.push(p.skipped) });
    await run();
    expect(calls).toBe(2);
    expect(store.cells.find((c) => c.estimator === 'throws')).toMatchObject({ estimate: null, error: 'diverged' });
    expect(store.cells.find((c) => c.estimator === 'nan')).toMatchObject({
      estimate: null,
      error: 'the estimate is NaN',
    });
    await run();
    expect(calls).toBe(2);
    expect(store.cells.length).toBe(6);
    store.add({ ...store.cells[0], estimate: 99 });
    expect(store.cells.length).toBe(6);
    expect(store.cells[0].estimate).not.toBe(99);
    expect(progress).toEqual([...new Array(6).fill(false), ...new Array(6).fill(true)]);
  });
});

describe('the results file', () => {
  it('persists every cell, resumes from it, merges another writer’s cells and never replaces a foreign file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mibench-'));
    const file = join(dir, 'sub', 'results.json');
    const a = fileStore(file);
    await runBenchmark({
      tasks: tasks.slice(0, 1),
      estimators: { gauss: gaussian1x1 },
      seeds: [0, 1],
      n: 300,
      store: a,
    });
    expect(readResults(file).length).toBe(2);
    // a new store resumes from the file; a's later write keeps the cells c wrote meanwhile
    const c = fileStore(file);
    expect(c.has({ task: '1v1-normal-0.75', estimator: 'gauss', seed: 1, n: 300 })).toBe(true);
    await runBenchmark({ tasks: tasks.slice(1), estimators: { other: gaussian1x1 }, seeds: [0], n: 300, store: c });
    await runBenchmark({ tasks: tasks.slice(1), estimators: { third: gaussian1x1 }, seeds: [0], n: 300, store: a });
    expect(new Set(readResults(file).map((x) => x.estimator))).toEqual(new Set(['gauss', 'other', 'third']));
    expect(readResults(file).length).toBe(4);

    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"rows": []}');
    expect(() => fileStore(foreign)).toThrow(/not a version-1 results file/);
    writeFileSync(foreign, 'not json');
    expect(() => fileStore(foreign)).toThrow(/not valid JSON/);
    expect(readFileSync(foreign, 'utf8')).toBe('not json');
  });

  it('two processes appending to one file at once lose no cell', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mibench-')), 'results.json');
    const writer = (estimator: string) =>
      new Promise<number | null>((done) => {
        const code = `import { fileStore } from ${JSON.stringify(join(process.cwd(), 'src/benchmark/resultsFile.ts'))};
const s = fileStore(${JSON.stringify(file)});
for (let seed = 0; seed < 150; seed++)
  s.add({ task: 't', estimator: '${estimator}', seed, n: 1, mi_true: 0, estimate: seed, seconds: 0 });`;
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
          stdio: 'inherit',
        });
        child.on('exit', done);
      });
    expect(await Promise.all([writer('a'), writer('b')])).toEqual([0, 0]);
    expect(readResults(file)).toHaveLength(300);
  }, 60_000);
});

describe('the report', () => {
  const cells = [0.4, 0.5, 0.6].map((estimate, seed) => ({
    task: '1v1-normal-0.75',
    estimator: 'e1',
    seed,
    n: 100,
    mi_true: 0.4133,
    estimate,
    seconds: 2,
  }));
  const failed = { ...cells[0], estimator: 'e2', estimate: null, error: 'x' };
  const rows = summariseCells([...cells, failed, { ...cells[0], n: 7 }], [benchmarkTask('1v1-normal-0.75')], {
    n: 100,
    estimators: ['e1', 'e2'],
  });

  it('summarises mean ± sample std over seeds at the protocol’s n, and counts failures', () => {
    expect(rows.length).toBe(1);
    expect(rows[0].estimates.e1.mean).toBeCloseTo(0.5, 12);
    expect(rows[0].estimates.e1.std).toBeCloseTo(0.1, 12);
    expect(rows[0].estimates.e1.count).toBe(3);
    expect(rows[0].estimates.e2).toMatchObject({ count: 0, failed: 1 });
  });

  it('writes the table and the heat map, and replaces only the generated part of the document', async () => {
    const table = resultsTable(rows, ['e1', 'e2']);
    expect(table).toContain('| Bivariate normal 1 × 1 | 0.4133 | 0.50 ± 0.10 | failed ×1 |');
    const svg = await heatmap(rows, ['e1', 'e2'], 'estimates');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('0.5');
    const doc = spliceGenerated('# Title\n\nprose before\n', 'TABLE 1');
    expect(doc).toContain('prose before');
    const again = spliceGenerated(`${doc}\nprose after\n`, 'TABLE 2');
    expect(again).toContain('TABLE 2');
    expect(again).not.toContain('TABLE 1');
    expect(again).toContain('prose after');
  });

  it('checks auto against the paper’s estimator closest to the truth: as close, up to twice its sd', () => {
    const at = (estimator: string, values: number[], chosen?: string) =>
      values.map((estimate, seed) => ({ ...cells[0], estimator, seed, estimate, ...(chosen ? { chosen } : {}) }));
    const all = [
      ...at('ksg', [0.4, 0.42, 0.44]),
      ...at('infonce', [0.3, 0.3, 0.3]),
      ...at('auto', [0.45, 0.45, 0.45], 'ksg'),
    ];
    const of = (c: typeof all) =>
      autoChecks(
        summariseCells(c, [benchmarkTask('1v1-normal-0.75')], { n: 100, estimators: ['ksg', 'infonce', 'auto'] }),
        c,
      )[0];
    // ksg (0.42 ± 0.02) is closest to 0.4133; auto's 0.45 is 0.037 from the truth, within 0.007 + 2 × 0.02
    expect(of(all)).toMatchObject({ best: 'ksg', chosen: ['ksg'], within: true });
    expect(of([...all.slice(0, 6), ...at('auto', [0.4133, 0.4133, 0.4133], 'gcmi')])).toMatchObject({ within: true });
    expect(of([...all.slice(0, 6), ...at('auto', [0.3, 0.3, 0.3], 'infonce')])).toMatchObject({ within: false });
    expect(autoTable([of(all)])).toContain(
      '| Bivariate normal 1 × 1 | 0.4133 | ksg | 0.45 ± 0.00 | ksg | 0.42 ± 0.02 | yes |',
    );
  });

  it('parses the command’s options', () => {
    expect(
      parseOptions(['--tasks', 'spiral-*', '--estimators', 'ksg, infonce', '--steps', '500'], paperSize(3)),
    ).toMatchObject({
      seeds: 3,
      tasks: 'spiral-*',
      estimators: ['ksg', 'infonce'],
      steps: 500,
      n: 10_000,
      reportOnly: false,
    });
    expect(() => parseOptions(['--steps', 'x'], paperSize(3))).toThrow(/positive integer/);
    expect(() => parseOptions(['--tasks'], paperSize(3))).toThrow(/needs a value/);
    // a smoke run's cells are few and its report goes to its scratch folder, never into docs/
    expect(parseOptions([], smokeSize('/tmp/s'))).toMatchObject({
      seeds: 1,
      tasks: '1v1-normal-0.75',
      doc: '/tmp/s/docs/mi-benchmark.md',
      svg: '/tmp/s/img/mi-benchmark.svg',
    });
  });
});

describe('the benchmark’s estimators', () => {
  it('runs estimateMI’s KSG, auto and the CCA baseline by name, labels step caps, and rejects unknown names', async () => {
    const table = makeEstimators(['ksg', 'cca']);
    const s = standardiseSample(benchmarkTask('1v1-normal-0.75').sample(2000, 0));
    for (const name of ['ksg', 'cca'])
      expect(Math.abs(((await table[name](s, { seed: 0 })) as number) - 0.4133)).toBeLessThan(0.06);
    // auto records what it chose: this sample passes Mardia's test, so the Gaussian fit
    const auto = await makeEstimators(['auto']).auto(s, { seed: 0 });
    expect(auto).toMatchObject({ chosen: 'cca' });
    expect(Math.abs((auto as { estimate: number }).estimate - 0.4133)).toBeLessThan(0.06);
    expect(Object.keys(makeEstimators(['infonce', 'ksg'], 500))).toEqual(['infonce@500', 'ksg']);
    expect(estimatorLabel('nwj')).toBe('nwj');
    expect(() => makeEstimators(['kgs'])).toThrow(/unknown estimator kgs/);
  });
});
