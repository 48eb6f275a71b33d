/**
 * Before training: the run folder must take a file (written and fsynced, then removed) and have room for a checkpoint,
 * so a read-only or full disk is reported before the work, with the place, not after it.
 */
import { closeSync, fsyncSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsFailure, PROBE, RunDirError } from './runDir.ts';

const PROBE_BYTES = 64 * 1024;
/** Room beyond one checkpoint: the report and plots. */
const MARGIN_BYTES = 16 * 1024 * 1024;

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;

/** Throw a RunDirError naming `dir` unless a file can be written there and `checkpointBytes` more fit. */
export function probeOutput(dir: string, checkpointBytes: number): void {
  const file = join(dir, PROBE);
  try {
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, new Uint8Array(PROBE_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw fsFailure(`cannot write the run into ${dir}`, e);
  } finally {
    rmSync(file, { force: true });
  }
  const { bavail, bsize } = statfsSync(dir);
  const free = bavail * bsize;
  const needed = checkpointBytes + MARGIN_BYTES;
  if (free < needed)
    throw new RunDirError(
      `${dir}: ${megabytes(free)} free, but a checkpoint and the report need ≈ ${megabytes(needed)}`,
    );
}
