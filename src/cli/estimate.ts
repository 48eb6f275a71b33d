/**
 * `infobj estimate`: I(X;Y) from paired samples in files. Every input error (flags, files, samples, estimator) is raised
 * before the backend starts; the estimate goes to stdout as text, or with --json as one JSON object on the last line.
 */
import { SingleBar } from 'cli-progress';
import { useBackend, type BackendName } from '../backend/index.ts';
import {
  prepareEstimate,
  resolveEstimator,
  runEstimate,
  type Estimate,
  type EstimateOptions,
  type PreparedEstimate,
} from '../estimate/index.ts';
import { EstimateError } from '../estimate/samples.ts';
import { readSamples } from '../estimate/files.ts';
import { isTrained, METHODS } from '../estimate/methods.ts';

export interface EstimateFlags {
  x?: string;
  y?: string;
  data?: string;
  xCols?: string;
  yCols?: string;
  estimator: string;
  seed?: number;
  seeds?: number;
  steps?: number;
  batch?: number;
  lr?: number;
  k?: number;
  json?: boolean;
  backend: BackendName;
  native: boolean;
}

/**
 * The two samples the flags name: --x and --y files (each with optional columns), or one table (--data, or --x alone)
 * with both column groups.
 */
function samplesOf(o: EstimateFlags) {
  if (o.data !== undefined) {
    if (o.x !== undefined || o.y !== undefined)
      throw new EstimateError('give either --data with --x-cols and --y-cols, or --x and --y, not both');
    if (o.xCols === undefined || o.yCols === undefined)
      throw new EstimateError('--data needs --x-cols and --y-cols (0-based columns, e.g. --x-cols 0-1 --y-cols 2)');
    return {
      x: readSamples(o.data, o.xCols, '--data', '--x-cols'),
      y: readSamples(o.data, o.yCols, '--data', '--y-cols'),
    };
  }
  // one table named by --x alone, split by both column groups
  const yFile = o.y ?? (o.xCols !== undefined && o.yCols !== undefined ? o.x : undefined);
  if (o.x === undefined || yFile === undefined)
    throw new EstimateError(
      'give the samples: --x X.npy --y Y.npy, or one table with both column groups: --data table.csv --x-cols … --y-cols …',
    );
  return { x: readSamples(o.x, o.xCols, '--x', '--x-cols'), y: readSamples(yFile, o.yCols, '--y', '--y-cols') };
}

/** Check everything the flags say, before any work. */
export function prepareFromFlags(o: EstimateFlags): PreparedEstimate {
  resolveEstimator(o.estimator);
  const { x, y } = samplesOf(o);
  return prepareEstimate(x, y, options(o));
}

const options = (o: EstimateFlags): EstimateOptions => ({
  estimator: o.estimator,
  seed: o.seed,
  seeds: o.seeds,
  steps: o.steps,
  batch: o.batch,
  lr: o.lr,
  k: o.k,
});

/** The estimators that train (a critic or a decoder) among those prepared. */
const trainedOf = (p: PreparedEstimate) => p.estimators.filter((e) => isTrained(METHODS[e]));

/** A progress bar over every run's steps of every trained estimator (early stopping jumps to the next run), on a terminal only. */
function progressBar(p: PreparedEstimate, stream: NodeJS.WriteStream): { options: EstimateOptions; stop(): void } {
  const trained = trainedOf(p);
  const perEstimator = p.seeds * p.train.steps;
  const bar = new SingleBar({
    format: `{estimator} [{bar}] run {run}/{runs} | step {step} | test {fit} | ETA {eta_formatted}`,
    stream,
    hideCursor: true,
  });
  bar.start(trained.length * perEstimator, 0, { estimator: trained[0], run: 1, runs: p.seeds, step: 0, fit: '…' });
  let [fit, current] = ['…', ''];
  return {
    options: {
      onProgress: ({ estimator, run, runs, step, steps, fit: f }) => {
        if (`${estimator}:${run}` !== current) [fit, current] = ['…', `${estimator}:${run}`];
        if (f !== undefined) fit = f.toFixed(4);
        const at = trained.indexOf(estimator) * perEstimator + run * steps + step;
        bar.update(at, { estimator, run: run + 1, runs, step, fit });
      },
    },
    stop: () => bar.stop(),
  };
}

const SIDE: Record<Estimate['side'], string> = {
  lower: 'a lower bound on I(X;Y)',
  upper: 'an upper bound on I(X;Y)',
  either: 'an estimate (may fall on either side)',
};

/** The estimate as text: the number with its spread, the estimator and why, the details. */
export function formatEstimate(e: Estimate): string {
  const spread = e.std === null ? '' : ` ± ${e.std.toFixed(4)}`;
  const lines = [
    `I(X;Y) ≈ ${e.estimate.toFixed(4)}${spread} nats (n = ${e.n}, dim X = ${e.dimX}, dim Y = ${e.dimY}, ${e.seconds.toFixed(1)} s)`,
    `estimator: ${e.estimator} — ${e.source}; ${SIDE[e.side]}`,
    `why: ${e.reason}`,
    `spread: ${e.spread}: ${e.runs.map((r) => r.toFixed(4)).join(', ')}`,
  ];
  if (e.ceiling !== undefined)
    lines.push(
      `ceiling: InfoNCE reads at most log B = log ${Math.round(Math.exp(e.ceiling))} = ${e.ceiling.toFixed(3)} nats`,
    );
  return `${lines.join('\n')}\n`;
}

/** Run `infobj estimate` with checked flags; the text or JSON goes to `out`. */
export async function estimateCommand(
  o: EstimateFlags,
  out: (text: string) => void,
  tty: NodeJS.WriteStream | undefined,
): Promise<void> {
  const prepared = prepareFromFlags(o);
  const trained = trainedOf(prepared).length > 0;
  if (trained) await useBackend(o.backend, { native: o.native });
  const bar = tty && !o.json && trained ? progressBar(prepared, tty) : undefined;
  let e: Estimate;
  try {
    e = await runEstimate(prepared, bar?.options);
  } finally {
    bar?.stop();
  }
  out(o.json ? `${JSON.stringify(e)}\n` : formatEstimate(e));
}
