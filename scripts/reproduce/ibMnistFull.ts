/**
 * The Information Bottleneck on the whole of MNIST (MIGE §4.3, Table 2), `npm run reproduce -- ib-mnist-full`: the
 * deterministic baseline, VIB (the paper's DVB) and MIGE-IB over seeds, each run's test error on MNIST's 10,000 test
 * digits beside the paper's, drawn as docs/img/ib-mnist-full.svg. A run takes about an hour on a core, so a finished
 * run of the same spec and seed already under runs/ or reproductions/runs/ (`infobj train <spec> --seed S`) is read
 * instead of trained again; with `--report-only` nothing is trained and the seeds not yet run are left out.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../../src/report/index.ts';
import { parseSpecText, type Spec } from '../../src/spec/index.ts';
import { firstDifference } from '../../src/run/specDifference.ts';
import { atSize, runDir, type Size, trainAtSize } from './size.ts';

interface Method {
  readonly file: string;
  readonly label: string;
  /** The paper's test error (MIGE Table 2, after Belghazi et al. 2018). */
  readonly paper: number;
}

const METHODS: readonly Method[] = [
  { file: 'specs/ib-deterministic-mnist-full.yaml', label: 'deterministic', paper: 0.0138 },
  { file: 'specs/ib-vib-mnist-full.yaml', label: 'VIB (DVB)', paper: 0.0113 },
  { file: 'specs/ib-mige-mnist-full.yaml', label: 'MIGE-IB', paper: 0.0105 },
];

interface Report {
  readonly spec: unknown;
  readonly epochs: number;
  readonly seconds: number;
  readonly metrics: Record<string, number>;
}

/** The finished run of `spec` at `seed` in one of `roots`, if there is one. */
function finishedRun(spec: Spec, seed: number, roots: readonly string[]): { dir: string; report: Report } | undefined {
  const wanted = JSON.parse(JSON.stringify({ ...spec, seed })) as unknown; // as report.json stores it
  const planned = 'epochs' in spec.train ? spec.train.epochs : spec.train.iterations;
  for (const root of roots.filter((r) => existsSync(r)))
    for (const name of readdirSync(root)) {
      const file = join(root, name, 'report.json');
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
      if (firstDifference(report.spec, wanted, '') === undefined && report.epochs === planned)
        return { dir: join(root, name), report };
    }
  return undefined;
}

/**
 * At the smoke size, test error only: the information metric's aggregate posterior over MNIST's 10,000 test digits
 * takes minutes (O(N²)); the smoke runs of ib-beta-sweep and ib-vib-mnist read it on fewer digits.
 */
const smokeless = (spec: Spec, size: Size): Spec =>
  size.smoke
    ? { ...spec, eval: { ...spec.eval, metrics: spec.eval.metrics.filter((m) => m !== 'information') } }
    : spec;

export async function ibMnistFull(size: Size, o: { reportOnly: boolean }): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const method of METHODS) {
    const spec = smokeless(parseSpecText(readFileSync(method.file, 'utf8'), method.file), size);
    for (let seed = 0; seed < size.seeds; seed++) {
      const roots = size.smoke ? [join(size.out, 'runs')] : ['runs', join(size.out, 'runs')];
      const found = finishedRun(atSize(spec, size), seed, roots);
      if (!found && o.reportOnly) continue;
      const dir = found?.dir ?? runDir(size, spec.name, seed);
      if (found) size.runs.push(found.dir);
      const report = found?.report ?? (await trainAtSize(spec, seed, size));
      const m = report.metrics;
      rows.push({
        method: method.label,
        seed,
        test_error: Number(m.test_error.toFixed(4)),
        paper: method.paper,
        ...(m.mi_xz !== undefined && { mi_xz: Number(m.mi_xz.toFixed(2)) }),
        seconds: Number(report.seconds.toFixed(0)),
        run: dir,
      });
    }
  }
  mkdirSync(size.images, { recursive: true });
  writeFileSync(join(size.images, 'ib-mnist-full.svg'), await errorPlot(rows));
  return rows;
}

/** Test error per run (a dot per seed), mean ± standard deviation over seeds, and the paper's number, per method. */
function errorPlot(rows: readonly Record<string, unknown>[]): Promise<string> {
  const ours = rows.map((r) => ({ method: r.method, error: 100 * (r.test_error as number), what: 'ours, one seed' }));
  const paper = METHODS.map((m) => ({ method: m.label, error: 100 * m.paper, what: 'paper (MIGE Table 2)' }));
  const y = { field: 'method', type: 'nominal', title: null, sort: METHODS.map((m) => m.label) } as const;
  const x = {
    field: 'error',
    type: 'quantitative',
    title: 'test error on MNIST’s 10,000 test digits (%)',
    scale: { zero: false, padding: 16 },
  } as const;
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Information Bottleneck on the whole of MNIST (60,000 training digits)',
    width: 480,
    height: 150,
    data: { values: [...ours, ...paper] },
    layer: [
      {
        transform: [{ filter: "datum.what === 'ours, one seed'" }],
        mark: { type: 'errorbar', extent: 'stdev', ticks: true },
        encoding: { x, y },
      },
      {
        mark: { type: 'point', size: 70, filled: true, opacity: 0.8 },
        encoding: {
          x,
          y,
          color: { field: 'what', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 320 } },
          shape: { field: 'what', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 320 } },
        },
      },
    ],
  });
}
