/**
 * A run folder and who owns it. A folder is a run of this tool when it holds the marker `infobj-run.json` (written by
 * an exclusive create when the folder is claimed, with the spec the run trains) and nothing but the run layout.
 * While a process trains in it, it also holds `run.lock` (exclusive create, with the process id); a lock whose process
 * is gone is stale and may be taken over.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { match } from 'ts-pattern';
import type { Spec } from '../spec/schema.ts';
import { writeFileAtomic } from './durable.ts';

export class RunDirError extends Error {}

export const MARKER = 'infobj-run.json';
export const LOCK = 'run.lock';
export const REPORT = 'report.json';
/** The folder a PyTorch run (`--engine pytorch`) writes its program and arrays into. */
export const PYTORCH_FOLDER = 'pytorch';
export const CHECKPOINTS = 'checkpoints';
/**
 * The run's list of the files it wrote (one path relative to the run folder a line, appended before each file is
 * written, so a run file is never missing from it): `--force` deletes a run only when everything in it is listed.
 */
export const FILES = 'infobj-files.txt';
/** The file that checks the folder takes a write (src/run/probe.ts). */
export const PROBE = '.probe';
/** Files every run has, listed or not: its marker, lock, probe and list of files. */
const FIXED_FILES = new Set([MARKER, LOCK, PROBE, FILES, `${MARKER}.tmp`]);
/** What a run folder written before the list of files held (its report, plots, and `infobj eval`'s results). */
const LEGACY_FILE = /^(report\.json|[\w.-]+\.(svg|png)|eval-epoch-\d+(-\d+)?\.json)$/;
/** The temporary file `writeFileAtomic` writes beside `name` (left behind by a process killed while writing). */
const TEMPORARY = /^(.+)\.tmp-\d+$/;
/** A checkpoint folder holds these and nothing else (src/run/checkpoints.ts). */
const CHECKPOINT_FOLDER = /^epoch-\d+(-step-\d+)?(\.tmp)?$/;
const CHECKPOINT_FILES = new Set(['tensors.bin', 'state.json', 'manifest.json']);

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
    EBUSY: 'it is busy',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files',
    EIO: 'an input/output error',
    EISDIR: 'it is a folder, not a file',
  };
  return new RunDirError(`${what}: ${(code && why[code]) ?? (e as Error).message}`);
}

/** The marker of a run folder as read: there, missing, or damaged (with a sentence naming the file). */
export type MarkerState =
  | { readonly kind: 'run'; readonly marker: Marker }
  | { readonly kind: 'missing' }
  | { readonly kind: 'damaged'; readonly why: string };

/** What to do about a failed file-system call, by its errno code. */
const REMEDY: Record<string, string> = {
  ENOSPC: 'free some space or choose another --out; an interrupted run continues with --resume',
  EDQUOT: 'free some of your quota or choose another --out; an interrupted run continues with --resume',
  EBUSY: 'another program holds it (a mount point, a file open elsewhere): close that program or choose another path',
  EACCES: 'change its permissions or choose another place',
  EPERM: 'change its permissions or choose another place',
  EROFS: 'choose a place on a writable file system',
  EMFILE: 'too many files are open: raise the limit (ulimit -n) and run again',
  ENFILE: 'too many files are open on the system: close some programs and run again',
  EIO: 'the device reported an input/output error: check the disk',
};

/**
 * A failed file-system call that escaped every caller (`ENOSPC: no space left on device, write`) as one sentence with
 * the path, what went wrong and what to do; undefined for any other error.
 */
export function osFailure(e: unknown): RunDirError | undefined {
  const error = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof error.code !== 'string' || typeof error.syscall !== 'string') return undefined;
  const place = error.path ?? `a file (${error.syscall})`;
  const remedy = REMEDY[error.code];
  const failure = fsFailure(place, e);
  return new RunDirError(remedy ? `${failure.message} — ${remedy}` : failure.message);
}

export function readMarker(dir: string): Marker | undefined {
  const state = markerState(dir);
  return state.kind === 'run' ? state.marker : undefined;
}

