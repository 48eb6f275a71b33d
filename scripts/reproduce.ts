/**
 * `npm run reproduce -- <name> [--seeds N]`: the source documents' experiments, with our numbers beside the papers'.
 * Each writes a table (stdout and reproductions/<name>.json) and, where useful, an SVG plot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { useBackend } from '../src/backend/index.ts';
import { lineChartSvg } from '../src/report/index.ts';
import { parseSpecText } from '../src/spec/index.ts';
import { trainSpec } from '../src/run/run.ts';
import { migeRow } from './reproduce/correlatedGaussian.ts';
import * as nb from './reproduce/neuralBayes.ts';
import { betaSweep } from './reproduce/informationBottleneck.ts';
import { ibMnistFull } from './reproduce/ibMnistFull.ts';
import { miBenchmark, parseOptions } from './reproduce/miBenchmark/index.ts';
import { DEFAULT_ESTIMATORS, makeEstimators } from './reproduce/miBenchmark/estimators.ts';

const out = 'reproductions';
mkdirSync(out, { recursive: true });
const [name, ...rest] = process.argv.slice(2);
const seeds = rest.includes('--seeds') ? Number(rest[rest.indexOf('--seeds') + 1]) || 3 : 3;

/** Train a spec over seeds and tabulate its metrics. */
async function specOverSeeds(file: string): Promise<Record<string, unknown>[]> {
  const spec = parseSpecText(readFileSync(file, 'utf8'), file);
  const rows: Record<string, unknown>[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const { report } = await trainSpec(spec, {
      seed,
      out: `${out}/runs/${spec.name}-seed${seed}`,
      force: true,
      log: (l) => process.stderr.write(`${l}\n`),
    });
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
    const { report } = await trainSpec(spec, { out: `${out}/runs/${spec.name}`, force: true });
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
  'nb-dms-moons-blob': () => nb.moonsBlobRuns(seeds, out),
  // Figure 1: circles, moons, spirals, blobs over seeds, and docs/img/nb-dms-2d.svg from the seed-0 runs
  'nb-dms-2d': () => nb.figure1(seeds, out),
  'nb-dms-2d-figure': async () => {
    await nb.figure1Svg(out);
    return [];
  },
  'dms-spirals': () => specOverSeeds('specs/dms-spirals.yaml'),
  'ib-vib-mnist': () => specOverSeeds('specs/ib-vib-mnist.yaml'),
  'ib-mige-mnist': () => specOverSeeds('specs/ib-mige-mnist.yaml'),
  'ib-vib-mnist-paper': () => specOverSeeds('specs/ib-vib-mnist-paper.yaml'),
  'ib-mige-mnist-paper': () => specOverSeeds('specs/ib-mige-mnist-paper.yaml'),
  // the deterministic baseline, VIB and MIGE-IB on the whole of MNIST, finished runs reused; docs/img/ib-mnist-full.svg
  'ib-mnist-full': () => ibMnistFull(seeds, out, { reportOnly: rest.includes('--report-only') }),
  'nb-dms-cnn-mnist': async () => [
    ...(await nb.specRunsWithHiddenProbe('specs/nb-dms-cnn-mnist.yaml', seeds, out)),
    ...(await nb.specRunsWithHiddenProbe('specs/nb-dms-cnn-mnist.yaml', seeds, out, nb.withoutPrior)),
  ],
  'nb-mim-cnn-mnist': async () => [
    ...(await nb.specRuns('specs/nb-mim-cnn-mnist.yaml', seeds, out)),
    ...(await nb.specRuns('specs/nb-mim-cnn-mnist.yaml', seeds, out, nb.withoutHeads)),
  ],
  'nb-filters': () => nb.filterFigures(out),
  'ib-beta-sweep': () => betaSweep(out),
  'mi-benchmark': () => miBenchmark(parseOptions(rest, seeds), { names: DEFAULT_ESTIMATORS, make: makeEstimators }),
  'correlated-gaussian': async () => {
    const rows = [];
    for (const explicit of [true, false])
      for (const dim of [5, 10, 20])
        for (const rho of [0.2, 0.5, 0.8]) {
          const row = migeRow(dim, rho, explicit);
          process.stderr.write(`${JSON.stringify(row)}\n`);
          rows.push(row);
        }
    // the critic bounds in the same run: each trains its critic for 40 epochs with ρ fixed, from a spec like a user's
    for (const dim of [5, 10, 20])
      for (const estimator of ['nwj', 'mine', 'infonce', 'jsd-critic']) {
        const spec = parseSpecText(boundSpec(dim, 0.5, estimator));
        const { report } = await trainSpec(spec, { out: `${out}/runs/${spec.name}`, force: true });
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
    writeFileSync(`${out}/correlated-gaussian.svg`, svg);
    return rows;
  },
};

const run = experiments[name ?? ''];
if (!run) {
  process.stderr.write(
    `usage: npm run reproduce -- <name> [--seeds N]\n       npm run reproduce -- mi-benchmark [--seeds N] [--tasks <glob,glob>] [--estimators a,b] [--steps S] [--n N] [--report-only]\n       npm run reproduce -- ib-mnist-full [--seeds N] [--report-only]\nexperiments: ${Object.keys(experiments).join(', ')}\n`,
  );
  process.exit(2);
}
await useBackend('wasm'); // importing chooses no backend; trainSpec would, but some experiments compute before training
const rows = await run();
writeFileSync(`${out}/${name}.json`, `${JSON.stringify(rows, null, 2)}\n`);
console.table(rows);
