/**
 * Fault injection through the real `infobj` process (issue 14, points 1, 5 and 7): runs started together, SIGINT and
 * SIGTERM mid-run, kill -9 mid-run. A resumed run must reproduce the uninterrupted run's history exactly.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';
import { ROOT, scratch, writeSpec } from './run.ts';

const BIN = join(ROOT, 'bin/infobj.mjs');
/** 10 steps per epoch, a checkpoint after each: long enough to be cut, seconds in all. */
const LONG = variant('batch: 100, epochs: 2', 'batch: 20, epochs: 16, checkpointEvery: 1');

interface Running {
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** Resolves once stderr matches. */
  waitFor(pattern: RegExp): Promise<void>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
  let [out, err] = ['', ''];
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of waiting.filter((x) => x.pattern.test(err))) w.resolve();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    stderr: () => err,
    stdout: () => out,
    waitFor: (pattern) =>
      pattern.test(err) ? Promise.resolve() : new Promise((resolve) => waiting.push({ pattern, resolve })),
    exit,
    kill: (signal) => child.kill(signal),
  };
}

const historyOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).history as { seconds: number }[]).map(
    ({ seconds: _s, ...h }) => h,
  );

let whole: Promise<unknown[]> | undefined;
/** The history of the spec trained without interruption (once, in-process). */
function uninterruptedHistory(): Promise<unknown[]> {
  whole ??= trainSpec(parseSpecText(LONG), { out: join(scratch(), 'whole') }).then(({ report }) =>
    report.history.map(({ seconds: _s, ...h }) => h),
  );
  return whole;
}

describe('faults in a running infobj', () => {
  it('four runs of one spec started together get four folders and four reports', async () => {
    const dir = scratch();
    writeSpec(dir, 'tiny.yaml', BASE_SPEC);
    const runs = [1, 2, 3, 4].map(() => start(['train', 'tiny.yaml'], dir));
    const exits = await Promise.all(runs.map((r) => r.exit));
    expect(
      exits.map((e) => e.code),
      runs.map((r) => r.stderr()).join('\n'),
    ).toEqual([0, 0, 0, 0]);
    const reports = runs.map((r) => r.stdout().trim()).sort();
    expect(reports).toEqual([
      'runs/tiny-2/report.json',
      'runs/tiny-3/report.json',
      'runs/tiny-4/report.json',
      'runs/tiny/report.json',
    ]);
    for (const r of reports) expect(existsSync(join(dir, r))).toBe(true);
  });

  it('SIGINT and SIGTERM: a checkpoint at the step, a resume hint, exit 130/143; the resume is exact', async () => {
    const whole = uninterruptedHistory();
    const cases = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
      const dir = scratch();
      writeSpec(dir, 'long.yaml', LONG);
      return { signal, dir, run: start(['train', 'long.yaml', '--out', 'cut'], dir) };
    });
    for (const { signal, run } of cases) {
      await run.waitFor(/checkpoint cut\/checkpoints\/epoch-0002/);
      run.kill(signal);
    }
    for (const { signal, dir, run } of cases) {
      const { code } = await run.exit;
      expect(code, run.stderr()).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(run.stderr()).toMatch(new RegExp(`${signal}: stopping after the current step`));
      expect(run.stderr()).toMatch(
        new RegExp(
          `interrupted \\(${signal}\\) in epoch \\d+ after step \\d+; ` +
            `checkpoint cut/checkpoints/epoch-\\d+-step-\\d+\\n`,
        ),
      );
      expect(run.stderr()).toMatch(/resume with: infobj train long\.yaml --out cut --resume\n$/);
      const resumed = start(['train', 'long.yaml', '--out', 'cut', '--resume'], dir);
      expect((await resumed.exit).code, resumed.stderr()).toBe(0);
      expect(resumed.stderr()).toMatch(/resumed from cut\/checkpoints\/epoch-\d{4}-step-\d{6}/);
      expect(historyOf(join(dir, 'cut'))).toEqual(await whole);
    }
  });

  it('kill -9 mid-run: --resume without --out finds the run (its lock is stale); the resume is exact', async () => {
    const whole = uninterruptedHistory();
    const dir = scratch();
    writeSpec(dir, 'long.yaml', LONG);
    const run = start(['train', 'long.yaml'], dir);
    await run.waitFor(/checkpoint runs\/tiny\/checkpoints\/epoch-0003/);
    run.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'runs/tiny/run.lock'))).toBe(true);
    const resumed = start(['train', 'long.yaml', '--resume'], dir);
    expect((await resumed.exit).code, resumed.stderr()).toBe(0);
    expect(resumed.stderr()).toMatch(/resuming runs\/tiny, the newest unfinished run of tiny/);
    expect(historyOf(join(dir, 'runs/tiny'))).toEqual(await whole);
  });
});
