/**
 * Reading a file the user names with a cap on the bytes actually read, not on the size `stat` reports: a device
 * (`/dev/zero`), a pipe or a file that grows is refused once it passes the cap, instead of filling the memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** The file holds more than `max` bytes (counted as read). */
export class TooLarge extends Error {
  constructor(
    readonly path: string,
    readonly max: number,
  ) {
    super(`${path} holds more than ${max} bytes`);
  }
}

const CHUNK = 1 << 20;

/**
 * The bytes of `path`, at most `max` of them (a TooLarge error beyond); errors of the file system as thrown. `look` sees
 * each chunk as it is read and may refuse the file at once (by throwing), before the rest is read.
 */
export function readBounded(path: string, max: number, look?: (chunk: Buffer) => void): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readBoundedFd(fd, path, max, look);
  } finally {
    closeSync(fd);
  }
}

/** `readBounded` of an open descriptor (the standard input: 0), named `path` in errors; the descriptor is left open. */
export function readBoundedFd(fd: number, path: string, max: number, look?: (chunk: Buffer) => void): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total));
    const got = readSync(fd, chunk, 0, chunk.length, null);
    if (got === 0) return Buffer.concat(chunks, total);
    look?.(chunk.subarray(0, got));
    chunks.push(chunk.subarray(0, got));
    total += got;
    if (total > max) throw new TooLarge(path, max);
  }
}
