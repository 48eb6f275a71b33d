/**
 * Checkpoints in a run folder (the Node `CheckpointStore` the engine is given): network state (incl. BatchNorm
 * statistics), optimizer state and history after a number of epochs (and,
 * for an interrupted run, steps), as `checkpoints/epoch-NNNN[-step-NNNNNN]/{state.json,tensors.bin,manifest.json}`.
 * Each is written to a temporary folder, fsynced and renamed; manifest.json holds a SHA-256 digest of every other
 * file and is checked on load, so a damaged checkpoint is named and never loaded silently.
 */
import * as tf from '../tf.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CheckpointError, type CheckpointState, type CheckpointStore } from '../train/checkpoints.ts';
import { syncFolder, writeDurably } from './durable.ts';

interface State<H> {
  epoch: number;
  step: number;
  partialLoss: number;
  /** Absent in checkpoints written before term values were reported. */
  partialTerms?: readonly (readonly number[])[];
  history: H[];
  networks: { shape: number[] }[];
  optimizer: { name: string; shape: number[] }[];
  optimizerExtra: { name: string; shape: number[] }[];
  /** Absent without weight averaging (and in checkpoints written before it existed). */
  averages?: { shape: number[] }[];
}

interface Manifest {
  format: 1;
  /** SHA-256 (hex) of each file of the checkpoint. */
  files: Record<string, string>;
}

const MANIFEST = 'manifest.json';
const CHECKPOINT_NAME = /^epoch-(\d+)(?:-step-(\d+))?$/;

