/**
 * `npm run reproduce -- <name> [--seeds N]`: the source documents' experiments, with our numbers beside the papers'.
 * Each writes a table (stdout and reproductions/<name>.json) and, where useful, a figure for the docs.
 * `npm run reproduce -- <name>|all --smoke`: the same code at its smallest size (scripts/reproduce/size.ts) in a scratch
 * folder, removed when every target ran; CI runs `all --smoke`, so no target can break unseen.
 * At the papers' size each run an experiment trains is recorded under results/ when it ends (scripts/reproduce/results);
 * `record <experiment> <run-dir>…` records finished runs by hand, `tables [--check]` regenerates the docs' tables.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '../src/backend/index.ts';
import { lineChartSvg } from '../src/report/index.ts';
import { parseSpecText } from '../src/spec/index.ts';
import { migeRow } from './reproduce/correlatedGaussian.ts';
import * as nb from './reproduce/neuralBayes.ts';
import { betaSweep } from './reproduce/informationBottleneck.ts';
import { ibMnistFull } from './reproduce/ibMnistFull.ts';
import { miBenchmark, parseOptions } from './reproduce/miBenchmark/index.ts';
import { DEFAULT_ESTIMATORS, makeEstimators } from './reproduce/miBenchmark/estimators.ts';
import { paperSize, type Size, smokeSize, trainAtSize } from './reproduce/size.ts';
import {
  currentCommit,
  recordCommand,
  recordComputation,
  recordRuns,
  tablesCommand,
} from './reproduce/results/index.ts';
import { migeName } from './reproduce/results/migeTables.ts';

const [name, ...rest] = process.argv.slice(2);
if (name === 'record') process.exit(recordCommand(rest));
if (name === 'tables') process.exit(tablesCommand(rest));
const smoke = rest.includes('--smoke');
const seedsFlag = rest.includes('--seeds') ? Number(rest[rest.indexOf('--seeds') + 1]) || 3 : 3;
const size: Size = smoke ? smokeSize(mkdtempSync(join(tmpdir(), 'infobj-reproduce-smoke-'))) : paperSize(seedsFlag);

/** How the runs of experiment `n` were made, for their tracked results. */
const provenance = (n: string) => ({
  experiment: n,
  command: ['npm run reproduce --', n, ...rest].join(' '),
  commit: currentCommit(),
});

/** Train a spec over the size's seeds and tabulate its metrics. */
async function specOverSeeds(file: string): Promise<Record<string, unknown>[]> {
  const spec = parseSpecText(readFileSync(file, 'utf8'), file);
  const rows: Record<string, unknown>[] = [];
  for (let seed = 0; seed < size.seeds; seed++) {
    const report = await trainAtSize(spec, seed, size);
    rows.push({ seed, ...report.metrics, seconds: Number(report.seconds.toFixed(1)) });
  }
  return rows;
}

/** The correlated-Gaussian spec with a critic bound pinned (ρ fixed, only the critic trains). */
const boundSpec = (dim: number, rho: number, estimator: string) => `name: toy-${estimator}-d${dim}
seed: 0
data: { kind: correlated-gaussian, dim: ${dim}, rho: ${rho}, n: 2500 }
model: { encoders: [ { name: q, target: Y, given: X, family: gaussian, size: ${dim}, net: { kind: gaussian-channel, trainable: false } } ] }
objective: { text: "max I(X;Y)", pins: { "I(X;Y)": ${estimator} } }
train: { lr: 0.001, batch: 500, epochs: 40 }
eval: { metrics: [] }
`;

