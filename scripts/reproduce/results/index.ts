/**
 * Tracked results from the reproductions (`npm run reproduce -- …`): every run a reproduction trains at the papers'
 * size is recorded under results/ when it ends (never in `--smoke` mode); `record` records finished run folders by
 * hand; `tables` rewrites the docs' generated tables from results/ (`--check`: only say whether they are current).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend } from '@tensorflow/tfjs';
import { nativeStatus } from '../../../src/backend/index.ts';
import { MIGE_TABLES } from './migeTables.ts';
import { type Provenance, RESULTS, readResults, resultOfComputation, resultOfRun, writeResult } from './record.ts';
import { REPRODUCTIONS_TABLES } from './reproductionsTables.ts';
import { type DocTable, generateDocs } from './tables.ts';

/** Every generated table of the docs. */
export const DOC_TABLES: readonly DocTable[] = [...REPRODUCTIONS_TABLES, ...MIGE_TABLES];

/** The commit of the working tree, marked when tracked files differ from it; undefined outside git. */
export function currentCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return undefined;
  }
}

const numericFields = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter((e): e is [string, number] => typeof e[1] === 'number'));

/**
 * Record the finished runs `dirs` of `experiment` under results/. A table row of the experiment with the run's seed
 * (and its spec name, when the row names one) adds its numbers that the report lacks (e.g. a hidden-layer probe).
 */
export function recordRuns(
  dirs: readonly string[],
  how: Provenance,
  rows: readonly Record<string, unknown>[] = [],
  root: string = RESULTS,
): string[] {
  return dirs.map((dir) => {
    const plain = resultOfRun(dir, how);
    const row = rows.find((r) => r.seed === plain.seed && (r.spec === undefined || r.spec === plain.spec.name));
    const extra = row
      ? Object.fromEntries(
          Object.entries(numericFields(row)).filter(([k]) => !(k in plain.metrics) && k !== 'seed' && k !== 'seconds'),
        )
      : {};
    return writeResult(root, Object.keys(extra).length ? resultOfRun(dir, how, extra) : plain);
  });
}

/** Record one computed row of `experiment` (no run folder) under results/ as `name`. */
export function recordComputation(
  name: string,
  params: Record<string, number | string | boolean>,
  row: Record<string, unknown> & { seconds: number },
  how: Provenance & { readonly seed: number },
): string {
  const { seconds, ...metrics } = row;
  return writeResult(
    RESULTS,
    resultOfComputation(name, params, metrics, seconds, { ...how, backend: getBackend(), native: nativeStatus() }),
  );
}

const usage = `usage: npm run reproduce -- record <experiment> <run-dir>... [--command "<command>"] [--commit <sha>]
       npm run reproduce -- tables [--check]
`;

/**
 * `record <experiment> <run-dir>…`: write the results of finished run folders. The command defaults to the
 * experiment's reproduce command, the commit to the working tree's. Returns the exit code.
 */
export function recordCommand(args: readonly string[]): number {
  let parsed: ReturnType<typeof parseRecordArgs>;
  try {
    parsed = parseRecordArgs(args);
  } catch (e) {
    process.stderr.write(`record: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  const [experiment, ...dirs] = parsed.positionals;
  if (!experiment || dirs.length === 0) {
    process.stderr.write(usage);
    return 2;
  }
  const missing = dirs.filter((d) => !existsSync(join(d, 'report.json')));
  if (missing.length) {
    process.stderr.write(`record: no report.json (not a finished run) in ${missing.join(', ')}\n`);
    return 2;
  }
  const how = {
    experiment,
    command: parsed.values.command ?? `npm run reproduce -- ${experiment}`,
    commit: parsed.values.commit ?? currentCommit(),
  };
  for (const path of recordRuns(dirs, how)) process.stdout.write(`${path}\n`);
  return 0;
}

const parseRecordArgs = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { command: { type: 'string' }, commit: { type: 'string' } },
  });

/** `tables [--check]`: rewrite the docs' generated tables from results/, or with --check say which are stale. */
export function tablesCommand(args: readonly string[]): number {
  const docs = generateDocs(DOC_TABLES, readResults());
  const stale = [...docs].filter(([doc, text]) => readFileSync(doc, 'utf8') !== text).map(([doc]) => doc);
  if (args.includes('--check')) {
    process.stdout.write(stale.length ? `stale: ${stale.join(', ')}\n` : 'the generated tables are current\n');
    return stale.length ? 1 : 0;
  }
  for (const doc of stale) writeFileSync(doc, docs.get(doc) ?? '');
  process.stdout.write(stale.length ? `rewrote ${stale.join(', ')}\n` : 'the generated tables were current\n');
  return 0;
}
