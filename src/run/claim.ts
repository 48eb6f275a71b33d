/**
 * Claiming the folder a run writes, before anything is written (DESIGN: concurrent runs, --force, --resume):
 * - a new run takes `--out`, or the first free `runs/<name>`, `runs/<name>-2`, …, by an exclusive create, so runs
 *   started together get distinct folders;
 * - `--force` replaces only a folder that provably holds a run of this tool and no live process: the old run is moved
 *   aside, restored if the new run fails, and deleted only when it has succeeded;
 * - `--resume` continues `--out`, or the newest unfinished run of the spec, and refuses a spec that differs from the
 *   one the run was started with except where `RESUMABLE_CHANGES` allows.
 * The claim is released when it is disposed (`using claim = claimRun(…)`); `succeeded()` marks the run done first.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { match } from 'ts-pattern';
import type { CompiledSpec } from '../spec/compiled.ts';
import type { Spec } from '../spec/schema.ts';
import { listCheckpoints } from './checkpoints.ts';
import type { StopControl } from '../train/loop.ts';
import { probeOutput } from './probe.ts';
import { firstDifference } from './specDifference.ts';
import { normaliseSpec } from '../spec/normalise.ts';
import {
  createFolder,
  FILES,
  foreignEntries,
  isEmptyFolder,
  liveHolder,
  lockRun,
  MARKER,
  notARun,
  readMarker,
  removeTemporaries,
  REPORT,
  type Marker,
  RunDirError,
  unlockRun,
  updateMarker,
  writeMarker,
} from './runDir.ts';

export interface ClaimOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly resume?: boolean;
  /** A run asked to stop (a signal) keeps its folder for --resume. */
  readonly stop?: StopControl;
}

/**
 * What a claim reads of a compiled run: its name (the folder's), the spec it records in the folder's marker (compared
 * as recorded on --resume), the epochs it trains for, and the room one checkpoint takes.
 */
export type ClaimedRun = Pick<CompiledSpec, 'name' | 'specRecord' | 'training' | 'checkpointBytes'>;

/** The epochs (EM: iterations) a compiled run trains for. */
const epochsOf = (training: ClaimedRun['training']): number =>
  match(training)
    .with({ algorithm: 'gradient' }, (t) => t.epochs)
    .with({ algorithm: 'em' }, (t) => t.iterations)
    .exhaustive();

/** The spec as the marker records it (a plain copy: the record is compared, never read in place). */
const recorded = (run: ClaimedRun): Spec => JSON.parse(JSON.stringify(run.specRecord)) as Spec;

export interface RunClaim extends Disposable {
  readonly dir: string;
  /** What the claim did that the user should know (another folder than the default, a run replaced or resumed). */
  readonly notes: string[];
  /** The run wrote its results: a replaced run is deleted now. */
  succeeded(): void;
}

/** Fields a resumed run may change; everything else must equal the spec the run was started with. */
export const RESUMABLE_CHANGES = ['train.epochs (may grow)', 'train.checkpointEvery', 'train.keep'] as const;

const valueAt = (spec: unknown, path: string) =>
  path
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], spec);

/** Why `now` cannot resume a run started with `before` (naming the field), or undefined when it can. */
export function resumeConflict(before: Spec, now: Spec): string | undefined {
  const comparable = (s: Spec) => {
    const {
      epochs: _epochs,
      checkpointEvery: _every,
      keep: _keep,
      ...train
    } = s.train as Spec['train'] & Record<string, unknown>;
    return JSON.parse(JSON.stringify({ ...s, train })) as unknown;
  };
  [before, now] = [normaliseSpec(before), normaliseSpec(now)]; // a default written out is no change
  const field = firstDifference(comparable(before), comparable(now), '');
  if (field) {
    const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 80));
    const [was, is] = [show(valueAt(before, field)), show(valueAt(now, field))];
    return `${field}: the run was started with ${was}, this spec says ${is}`;
  }
  const [planned, asked] = [before.train, now.train].map((t) => ('epochs' in t ? t.epochs : 0));
  if (asked >= planned) return undefined;
  const rule = 'a resumed run may train longer, not shorter';
  return `train.epochs: the run was started for ${planned} epochs; ${rule} (got ${asked})`;
}

const plannedEpochs = (spec: Spec) => ('epochs' in spec.train ? spec.train.epochs : spec.train.iterations);

/** Whether the run in `dir` wrote a report for all the epochs it was started for. */
function finished(dir: string, marker: Marker): boolean {
  try {
    const report = JSON.parse(readFileSync(join(dir, REPORT), 'utf8')) as { epochs?: unknown };
    return typeof report.epochs === 'number' && report.epochs >= plannedEpochs(marker.spec);
  } catch {
    return false;
  }
}

/** The run folders of a spec under runs/: `runs/<name>` and `runs/<name>-N`. */
function runsOf(name: string): string[] {
  if (!existsSync('runs')) return [];
  const own = new RegExp(`^${name.replace(/[.]/g, '\\.')}(-\\d+)?$`);
  return readdirSync('runs')
    .filter((d) => own.test(d))
    .map((d) => join('runs', d));
}

