/**
 * Writing and reading tracked results (schema.ts). `resultOfRun` summarises a finished run folder's report.json,
 * `resultOfComputation` one computed row of a reproduction that trains nothing; `writeResult` puts either under
 * results/<experiment>/, `readResults` reads every file back, validated.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeStatus } from '../../../src/backend/index.ts';
import { decodeRunResult, type RunResult } from './schema.ts';

/** The folder of tracked results, relative to the repository root. */
export const RESULTS = 'results';

/** How a run was made: the reproduction it belongs to, the command, and the commit of the code. */
export interface Provenance {
  readonly experiment: string;
  readonly command: string;
  readonly commit?: string;
}

/** JSON with object keys sorted at every depth, so equal values hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A number kept to 6 significant digits (history values; the metrics are kept whole). */
const sig6 = (v: number) => Number(v.toPrecision(6));

const isaOf = (native: NativeStatus | undefined, backend: string): string =>
  backend.startsWith('pytorch')
    ? 'none: PyTorch engine'
    : native === undefined
      ? 'none: not reported'
      : native.native
        ? native.isa
        : `none: ${native.reason}`;

/** The numbers of a record, to 6 significant digits, leaving out `skip` and every non-number. */
const numbersOf = (r: Record<string, unknown>, skip: readonly string[] = []): Record<string, number> =>
  Object.fromEntries(
    Object.entries(r)
      .filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && !skip.includes(e[0]))
      .map(([k, v]) => [k, sig6(v)]),
  );

/** The history of a report compacted: epoch, loss, the per-epoch metrics and the term values (times dropped). */
function compactHistory(history: readonly Record<string, unknown>[]): RunResult['history'] {
  return history.map((h) => {
    const metrics = numbersOf(h, ['epoch', 'loss', 'seconds']);
    const terms = typeof h.terms === 'object' && h.terms !== null ? numbersOf(h.terms as Record<string, unknown>) : {};
    return {
      epoch: Number(h.epoch),
      loss: sig6(Number(h.loss)),
      ...(Object.keys(metrics).length > 0 && { metrics }),
      ...(Object.keys(terms).length > 0 && { terms }),
    };
  });
}

/** The numeric metrics of a record, non-finite ones left out (JSON cannot hold them). */
const finiteMetrics = (m: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(m).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );

/**
 * The tracked result of the finished run in `dir` (its report.json), dated by the report's time of writing. `extra`:
 * metrics the reproduction computed from the run afterwards (e.g. a probe on a hidden layer), added to the report's.
 */
export function resultOfRun(dir: string, how: Provenance, extra: Record<string, number> = {}): RunResult {
  const file = join(dir, 'report.json');
  if (!existsSync(file)) throw new Error(`${dir}: no report.json (not a finished run folder)`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    spec: Record<string, unknown> & { name: string };
    seed: number;
    metrics: Record<string, unknown>;
    history: Record<string, unknown>[];
    backend: string;
    native?: NativeStatus;
    seconds: number;
  };
  const { seed: _seed, ...specWithoutSeed } = report.spec;
  return decodeRunResult(
    {
      version: 1,
      experiment: how.experiment,
      spec: { name: report.spec.name, sha256: sha256(canonicalJson(specWithoutSeed)) },
      seed: report.seed,
      command: how.command,
      ...(how.commit !== undefined && { commit: how.commit }),
      engine: report.backend.startsWith('pytorch') ? 'pytorch' : 'tfjs',
      backend: report.backend,
      isa: isaOf(report.native, report.backend),
      date: statSync(file).mtime.toISOString(),
      metrics: { ...finiteMetrics(report.metrics), ...finiteMetrics(extra) },
      history: compactHistory(report.history),
      seconds: report.seconds,
    },
    file,
  );
}

/** The tracked result of one computed row (no run folder): `name` and `params` say what was computed. */
export function resultOfComputation(
  name: string,
  params: Record<string, number | string | boolean>,
  metrics: Record<string, unknown>,
  seconds: number,
  how: Provenance & { readonly seed: number; readonly backend: string; readonly native: NativeStatus },
): RunResult {
  return decodeRunResult(
    {
      version: 1,
      experiment: how.experiment,
      spec: { name, sha256: sha256(canonicalJson(params)) },
      seed: how.seed,
      command: how.command,
      ...(how.commit !== undefined && { commit: how.commit }),
      engine: 'tfjs',
      backend: how.backend,
      isa: isaOf(how.native, how.backend),
      date: new Date().toISOString(),
      metrics: finiteMetrics(metrics),
      history: [],
      seconds,
      params,
    },
    name,
  );
}

/** The path of a result under `root`: <root>/<experiment>/<spec name>-seed<S>.json. */
export const resultPath = (root: string, r: Pick<RunResult, 'experiment' | 'spec' | 'seed'>) =>
  join(root, r.experiment, `${r.spec.name}-seed${r.seed}.json`);

/** `r` as JSON: two-space indents, one line per epoch of its history. */
export function formatResult(r: RunResult): string {
  const { history, ...rest } = r;
  const epochs = history.map((h) => `    ${JSON.stringify(h)}`).join(',\n');
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  return `${head},\n  "history": [${history.length ? `\n${epochs}\n  ` : ''}]\n}`;
}

/** Write `r` under `root` (replacing an earlier result of the same experiment, spec and seed); its path. */
export function writeResult(root: string, r: RunResult): string {
  const path = resultPath(root, r);
  mkdirSync(join(root, r.experiment), { recursive: true });
  writeFileSync(path, `${formatResult(r)}\n`);
  return path;
}

/** A result and its path relative to the repository root (results/<experiment>/<file>). */
export interface Stored {
  readonly path: string;
  readonly result: RunResult;
}

/** Every result under `root`, validated (an invalid file is an error naming it), sorted by path. */
export function readResults(root: string = RESULTS): Stored[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(root, d.name, f)),
    )
    .sort()
    .map((path) => ({ path, result: decodeRunResult(JSON.parse(readFileSync(path, 'utf8')), path) }));
}
