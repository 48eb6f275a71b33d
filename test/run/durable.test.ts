/** Whole-or-nothing writes (report.json, plots): a failed write leaves the old file and no temporary one. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/run/durable.ts';

it('writeFileAtomic replaces a file whole, and a failed write leaves what was there and no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infobj-durable-'));
  const file = join(dir, 'report.json');
  writeFileSync(file, 'old');
  writeFileAtomic(file, 'new');
  expect(readFileSync(file, 'utf8')).toBe('new');
  const blocked = join(dir, 'partition.svg'); // a non-empty folder where the file should go: the rename fails
  mkdirSync(join(blocked, 'inside'), { recursive: true });
  expect(() => writeFileAtomic(blocked, '<svg/>')).toThrow();
  expect(readdirSync(dir).sort()).toEqual(['partition.svg', 'report.json']);
});
