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

/** Seconds as `1 h 05 min`, `3 min 20 s` or `12 s`. */
const duration = (s: number): string => {
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), Math.round(s % 60)];
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  return m ? `${m} min ${String(sec).padStart(2, '0')} s` : `${sec} s`;
};

/**
 * The time left at `at` of `total` steps from the mean rate since the start: it does not jump with the slow test
 * evaluations every few hundred steps, as a rate over the last few updates did (37 h, then 5 h; issue 28).
 */
export const secondsLeft = (elapsedSeconds: number, at: number, total: number): number =>
  (elapsedSeconds * (total - at)) / at;

/** `secondsLeft` as text (`…` before the first step). */
export const remaining = (elapsedSeconds: number, at: number, total: number): string =>
  at > 0 ? duration(secondsLeft(elapsedSeconds, at, total)) : '…';

/** A closed-form estimator's step (all rows, or a fold) is said when it took longer than this. */
const SAY_STEP_SECONDS = 1;

/**
 * A line for each step of a closed-form estimator that took over SAY_STEP_SECONDS, with the time the folds left take
 * at the mean rate of those done (the first step, on all rows, is larger than a fold: no ETA from it).
 */
export function foldLines(log: (line: string) => void): NonNullable<EstimateOptions['onFold']> {
  const foldSeconds: number[] = [];
  return ({ estimator, step, steps, rows, seconds }) => {
    if (step > 0) foldSeconds.push(seconds);
    if (seconds <= SAY_STEP_SECONDS) return;
    const what = step === 0 ? `all ${rows} rows` : `fold ${step}/${steps} (${rows} rows)`;
    const mean = foldSeconds.reduce((a, b) => a + b, 0) / Math.max(foldSeconds.length, 1);
    const eta = step === 0 ? `${steps} folds next` : `ETA ${duration(mean * (steps - step))}`;
    log(`${estimator}: ${what} in ${seconds.toFixed(1)} s; ${eta}`);
  };
}

/** Lines off a terminal: at most one per this many seconds. */
const LINE_EVERY_SECONDS = 10;

/**
 * Progress over every run's steps of every trained estimator (early stopping jumps to the next run): a bar on a
 * terminal, else a line every LINE_EVERY_SECONDS to `log`.
 */
function progress(
  p: PreparedEstimate,
  to: { readonly tty: NodeJS.WriteStream } | { readonly log: (line: string) => void },
): { options: EstimateOptions; stop(): void } {
  const trained = trainedOf(p);
  const perEstimator = p.seeds * p.train.steps;
  const total = trained.length * perEstimator;
  const started = performance.now();
  const bar =
    'tty' in to
      ? new SingleBar({
          format: `{estimator} [{bar}] run {run}/{runs} | step {step} | test {fit} | ETA {eta}`,
          stream: to.tty,
          hideCursor: true,
        })
      : undefined;
  bar?.start(total, 0, { estimator: trained[0], run: 1, runs: p.seeds, step: 0, fit: '…', eta: '…' });
  let [fit, current, lastLine] = ['…', '', started];
  return {
    options: {
      onProgress: ({ estimator, run, runs, step, steps, fit: f }) => {
        if (`${estimator}:${run}` !== current) [fit, current] = ['…', `${estimator}:${run}`];
        if (f !== undefined) fit = f.toFixed(4);
        const at = trained.indexOf(estimator) * perEstimator + run * steps + step;
        const now = performance.now();
        const eta = remaining((now - started) / 1000, at, total);
        if (bar) bar.update(at, { estimator, run: run + 1, runs, step, fit, eta });
        else if ('log' in to && now - lastLine >= LINE_EVERY_SECONDS * 1000) {
          lastLine = now;
          to.log(`${estimator}: run ${run + 1}/${runs}, step ${step}/${steps}, test ${fit}, ETA ${eta}`);
        }
      },
    },
    stop: () => bar?.stop(),
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
  log?: (line: string) => void,
): Promise<void> {
  const prepared = prepareFromFlags(o);
  const trained = trainedOf(prepared).length > 0;
  if (trained) await useBackend(o.backend, { native: o.native });
  const sink = tty && !o.json ? { tty } : log ? { log } : undefined;
  const bar = sink && trained ? progress(prepared, sink) : undefined;
  const say = log ?? (tty ? (line: string) => tty.write(`${line}\n`) : undefined);
  const options = { ...bar?.options, ...(say && { onFold: foldLines(say) }) };
  let e: Estimate;
  try {
    e = await runEstimate(prepared, options);
  } finally {
    bar?.stop();
  }
  out(o.json ? `${JSON.stringify(e)}\n` : formatEstimate(e));
}
