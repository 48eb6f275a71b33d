/**
 * A run folder and who owns it. A folder is a run of this tool when it holds the marker `infobj-run.json` (written by
 * an exclusive create when the folder is claimed, with the spec the run trains) and nothing but the run layout.
 * While a process trains in it, it also holds `run.lock` (exclusive create, with the process id); a lock whose process
 * is gone is stale and may be taken over.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Spec } from '../spec/schema.ts';

export class RunDirError extends Error {}

export const MARKER = 'infobj-run.json';
export const LOCK = 'run.lock';
export const REPORT = 'report.json';
/** The folders a run writes: checkpoints, and the program and arrays of a PyTorch run (`--engine pytorch`). */
export const PYTORCH_FOLDER = 'pytorch';
const LAYOUT_FOLDERS = new Set(['checkpoints', PYTORCH_FOLDER]);
/** The files a run writes: its report, lock, probe, marker, plots, and `infobj eval`'s eval-epoch-N[-K].json. */
const LAYOUT_FILE =
  /^(report\.json|run\.lock|\.probe|infobj-run\.json|[\w.-]+\.(svg|png)|eval-epoch-\d+(-\d+)?\.json)(\.tmp(-\d+)?)?$/;

export interface Marker {
  readonly tool: 'infobj';
  /** The spec the run trains (after --seed), to check what --resume continues. */
  readonly spec: Spec;
  /** ISO time of the claim. */
  readonly created: string;
}

interface Lock {
  readonly pid: number;
  readonly host: string;
}

/** An errno code of a failed file-system call. */
export const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** A file-system failure as a sentence about `what` (the place), never a raw errno dump. */
export function fsFailure(what: string, e: unknown): RunDirError {
  const code = codeOf(e);
  const why: Record<string, string> = {
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    ENOENT: 'a parent folder cannot be created there',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENAMETOOLONG: 'the path is too long',
    EEXIST: 'it already exists',
  };
  return new RunDirError(`${what}: ${(code && why[code]) ?? (e as Error).message}`);
}

export function readMarker(dir: string): Marker | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Marker;
    return m.tool === 'infobj' && typeof m.spec === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Claim an existing empty or new folder for a run: the marker is created exclusively, so one process wins. */
export function writeMarker(dir: string, spec: Spec): boolean {
  const marker: Marker = { tool: 'infobj', spec, created: new Date().toISOString() };
  try {
    writeFileSync(join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return false;
    throw fsFailure(dir, e);
  }
}

/** Replace the marker's spec (a resumed run that trains for more epochs), atomically. */
export function updateMarker(dir: string, spec: Spec): void {
  const old = readMarker(dir);
  const marker: Marker = { tool: 'infobj', spec, created: old?.created ?? new Date().toISOString() };
  writeFileSync(join(dir, `${MARKER}.tmp`), `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(join(dir, `${MARKER}.tmp`), join(dir, MARKER));
}

/** Entries of the folder that are not part of a run's layout (an empty list for a run of this tool). */
export function foreignEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isDirectory() ? !LAYOUT_FOLDERS.has(e.name) : !(e.isFile() && LAYOUT_FILE.test(e.name))))
    .map((e) => e.name);
}

/** Whether `dir` provably holds a run of this tool: its marker and nothing else but the run layout. */
export const isToolRun = (dir: string) => readMarker(dir) !== undefined && foreignEntries(dir).length === 0;

/** Whether the folder `dir` is empty (a file there is an error that names it). */
export function isEmptyFolder(dir: string): boolean {
  if (!statSync(dir).isDirectory()) throw new RunDirError(`${dir} is a file, not a folder`);
  return readdirSync(dir).length === 0;
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM';
  }
};

/** Who trains in `dir` now, if anyone (a lock of a dead process on this host is stale and answers undefined). */
export function liveHolder(dir: string): string | undefined {
  let lock: Lock;
  try {
    lock = JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as Lock;
  } catch {
    return undefined;
  }
  if (lock.host === hostname() && !processAlive(lock.pid)) return undefined;
  return `process ${lock.pid} on ${lock.host}`;
}

/** Take the run's lock (taking over a stale one); refused while a live process holds it. */
export function lockRun(dir: string): void {
  const lock: Lock = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(join(dir, LOCK), JSON.stringify(lock), { flag: 'wx' });
      return;
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') throw fsFailure(dir, e);
    }
    const holder = liveHolder(dir);
    if (holder)
      throw new RunDirError(`${dir} is in use by ${holder}; wait for it, or delete ${join(dir, LOCK)} if it is gone`);
    rmSync(join(dir, LOCK), { force: true });
  }
  throw new RunDirError(`${dir}: another process took the run's lock at the same time`);
}

export function unlockRun(dir: string): void {
  rmSync(join(dir, LOCK), { force: true });
}

/**
 * Create `dir` and its missing parents one by one (Node's recursive mkdir loops forever under /proc); false when `dir`
 * exists already.
 */
export function createFolder(dir: string, what: string): boolean {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  // another process may create any of these at the same time (runs/ by a concurrent run): that is no failure
  const made = (folder: string): boolean => {
    try {
      mkdirSync(folder);
      return true;
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') throw fsFailure(what, e);
      if (!statSync(folder).isDirectory()) throw new RunDirError(`${folder} is a file, not a folder`);
      return false;
    }
  };
  for (const parent of missing.slice(0, -1)) made(parent);
  return made(dir);
}