/** Neural Bayes Table 2 in small: MIM-v2 on the MNIST MLP with gradients of micro-batches MBS accumulated over BS samples. */
async function mbsBsAblation(): Promise<Record<string, unknown>[]> {
  const base = readFileSync('specs/mim-mlp-mnist.yaml', 'utf8').replace('epochs: 20', 'epochs: 10');
  const rows: Record<string, unknown>[] = [];
  for (const [mbs, bs] of [
    [50, 500],
    [250, 500],
    [500, 500],
    [50, 1000],
    [250, 1000],
    [500, 1000],
  ]) {
    const spec = parseSpecText(
      base
        .replace('batch: 500', `batch: ${bs}, microBatch: ${mbs}`)
        .replace('name: mim-mlp-mnist', `name: mbs${mbs}-bs${bs}`),
    );
    const report = await trainAtSize(spec, 0, size);
    rows.push({
      MBS: mbs,
      BS: bs,
      linear_probe_acc: report.metrics.linear_probe_acc,
      seconds: Number(report.seconds.toFixed(1)),
    });
    process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  return rows;
}

const experiments: Record<string, () => Promise<unknown[]>> = {
  'mbs-bs': mbsBsAblation,
  'dms-moons': () => specOverSeeds('specs/dms-moons.yaml'),
  'dms-blobs3': () => specOverSeeds('specs/dms-blobs3.yaml'),
  'dms-circles': () => specOverSeeds('specs/dms-circles.yaml'),
  'gan-ring': () => specOverSeeds('specs/gan-ring.yaml'),
  'infogan-ring': () => specOverSeeds('specs/infogan-ring.yaml'),
  'cotrain-mnist-halves': () => specOverSeeds('specs/cotrain-mnist-halves.yaml'),
  'nb-dms-moons-blob': () => nb.moonsBlobRuns(size),
  // Figure 1: circles, moons, spirals, blobs over seeds, and docs/img/nb-dms-2d.svg from the seed-0 runs
  'nb-dms-2d': () => nb.figure1(size),
  // the figure alone, from the seed-0 runs nb-dms-2d left
  'nb-dms-2d-figure': async () => [{ figure: await nb.figure1Svg(size) }],
  'dms-spirals': () => specOverSeeds('specs/dms-spirals.yaml'),
  'ib-vib-mnist': () => specOverSeeds('specs/ib-vib-mnist.yaml'),
  'ib-mige-mnist': () => specOverSeeds('specs/ib-mige-mnist.yaml'),
  'ib-vib-mnist-paper': () => specOverSeeds('specs/ib-vib-mnist-paper.yaml'),
  'ib-mige-mnist-paper': () => specOverSeeds('specs/ib-mige-mnist-paper.yaml'),
  // the deterministic baseline, VIB and MIGE-IB on the whole of MNIST, finished runs reused; docs/img/ib-mnist-full.svg
  'ib-mnist-full': () => ibMnistFull(size, { reportOnly: rest.includes('--report-only') }),
  'nb-dms-cnn-mnist': async () => [
    ...(await nb.specRunsWithHiddenProbe('specs/nb-dms-cnn-mnist.yaml', size)),
    ...(await nb.specRunsWithHiddenProbe('specs/nb-dms-cnn-mnist.yaml', size, nb.withoutPrior)),
  ],
  'nb-mim-cnn-mnist': async () => [
    ...(await nb.specRuns('specs/nb-mim-cnn-mnist.yaml', size)),
    ...(await nb.specRuns('specs/nb-mim-cnn-mnist.yaml', size, nb.withoutHeads)),
  ],
  'nb-filters': () => nb.filterFigures(size),
  'ib-beta-sweep': () => betaSweep(size),
  'mi-benchmark': () => miBenchmark(parseOptions(rest, size), { names: DEFAULT_ESTIMATORS, make: makeEstimators }),
  'correlated-gaussian': async () => {
    const rows = [];
    const [dims, rhos, M, draws] = size.smoke ? [[5], [0.5], 100, 1] : [[5, 10, 20], [0.2, 0.5, 0.8], 500, 5];
    for (const explicit of [true, false])
      for (const dim of dims)
        for (const rho of rhos) {
          const row = migeRow(dim, rho, explicit, M, draws);
          process.stderr.write(`${JSON.stringify(row)}\n`);
          if (!size.smoke) {
            const { circumstance, mi_true, grad_true, grad_estimate, grad_rel_error, seconds } = row;
            const params = { dim, rho, circumstance, M, draws };
            const values = { mi_true, grad_true, grad_estimate, grad_rel_error, seconds };
            recordComputation(migeName(explicit ? 'III' : 'I', dim, rho), params, values, {
              ...provenance('correlated-gaussian'),
              seed: 0,
            });
          }
          rows.push(row);
        }
    // the critic bounds in the same run: each trains its critic for 40 epochs with ρ fixed, from a spec like a user's
    for (const dim of dims)
      for (const estimator of ['nwj', 'mine', 'infonce', 'jsd-critic']) {
        const spec = parseSpecText(boundSpec(dim, 0.5, estimator));
        const report = await trainAtSize(spec, 0, size);
        const m = report.metrics;
        const row = {
          estimator,
          circumstance: 'critic',
          dim,
          rho: 0.5,
          mi_true: m.mi_true,
          mi_estimate: m.mi_estimate,
          grad_true: m.grad_true,
          grad_estimate: m.grad_estimate,
          grad_rel_error: m.grad_rel_error,
          seconds: report.seconds,
        };
        process.stderr.write(`${JSON.stringify(row)}\n`);
        rows.push(row as (typeof rows)[number]);
      }
    const svg = await lineChartSvg(
      rows
        .filter((r) => r.circumstance !== 'critic')
        .flatMap((r) => [
          { x: r.rho, y: r.grad_true, series: `d=${r.dim} true` },
          { x: r.rho, y: r.grad_estimate, series: `d=${r.dim} MIGE (Circumstance ${r.circumstance})` },
        ]),
      { title: 'dI/dρ on correlated Gaussians: truth vs estimate', x: 'ρ', y: 'dI/dρ' },
    );
    writeFileSync(join(size.out, 'correlated-gaussian.svg'), svg);
    return rows;
  },
};

const usage = `usage: npm run reproduce -- <name> [--seeds N] [--smoke]
       npm run reproduce -- record <experiment> <run-dir>... [--command "<command>"] [--commit <sha>]
       npm run reproduce -- tables [--check]     the docs' tables from results/
       npm run reproduce -- all --smoke          every experiment at its smallest size
       npm run reproduce -- mi-benchmark [--seeds N] [--tasks <glob,glob>] [--estimators a,b] [--steps S] [--n N] [--report-only]
       npm run reproduce -- ib-mnist-full [--seeds N] [--report-only]
experiments: ${Object.keys(experiments).join(', ')}
`;
const names = name === 'all' && smoke ? Object.keys(experiments) : [name ?? ''];
if (!names.every((n) => n in experiments)) {
  process.stderr.write(name === 'all' ? `all: only with --smoke (the papers' sizes take days)\n${usage}` : usage);
  process.exit(2);
}
await useBackend('wasm'); // importing chooses no backend; trainSpec would, but some experiments compute before training
mkdirSync(size.out, { recursive: true });
for (const n of names) {
  const t0 = performance.now();
  const rows = await experiments[n]();
  writeFileSync(join(size.out, `${n}.json`), `${JSON.stringify(rows, null, 2)}\n`);
  const runs = size.runs.splice(0);
  if (!smoke) recordRuns(runs, provenance(n), rows as Record<string, unknown>[]);
  if (smoke) {
    if (rows.length === 0) throw new Error(`${n} --smoke: the experiment gave no rows`);
    process.stdout.write(`${n} --smoke: ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  } else console.table(rows);
}
if (smoke) rmSync(size.out, { recursive: true, force: true });