export function markerState(dir: string): MarkerState {
  const file = join(dir, MARKER);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'damaged', why: `${file} cannot be read (${codeOf(e) ?? (e as Error).message})` };
  }
  let marker: Marker;
  try {
    marker = JSON.parse(text) as Marker;
  } catch {
    return { kind: 'damaged', why: `${file} is damaged (${text.length ? 'cut short or not JSON' : 'empty'})` };
  }
  if (marker?.tool === 'infobj' && typeof marker.spec === 'object' && marker.spec !== null)
    return { kind: 'run', marker };
  return { kind: 'damaged', why: `${file} is not an infobj run marker` };
}

/** Why `dir` is not a run of infobj, naming its marker (missing or damaged), for a refusal. */
export function notARun(dir: string): string {
  const state = markerState(dir);
  return match(state)
    .with({ kind: 'missing' }, () => `${dir} is not a run of infobj (it has no ${MARKER})`)
    .with({ kind: 'damaged' }, ({ why }) => `${dir} is not a readable run of infobj: ${why}`)
    .with({ kind: 'run' }, () => `${dir} is a run of infobj`)
    .exhaustive();
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

/** The paths the run in `dir` listed as written by it, or undefined for a run written before runs listed them. */
export function listedFiles(dir: string): Set<string> | undefined {
  try {
    return new Set(readFileSync(join(dir, FILES), 'utf8').split('\n').filter(Boolean));
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined;
    throw fsFailure(join(dir, FILES), e);
  }
}

/** List `paths` (relative to the run folder) as written by the run, before they are written (an atomic append). */
export function listFiles(dir: string, paths: readonly string[]): void {
  const listed = listedFiles(dir) ?? new Set<string>();
  const fresh = paths.filter((p) => !listed.has(p));
  if (fresh.length === 0) return;
  try {
    appendFileSync(join(dir, FILES), `${fresh.join('\n')}\n`);
  } catch (e) {
    throw fsFailure(join(dir, FILES), e);
  }
}

/** The entries of a `checkpoints/` folder that no checkpoint writes (paths relative to the run folder). */
function foreignCheckpointEntries(dir: string): string[] {
  const foreign: string[] = [];
  for (const e of readdirSync(join(dir, CHECKPOINTS), { withFileTypes: true })) {
    const path = `${CHECKPOINTS}/${e.name}`;
    if (!e.isDirectory() || !CHECKPOINT_FOLDER.test(e.name)) foreign.push(path);
    else
      for (const f of readdirSync(join(dir, path), { withFileTypes: true }))
        if (!f.isFile() || !CHECKPOINT_FILES.has(f.name)) foreign.push(`${path}/${f.name}`);
  }
  return foreign;
}

/** Whether the run in `dir` (with its `listed` files) wrote the top-level entry `name` (a temporary of its own too). */
function written(listed: Set<string> | undefined, name: string, isFile: boolean): boolean {
  const target = TEMPORARY.exec(name)?.[1] ?? name;
  if (isFile && FIXED_FILES.has(target)) return true;
  if (listed) return listed.has(isFile ? target : `${target}/`);
  return isFile ? LEGACY_FILE.test(target) : target === PYTORCH_FOLDER;
}

/**
 * Entries of the folder that the run did not write (an empty list for a run of this tool): anything not in its list
 * of files (for a run written before the list, anything outside the old layout), and anything in `checkpoints/` that
 * is not a checkpoint.
 */
export function foreignEntries(dir: string): string[] {
  const listed = listedFiles(dir);
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory() && e.name === CHECKPOINTS) return foreignCheckpointEntries(dir);
    return (e.isFile() || e.isDirectory()) && written(listed, e.name, e.isFile()) ? [] : [e.name];
  });
}

/**
 * Delete the temporary files of its own that processes killed while writing left in the run folder (the caller holds
 * the run's lock, so no live process writes them); returns their names.
 */
export function removeTemporaries(dir: string): string[] {
  const listed = listedFiles(dir);
  const left = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && (TEMPORARY.test(e.name) || e.name === `${MARKER}.tmp`))
    .filter((e) => written(listed, e.name, true))
    .map((e) => e.name);
  for (const name of left) rmSync(join(dir, name), { force: true });
  return left;
}

/** Write the run file `name` whole or not at all, listed first among the files the run wrote. */
export function writeRunFile(dir: string, name: string, content: string | Uint8Array): void {
  listFiles(dir, [name]);
  writeFileAtomic(join(dir, name), content);
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