const checkpointsOf = (root: string) => join(root, 'checkpoints');
const nameOf = (epoch: number, step: number) =>
  `epoch-${String(epoch).padStart(4, '0')}${step ? `-step-${String(step).padStart(6, '0')}` : ''}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Write a checkpoint: to a temporary folder, fsynced, then renamed, so a crash never leaves a half-written one. */
export function saveCheckpoint<H>(root: string, s: CheckpointState<H>): string {
  const base = checkpointsOf(root);
  const dir = join(base, nameOf(s.epoch, s.step));
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const all = [
    ...s.networks,
    ...s.optimizer.map((n) => n.tensor),
    ...s.optimizerExtra.map((n) => n.tensor),
    ...(s.averages ?? []),
  ];
  const buf = new Float32Array(all.reduce((a, t) => a + t.size, 0));
  let at = 0;
  for (const t of all) {
    buf.set(t.dataSync() as Float32Array, at);
    at += t.size;
  }
  const state: State<H> = {
    epoch: s.epoch,
    step: s.step,
    partialLoss: s.partialLoss,
    partialTerms: s.partialTerms,
    history: s.history,
    networks: s.networks.map((t) => ({ shape: t.shape })),
    optimizer: s.optimizer.map((n) => ({ name: n.name, shape: n.tensor.shape })),
    optimizerExtra: s.optimizerExtra.map((n) => ({ name: n.name, shape: n.tensor.shape })),
    ...(s.averages ? { averages: s.averages.map((t) => ({ shape: t.shape })) } : {}),
  };
  const files: Record<string, Uint8Array> = {
    'tensors.bin': new Uint8Array(buf.buffer),
    'state.json': Buffer.from(JSON.stringify(state)),
  };
  const manifest: Manifest = { format: 1, files: {} };
  for (const [name, bytes] of Object.entries(files)) {
    writeDurably(join(tmp, name), bytes);
    manifest.files[name] = sha256(bytes);
  }
  writeDurably(join(tmp, MANIFEST), Buffer.from(JSON.stringify(manifest)));
  syncFolder(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  syncFolder(base);
  return dir;
}

/** The run's checkpoints, newest first (by epoch, then step). */
export function listCheckpoints(root: string): string[] {
  const base = checkpointsOf(root);
  if (!existsSync(base)) return [];
  const order = (name: string) => {
    const m = CHECKPOINT_NAME.exec(name)!;
    return Number(m[1]) * 1e7 + Number(m[2] ?? 0);
  };
  return readdirSync(base)
    .filter((d) => CHECKPOINT_NAME.test(d))
    .sort((a, b) => order(b) - order(a))
    .map((d) => join(base, d));
}

/** Delete all but the newest `keep` checkpoints, and temporary folders a crash left behind. */
export function pruneCheckpoints(root: string, keep: number): void {
  listCheckpoints(root)
    .slice(keep)
    .forEach((d) => rmSync(d, { recursive: true, force: true }));
  const base = checkpointsOf(root);
  if (existsSync(base)) {
    for (const d of readdirSync(base)) if (d.endsWith('.tmp')) rmSync(join(base, d), { recursive: true, force: true });
  }
}

/** A file of the checkpoint whose digest matches the manifest's. */
function verifiedFile(dir: string, manifest: Manifest, name: string): Buffer {
  const expected = manifest.files[name];
  if (!expected) throw new CheckpointError(dir, `${MANIFEST} lists no ${name}`);
  const bytes = readPart(dir, name);
  if (sha256(bytes) !== expected) throw new CheckpointError(dir, `${name} does not match its digest in ${MANIFEST}`);
  return bytes;
}

/** The bytes of the checkpoint's file `name`; a file that cannot be read (missing, a folder, …) is damage. */
function readPart(dir: string, name: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = { ENOENT: 'is missing', EISDIR: 'is a folder, not a file' };
    throw new CheckpointError(
      dir,
      `${name} ${(code && why[code]) ?? `cannot be read (${code ?? (e as Error).message})`}`,
    );
  }
}

function readManifest(dir: string): Manifest {
  if (!existsSync(join(dir, MANIFEST)))
    throw new CheckpointError(dir, `${MANIFEST} is missing (written by an older version or cut)`);
  const bytes = readPart(dir, MANIFEST);
  try {
    const m = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (m.format !== 1 || typeof m.files !== 'object' || m.files === null) throw new Error('unknown format');
    return m;
  } catch {
    throw new CheckpointError(dir, `${MANIFEST} is not a checkpoint manifest`);
  }
}

/** Read and verify a checkpoint written by `saveCheckpoint`; a damaged one throws a CheckpointError naming it. */
export function loadCheckpoint<H>(dir: string): CheckpointState<H> {
  const manifest = readManifest(dir);
  const bin = verifiedFile(dir, manifest, 'tensors.bin');
  const state = JSON.parse(verifiedFile(dir, manifest, 'state.json').toString('utf8')) as State<H>;
  const shapes = [...state.networks, ...state.optimizer, ...state.optimizerExtra, ...(state.averages ?? [])].map(
    (n) => n.shape,
  );
  const floats = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
  if (bin.byteLength !== floats * 4)
    throw new CheckpointError(dir, `tensors.bin holds ${bin.byteLength} bytes, expected ${floats * 4}`);
  const data = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  let at = 0;
  const take = (shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(data.slice(at, at + size), shape);
    at += size;
    return t;
  };
  const networks = state.networks.map((n) => take(n.shape));
  const optimizer = state.optimizer.map((n) => ({ name: n.name, tensor: take(n.shape) }));
  const optimizerExtra = state.optimizerExtra.map((n) => ({ name: n.name, tensor: take(n.shape) }));
  const averages = state.averages?.map((n) => take(n.shape));
  const { epoch, step, partialLoss, history } = state;
  const partialTerms = state.partialTerms ?? [];
  return {
    epoch,
    step,
    partialLoss,
    partialTerms,
    history,
    networks,
    optimizer,
    optimizerExtra,
    ...(averages ? { averages } : {}),
  };
}

/**
 * The newest intact checkpoint under `root`: each damaged one is reported through `onDamaged` and the previous one
 * tried. Throws when there is none, or when all are damaged (naming each).
 */
export function loadLatestCheckpoint<H>(
  root: string,
  onDamaged: (e: CheckpointError) => void = () => {},
): { dir: string; state: CheckpointState<H> } {
  const all = listCheckpoints(root);
  if (all.length === 0) throw new Error(`--resume: no checkpoint in ${checkpointsOf(root)}`);
  const damaged: CheckpointError[] = [];
  for (const dir of all) {
    try {
      return { dir, state: loadCheckpoint<H>(dir) };
    } catch (e) {
      // any failure to read a checkpoint (not only a digest mismatch) is damage: the previous one is tried
      const error =
        e instanceof CheckpointError ? e : new CheckpointError(dir, `it cannot be read (${(e as Error).message})`);
      damaged.push(error);
      onDamaged(error);
    }
  }
  const reasons = damaged.map((e) => `${basename(e.dir)}: ${e.reason}`).join('; ');
  throw new Error(
    `--resume: every checkpoint in ${checkpointsOf(root)} is damaged (${reasons}); train again without --resume`,
  );
}

/** The checkpoints of the run folder `root`, as the engine's loop saves, loads and prunes them. */
export const folderCheckpoints = (root: string): CheckpointStore => ({
  save: (state) => saveCheckpoint(root, state),
  loadLatest<H>(onDamaged?: (e: CheckpointError) => void) {
    const { dir, state } = loadLatestCheckpoint<H>(root, onDamaged);
    return { at: dir, state };
  },
  prune: (keep) => pruneCheckpoints(root, keep),
});
