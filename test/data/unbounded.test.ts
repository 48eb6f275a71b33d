/**
 * Inputs without an end (issue 28, point 7): the size caps count the bytes actually read, so a device (`/dev/zero`,
 * whose stat size is 0) or a pipe that never ends is refused with one line instead of filling the memory, for
 * `infobj check` (a spec has at most 1 MB) and for `estimate --x` (data files; a CSV with NUL bytes at once).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { readBounded, TooLarge } from '../../src/data/readBounded.ts';
import { scratch } from '../cli/run.ts';
import { writeNpy } from '../estimate/fixtures.ts';

async function cli(args: string[]) {
  let [stdout, stderr] = ['', ''];
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A named pipe that `text` is written into without end while `body` runs. */
async function endlessPipe<T>(name: string, text: string, body: (path: string) => Promise<T>): Promise<T> {
  const path = join(scratch(), name);
  execFileSync('mkfifo', [path]);
  const writer = spawn('sh', ['-c', `yes '${text}' > '${path}'`], { stdio: 'ignore' });
  try {
    return await body(path);
  } finally {
    writer.kill();
  }
}

describe('inputs without an end are refused', () => {
  it('infobj check /dev/zero', async () => {
    const r = await cli(['check', '/dev/zero']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \/dev\/zero: \(file\): the file has more than 1048576 bytes/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('infobj check on a pipe that never ends', async () => {
    await endlessPipe('spec.yaml', '# a comment', async (path) => {
      const r = await cli(['check', path]);
      expect(r.stderr).toMatch(/the file has more than 1048576 bytes/);
    });
  });

  it('estimate --x /dev/zero (as CSV, and as .npy by a link named .npy)', async () => {
    const dir = scratch();
    writeNpy(join(dir, 'y.npy'), [[1], [2], [3]]);
    const r = await cli(['estimate', '--x', '/dev/zero', '--y', join(dir, 'y.npy')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --x: \/dev\/zero is not a CSV text file \(it holds NUL bytes\)\n$/);
    execFileSync('ln', ['-s', '/dev/zero', join(dir, 'zero.npy')]);
    const npy = await cli(['estimate', '--x', join(dir, 'zero.npy'), '--y', join(dir, 'y.npy')]);
    expect(npy.code).toBe(1);
    expect(npy.stderr).toMatch(/zero\.npy is not a \.npy file/);
  });

  it('a pipe of endless CSV text is cut at the cap, counting the bytes read', async () => {
    await endlessPipe('x.csv', '1,2', async (path) => {
      expect(() => readBounded(path, 1 << 20)).toThrow(TooLarge);
    });
    expect(readBounded('/dev/null', 10)).toHaveLength(0);
  });
});
