/**
 * Run folders (issue 14, points 1–3 and 6): claims are exclusive, --force never deletes what is not a run of infobj and
 * restores the old run when the new one fails, --resume refuses a changed spec and picks the newest unfinished run,
 * the output is probed before training. In-process through trainSpec with a tiny spec (a second or two per run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSpec, parseSpecText, type Spec } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { claimRun, resumeConflict } from '../../src/run/claim.ts';
import { probeOutput } from '../../src/run/probe.ts';
import { LOCK, MARKER } from '../../src/run/runDir.ts';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';
import { scratch } from '../cli/run.ts';

const spec = (text = BASE_SPEC): Spec => parseSpecText(text, 'tiny.yaml');
const bytes = (file: string) => readFileSync(file, 'utf8');
const home = process.cwd();
afterEach(() => process.chdir(home));

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('claims', () => {
  it('concurrent claims get distinct folders; a run that fails before its first checkpoint frees its folder', () => {
    process.chdir(scratch());
    const claims = [1, 2, 3, 4].map(() => claimRun(compileSpec(spec()), {}));
    expect(claims.map((c) => c.dir)).toEqual(['runs/tiny', 'runs/tiny-2', 'runs/tiny-3', 'runs/tiny-4']);
    for (const c of claims) expect(existsSync(join(c.dir, MARKER)) && existsSync(join(c.dir, LOCK))).toBe(true);
    claims.forEach((c) => c[Symbol.dispose]()); // none succeeded and none wrote a checkpoint
    expect(readdirSync('runs')).toEqual([]);
  });

  it('a folder held by a live process is refused; a stale lock of a dead process is taken over', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(), { out: dir });
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname() }));
    await expect(trainSpec(spec(variant('epochs: 2', 'epochs: 3')), { out: dir, resume: true })).rejects.toThrow(
      /is in use by process \d+/,
    );
    await expect(trainSpec(spec(), { out: dir, force: true })).rejects.toThrow(/--force: .* is in use by process/);
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: deadPid(), host: (await import('node:os')).hostname() }));
    const { report } = await trainSpec(spec(variant('epochs: 2', 'epochs: 3')), { out: dir, resume: true });
    expect(report.history).toHaveLength(3);
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });
});

describe('--force', () => {
  it('never deletes a folder that is not a run of infobj: unrelated files, the folder of the spec', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'notes/sub'), { recursive: true });
    writeFileSync(join(dir, 'notes/notes.txt'), 'mine');
    writeFileSync(join(dir, 'notes/sub/thesis.tex'), 'mine too');
    writeFileSync(join(dir, 'notes/tiny.yaml'), BASE_SPEC); // as with --out "$PWD": the spec and its data
    writeFileSync(join(dir, 'notes/data.csv'), '1,2\n');
    await expect(trainSpec(spec(), { out: join(dir, 'notes'), force: true })).rejects.toThrow(
      /is not a run of infobj .*nothing was deleted/,
    );
    expect(readdirSync(join(dir, 'notes')).sort()).toEqual(['data.csv', 'notes.txt', 'sub', 'tiny.yaml']);
    expect(bytes(join(dir, 'notes/sub/thesis.tex'))).toBe('mine too');
    // a run folder with a stranger's file in it is not provably a run either
    const run = join(dir, 'run');
    await trainSpec(spec(), { out: run });
    writeFileSync(join(run, 'thesis.tex'), 'mine');
    await expect(trainSpec(spec(), { out: run, force: true })).rejects.toThrow(
      /it holds thesis\.tex, which no run writes/,
    );
    expect(readdirSync(run)).toContain('report.json');
  });

  it('replaces a run only when the new one succeeds; a failed retrain (NaN) restores the old run', async () => {
    const dir = join(scratch(), 'run');
    await trainSpec(spec(), { out: dir });
    const before = bytes(join(dir, 'report.json'));
    const nan = spec(variant('lr: 0.001', 'lr: 1e30'));
    await expect(trainSpec(nan, { out: dir, force: true })).rejects.toThrow(/the loss is NaN/);
    expect(bytes(join(dir, 'report.json'))).toBe(before);
    expect(readdirSync(join(dir, '..'))).toEqual(['run']);
    const { report } = await trainSpec(spec(variant('seed: 1', 'seed: 2')), { out: dir, force: true });
    expect(JSON.parse(bytes(join(dir, 'report.json'))).seed).toBe(report.seed);
    expect(readdirSync(join(dir, '..'))).toEqual(['run']); // the old run, moved aside, is gone
  });
});

describe('--resume', () => {
  it('refuses a spec that differs from the run’s except in epochs (which may grow), naming the field', () => {
    const base = spec(variant('epochs: 2', 'epochs: 4'));
    expect(resumeConflict(base, { ...base, seed: 2 })).toMatch(/^seed: the run was started with 1, this spec says 2/);
    expect(resumeConflict(base, spec(variant('lr: 0.001', 'lr: 0.01').replace('epochs: 2', 'epochs: 4')))).toMatch(
      /^train\.lr: /,
    );
    expect(
      resumeConflict(base, spec(variant('hidden: [16, 16]', 'hidden: [16, 32]').replace('epochs: 2', 'epochs: 4'))),
    ).toMatch(/^model\.encoders\[0\]\.net\.hidden\[1\]: /);
    expect(resumeConflict(base, spec(variant('epochs: 2', 'epochs: 6, checkpointEvery: 1, keep: 3')))).toBeUndefined();
    expect(resumeConflict(base, spec())).toMatch(/^train\.epochs: .* may train longer, not shorter/);
  });

  it('a finished run is not rewritten; without --out the newest unfinished run of the spec is resumed', async () => {
    process.chdir(scratch());
    const four = spec(variant('epochs: 2', 'epochs: 4, checkpointEvery: 1'));
    const finished = await trainSpec(four, {});
    const report = bytes(join(finished.dir, 'report.json'));
    await expect(trainSpec(four, { resume: true, seed: 7 })).rejects.toThrow(/no unfinished run of tiny/);
    await expect(trainSpec(four, { out: finished.dir, resume: true, seed: 7 })).rejects.toThrow(
      /seed: the run was started with 1, this spec says 7/,
    );
    await expect(trainSpec(four, { out: finished.dir, resume: true })).rejects.toThrow(/is finished \(4 epochs\)/);
    expect(bytes(join(finished.dir, 'report.json'))).toBe(report);
    await trainSpec(four, { stopAfter: 1 }); // runs/tiny-2, cut after epoch 1
    await trainSpec(four, { stopAfter: 2 }); // runs/tiny-3, cut after epoch 2: the newest
    const notes: string[] = [];
    const resumed = await trainSpec(four, { resume: true, log: (l) => notes.push(l) });
    expect(resumed.dir).toBe('runs/tiny-3');
    expect(notes.join('\n')).toMatch(
      /resuming runs\/tiny-3, the newest unfinished run of tiny, started .* \(1 older unfinished: runs\/tiny-2\)/,
    );
    expect(resumed.report.history.map((h) => h.loss)).toEqual(finished.report.history.map((h) => h.loss));
  });
});

describe('the output is probed before training', () => {
  it('a folder that cannot be created is named at once (no loop under /proc), and no room is said in MB', async () => {
    await expect(trainSpec(spec(), { out: '/proc/infobj/run' })).rejects.toThrow(
      /^\/proc\/infobj\/run: a parent folder cannot be created there/,
    );
    const dir = scratch();
    expect(() => probeOutput(dir, 1e18)).toThrow(/MB free, but a checkpoint and the report need ≈ \d+ MB/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
