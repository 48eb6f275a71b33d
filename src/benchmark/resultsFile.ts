/**
 * The benchmark's results file (runs/mi-benchmark/results.json): every cell ever run, rewritten whole after each new cell
 * (a temporary file renamed over it), so an interrupted run loses at most the cell in flight and never an earlier one.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../run/durable.ts';
import { type BenchmarkCell, type CellStore, memoryStore } from './runner.ts';
import { checkArgs, Name } from '../api/arguments.ts';

const VERSION = 1;

interface ResultsFile {
  readonly version: number;
  readonly cells: BenchmarkCell[];
}

/** The cells in `file` (none when it does not exist); a file that is not a results file is an error, never replaced. */
export function readResults(file: string): BenchmarkCell[] {
  checkArgs('readResults', { file: [Name, file] });
  if (!existsSync(file)) return [];
  let parsed: ResultsFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); move it away to start a new results file`);
  }
  if (parsed?.version !== VERSION || !Array.isArray(parsed.cells))
    throw new Error(`${file} is not a version-${VERSION} results file; move it away to start a new one`);
  return parsed.cells;
}

/** A lock file older than this was left by a process killed while it held it (a hold lasts one read and one write). */
const STALE_LOCK_MS = 30_000;

/**
 * Runs `f` while holding `file`.lock (created exclusively), so that two processes appending cells to one results file
 * never write over each other's merge.
 */
function withLock<T>(file: string, f: () => T): T {
  const lock = `${file}.lock`;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
      else Atomics.wait(pause, 0, 0, 20);
    }
  }
  try {
    return f();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * A store backed by `file`: it starts with the file's cells and writes the file atomically after every new one, merging
 * in any cell another process wrote meanwhile (under a lock file, so concurrent runs lose none).
 */
export function fileStore(file: string): CellStore & { readonly cells: readonly BenchmarkCell[] } {
  checkArgs('fileStore', { file: [Name, file] });
  const memory = memoryStore(readResults(file));
  mkdirSync(dirname(file), { recursive: true });
  return {
    cells: memory.cells,
    has: memory.has,
    add: (cell) => {
      memory.add(cell);
      withLock(file, () => {
        for (const other of readResults(file)) if (!memory.has(other)) memory.add(other);
        const content: ResultsFile = { version: VERSION, cells: memory.cells };
        writeFileAtomic(file, `${JSON.stringify(content, null, 1)}\n`);
      });
    },
  };
}
