/**
 * Run folder edges (issue 28, points 3–5): every run file is written before the report marks the run finished, so a
 * run cut while its plots are written is unfinished and `--resume` completes it, removing what the cut left (temporary
 * files, a stale lock); `--force` deletes a run only when the run wrote everything in it (its list of files), never a
 * user's figure or a file or folder put under `checkpoints/`; a damaged marker is named as such. In-process through
 * trainSpec with a tiny spec; the cut is a failing write (vi.mock of src/run/durable.ts) plus what kill -9 leaves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { evaluateSaved } from '../../src/run/evaluateSaved.ts';
import { trainSpec } from '../../src/run/run.ts';
import { FILES, LOCK } from '../../src/run/runDir.ts';
import { parseSpecText, type Spec } from '../../src/spec/index.ts';
import { scratch } from '../cli/run.ts';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';

/** The name of a file whose next atomic write is cut after its temporary file is written (as kill -9 would). */
const cut = vi.hoisted(() => ({ file: undefined as string | undefined }));
vi.mock('../../src/run/durable.ts', async (original) => {
  const durable = await original<typeof import('../../src/run/durable.ts')>();
  return {
    ...durable,
    writeFileAtomic: (file: string, content: string | Uint8Array) => {
      if (cut.file && file.endsWith(cut.file)) {
        cut.file = undefined;
        writeFileSync(`${file}.tmp-${process.pid}`, content);
        throw new Error(`cut while writing ${file}`);
      }
      durable.writeFileAtomic(file, content);
    },
  };
});

const spec = (text = BASE_SPEC): Spec => parseSpecText(text, 'tiny.yaml');
const withoutTime = (history: { seconds: number }[]) => history.map(({ seconds: _s, ...h }) => h);

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('a run cut while it writes its files', () => {
  it('is not finished; --resume writes every file, removes the temporary file and the stale lock', async () => {
    const whole = await trainSpec(spec(), { out: join(scratch(), 'whole') });
    const dir = join(scratch(), 'run');
    cut.file = 'loss.svg';
    await expect(trainSpec(spec(), { out: dir })).rejects.toThrow(/cut while writing .*loss\.svg/);
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: deadPid(), host: hostname() })); // what kill -9 leaves
    expect(existsSync(join(dir, 'report.json'))).toBe(false); // not finished: the report comes last
    expect(readdirSync(dir)).toContain(`loss.svg.tmp-${process.pid}`);
    const notes: string[] = [];
    const resumed = await trainSpec(spec(), { out: dir, resume: true, log: (l) => notes.push(l) });
    expect(notes.join('\n')).toMatch(/removed loss\.svg\.tmp-\d+, left by a process killed while writing/);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(whole.dir).sort()); // every file, no temporary, no lock
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['loss.svg', 'partition.svg', 'report.json', FILES]));
    expect(withoutTime(resumed.report.history)).toEqual(withoutTime(whole.report.history));
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toMatch(/<svg/);
  });
});

describe('a finished run whose plots are missing', () => {
  it('infobj eval writes them again from the newest checkpoint, and rewrites nothing that is there', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(), { out: dir });
    const [report, partition] = ['report.json', 'partition.svg'].map((f) => readFileSync(join(dir, f), 'utf8'));
    rmSync(join(dir, 'loss.svg'));
    const notes: string[] = [];
    await evaluateSaved(dir, { log: (l) => notes.push(l) });
    expect(notes).toContain('restored loss.svg, missing from the finished run');
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toMatch(/<svg/);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(report);
    expect(readFileSync(join(dir, 'partition.svg'), 'utf8')).toBe(partition);
  });
});

describe('--force deletes only what the run wrote', () => {
  const users: [string, (dir: string) => void][] = [
    ['my-paper-figure.png', (dir) => writeFileSync(join(dir, 'my-paper-figure.png'), 'PNG of mine')],
    ['checkpoints/README-user.txt', (dir) => writeFileSync(join(dir, 'checkpoints/README-user.txt'), 'mine')],
    [
      'checkpoints/mydata',
      (dir) => {
        mkdirSync(join(dir, 'checkpoints/mydata'));
        writeFileSync(join(dir, 'checkpoints/mydata/x.csv'), '1,2\n');
      },
    ],
    ['checkpoints/epoch-0002/notes.txt', (dir) => writeFileSync(join(dir, 'checkpoints/epoch-0002/notes.txt'), 'x')],
    ['x.svg.tmp-1', (dir) => writeFileSync(join(dir, 'x.svg.tmp-1'), 'x')], // a temporary of no file the run lists
  ];
  it('refuses a run folder holding any file the run did not write, naming it, and deletes nothing', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(), { out: dir });
    await evaluateSaved(dir); // infobj eval's result is the run's too
    const report = readFileSync(join(dir, 'report.json'), 'utf8');
    for (const [name, add] of users) {
      add(dir);
      await expect(trainSpec(spec(), { out: dir, force: true }), name).rejects.toThrow(
        new RegExp(`--force: .* holds ${name.replace(/\./g, '\\.')}, which no run writes.*nothing was deleted`),
      );
      expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(report);
      expect(existsSync(join(dir, name)), name).toBe(true);
      rmSync(join(dir, name), { recursive: true });
    }
    const { report: again } = await trainSpec(spec(variant('seed: 1', 'seed: 2')), { out: dir, force: true });
    expect(again.seed).toBe(2);
  });

  it('a run written before runs listed their files is judged by the old layout', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(), { out: dir });
    rmSync(join(dir, FILES));
    writeFileSync(join(dir, 'checkpoints/README-user.txt'), 'mine');
    await expect(trainSpec(spec(), { out: dir, force: true })).rejects.toThrow(/holds checkpoints\/README-user\.txt/);
    rmSync(join(dir, 'checkpoints/README-user.txt'));
    await trainSpec(spec(), { out: dir, force: true });
  });
});

describe('a damaged marker', () => {
  it('is named as damaged, not as missing', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(variant('epochs: 2', 'epochs: 3')), { out: dir, stopAfter: 2 });
    truncateSync(join(dir, 'infobj-run.json'), 20);
    await expect(trainSpec(spec(variant('epochs: 2', 'epochs: 3')), { out: dir, resume: true })).rejects.toThrow(
      /--resume: .* is not a readable run of infobj: .*infobj-run\.json is damaged \(cut short or not JSON\)/,
    );
    await expect(evaluateSaved(dir)).rejects.toThrow(/infobj-run\.json is damaged/);
  });
});
