/**
 * The tracked result of one run: results/<experiment>/<spec name>-seed<S>.json. A small summary of a run folder (its
 * report.json), or of one computation of a reproduction that trains nothing (e.g. a MIGE gradient on correlated
 * Gaussians): never a checkpoint. The docs' generated tables are made from these files alone (tables.ts).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * One epoch of a run's history, compacted to numbers: `epoch`, `loss`, the per-epoch metrics the run records and each
 * planned term's value (keyed by the term as printed, as report.json keys them; terms without a value left out).
 */
export const HistoryEntry = t.intersection([
  t.type({ epoch: t.number, loss: t.number }),
  t.partial({ metrics: t.record(t.string, t.number), terms: t.record(t.string, t.number) }),
]);

export const RunResult = t.intersection([
  t.type({
    version: t.literal(1),
    /** The reproduction this run belongs to (`npm run reproduce -- <experiment>`), or the spec's name for a lone run. */
    experiment: t.string,
    /** The spec as trained: its name and the SHA-256 of its canonical JSON without the seed (computations: of `params`). */
    spec: t.type({ name: t.string, sha256: t.string }),
    seed: t.number,
    /** The command that made the run, as a user would type it. */
    command: t.string,
    engine: t.keyof({ tfjs: null, pytorch: null }),
    /** The tfjs backend (`wasm`, `cpu`) or the PyTorch program's description. */
    backend: t.string,
    /** The instruction set of the native kernels (`avx2`, `avx512`), or `none: <why>` without them. */
    isa: t.string,
    /** When the run finished (ISO 8601, UTC). */
    date: t.string,
    metrics: t.record(t.string, t.number),
    history: t.array(HistoryEntry),
    seconds: t.number,
  }),
  t.partial({
    /** The commit of the code that ran. */
    commit: t.string,
    /** The parameters of a computation that is not a spec run. */
    params: t.record(t.string, t.union([t.number, t.string, t.boolean])),
  }),
]);
export type RunResult = t.TypeOf<typeof RunResult>;

/** `value` as a RunResult, or an error naming `where` and the first fields that do not fit. */
export function decodeRunResult(value: unknown, where: string): RunResult {
  const r = RunResult.decode(value);
  if (!isLeft(r)) return r.right;
  const fields = r.left.slice(0, 5).map((e) =>
    e.context
      .map((c) => c.key)
      .filter((k) => k !== '')
      .join('.'),
  );
  throw new Error(`${where}: not a tracked result (fields: ${[...new Set(fields)].join(', ')})`);
}
