/**
 * How large a reproduction runs, and where it writes. At the papers' size (the default) a reproduction trains its specs
 * as written over `--seeds` seeds, keeps its run folders and tables under reproductions/ and redraws the figures and
 * generated tables the docs show. With `--smoke` it trains every spec at the smallest size that still takes each code
 * path (one seed, one epoch, at most SMOKE_ROWS rows, batches to match) into a scratch folder, so that a smoke run —
 * CI's, of every target — never touches a result or a figure of the docs.
 */
import { join } from 'node:path';
import type { Spec } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';

export interface Size {
  readonly smoke: boolean;
  /** Seeds 0 … seeds − 1. */
  readonly seeds: number;
  /** Run folders, data made for the runs, and the tables. */
  readonly out: string;
  /** The figures the docs show (docs/img at the papers' size). */
  readonly images: string;
  /** The docs a reproduction rewrites in part (docs/ at the papers' size). */
  readonly docs: string;
  /** The finished run folders trained (or reused) at this size so far, in order: reproduce.ts records each one's result. */
  readonly runs: string[];
}

/** The rows of a data set in a smoke run. */
export const SMOKE_ROWS = 256;
/** The largest batch of a smoke run. */
export const SMOKE_BATCH = 64;

export const paperSize = (seeds: number): Size => ({
  smoke: false,
  seeds,
  out: 'reproductions',
  images: 'docs/img',
  docs: 'docs',
  runs: [],
});

/** A smoke run in `root`: everything it writes is under it. */
export const smokeSize = (root: string): Size => ({
  smoke: true,
  seeds: 1,
  out: root,
  images: join(root, 'img'),
  docs: join(root, 'docs'),
  runs: [],
});

/** The spec as trained at this size: unchanged, or its smallest version for a smoke run. */
export function atSize(spec: Spec, size: Size): Spec {
  if (!size.smoke) return spec;
  const data = 'n' in spec.data ? { ...spec.data, n: Math.min(spec.data.n, SMOKE_ROWS) } : spec.data;
  if (spec.train.algorithm === 'em') return { ...spec, data, train: { ...spec.train, iterations: 2 } };
  const batch = Math.min(spec.train.batch, SMOKE_BATCH);
  const micro = spec.train.microBatch === undefined ? undefined : Math.min(spec.train.microBatch, batch);
  return {
    ...spec,
    data,
    train: {
      ...spec.train,
      epochs: Math.min(spec.train.epochs, 1),
      batch,
      ...(micro !== undefined && { microBatch: batch % micro === 0 ? micro : batch }),
      ...(spec.train.checkpointEvery !== undefined && { checkpointEvery: 1 }),
    },
  };
}

/** The run folder of `name` at `seed`. */
export const runDir = (size: Size, name: string, seed: number) => join(size.out, 'runs', `${name}-seed${seed}`);

/** Train `spec` at this size into runDir (replacing an earlier run of the same reproduction); its report. */
export async function trainAtSize(spec: Spec, seed: number, size: Size) {
  const out = runDir(size, spec.name, seed);
  const { report } = await trainSpec(atSize(spec, size), {
    seed,
    out,
    force: true,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  size.runs.push(out);
  return report;
}