/** `--resume` without `--out`: the newest unfinished run of the spec (it has a checkpoint and no report). */
function newestUnfinished(name: string): { dir: string; note: string } {
  const candidates = runsOf(name)
    .map((dir) => ({ dir, marker: readMarker(dir) }))
    .filter(
      ({ dir, marker }) => marker && !finished(dir, marker) && listCheckpoints(dir).length > 0 && !liveHolder(dir),
    )
    .sort((a, b) => b.marker!.created.localeCompare(a.marker!.created));
  if (candidates.length === 0) {
    throw new RunDirError(
      `--resume: no unfinished run of ${name} under runs/ has a checkpoint; give --out DIR of the run to continue`,
    );
  }
  const [{ dir, marker }] = candidates;
  const others =
    candidates.length > 1
      ? ` (${candidates.length - 1} older unfinished: ${candidates
          .slice(1)
          .map((c) => c.dir)
          .join(', ')})`
      : '';
  return {
    dir,
    note: `resuming ${dir}, the newest unfinished run of ${name}, started ${marker!.created}${others}`,
  };
}

function resumeRun(run: ClaimedRun, out: string | undefined, notes: string[]): string {
  const picked = out ? { dir: out, note: `resuming ${out}` } : newestUnfinished(run.name);
  const { dir } = picked;
  if (!existsSync(dir)) throw new RunDirError(`--resume: ${dir} does not exist`);
  const marker = readMarker(dir);
  if (!marker) throw new RunDirError(`--resume: ${notARun(dir)}`);
  const spec = recorded(run);
  const conflict = resumeConflict(marker.spec, spec);
  if (conflict) throw new RunDirError(`--resume ${dir}: ${conflict}; only ${RESUMABLE_CHANGES.join(', ')} may change`);
  if (finished(dir, marker) && epochsOf(run.training) === plannedEpochs(marker.spec)) {
    throw new RunDirError(
      `--resume: ${dir} is finished (${epochsOf(run.training)} epochs); raise train.epochs to train it longer`,
    );
  }
  lockRun(dir);
  const left = removeTemporaries(dir);
  updateMarker(dir, spec);
  notes.push(picked.note);
  if (left.length) notes.push(`removed ${left.join(', ')}, left by a process killed while writing`);
  return dir;
}

/** Claim a new or empty folder exclusively: 'created' or 'taken' (an empty folder that existed), or false. */
function claimFolder(dir: string, run: ClaimedRun): 'created' | 'taken' | false {
  const created = createFolder(dir, dir);
  if (!created && !isEmptyFolder(dir)) return false;
  if (!writeMarker(dir, run.specRecord)) return false;
  lockRun(dir);
  return created ? 'created' : 'taken';
}

/** Undo the claim of a run that failed before its first checkpoint: nothing of it is worth keeping. */
function unclaim(dir: string, how: 'created' | 'taken'): void {
  if (listCheckpoints(dir).length > 0 || foreignEntries(dir).length > 0) return;
  if (how === 'created') rmSync(dir, { recursive: true, force: true });
  else for (const file of [MARKER, FILES]) rmSync(join(dir, file), { force: true });
}

function newRunDefault(run: ClaimedRun, notes: string[]): { dir: string; how: 'created' | 'taken' } {
  const base = join('runs', run.name);
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    const how = claimFolder(dir, run);
    if (how) {
      if (i > 1) notes.push(`${base} holds an earlier run; writing to ${dir}`);
      return { dir, how };
    }
  }
}

/** `--force`: move the old run aside (it must provably be one, and idle); returns where it went. */
function moveAside(out: string): string {
  const foreign = foreignEntries(out);
  if (!readMarker(out) || foreign.length) {
    const shown = `${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? `, … (${foreign.length} in all)` : ''}`;
    const why = readMarker(out)
      ? `${out} is not a run of infobj (it holds ${shown}, which no run writes; move them out first)`
      : notARun(out);
    throw new RunDirError(`--force: ${why}; nothing was deleted — choose another --out`);
  }
  const holder = liveHolder(out);
  if (holder) throw new RunDirError(`--force: ${out} is in use by ${holder}`);
  const aside = `${out}.replaced-${process.pid}`;
  renameSync(out, aside);
  return aside;
}

/** Claim the folder of a run (and probe it writable with room for a checkpoint). */
export function claimRun(run: ClaimedRun, o: ClaimOptions): RunClaim {
  const notes: string[] = [];
  let replaced: string | undefined;
  let dir: string;
  let how: 'created' | 'taken' | 'resumed';
  if (o.resume) [dir, how] = [resumeRun(run, o.out, notes), 'resumed'];
  else if (!o.out) ({ dir, how } = newRunDefault(run, notes));
  else {
    if (o.force && existsSync(o.out) && !isEmptyFolder(o.out)) {
      replaced = moveAside(o.out);
      notes.push(`replacing the run in ${o.out}: the old one waits in ${replaced} until this one succeeds`);
    }
    const claimed = claimFolder(o.out, run);
    if (!claimed) {
      if (replaced) renameSync(replaced, o.out);
      throw new RunDirError(
        `${o.out} already holds a run; choose another --out, add --resume to continue it, or --force to replace it`,
      );
    }
    [dir, how] = [o.out, claimed];
  }
  let done = false;
  const release = () => {
    unlockRun(dir);
    const interrupted = o.stop?.requested() !== undefined;
    if (done || interrupted) {
      if (done && replaced) rmSync(replaced, { recursive: true, force: true });
      return;
    }
    if (replaced) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(replaced, dir);
    } else if (how !== 'resumed') unclaim(dir, how);
  };
  try {
    probeOutput(dir, run.checkpointBytes);
  } catch (e) {
    release();
    throw e;
  }
  return {
    dir,
    notes,
    succeeded: () => {
      done = true;
    },
    [Symbol.dispose]: release,
  };
}
