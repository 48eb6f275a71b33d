/**
 * The generated PyTorch program on N processes against one, and `infobj train --engine pytorch` end to end (one update
 * of every shipped spec against the tfjs lowering: shippedSpecs.test.ts). Skipped, saying why,
 * when no python imports torch (.ci/run installs Debian's python3-torch).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termKeys } from '../../../src/plan/termKeys.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import { infobj, scratch, writeSpec } from '../../cli/run.ts';
import { python, small, title, torch, expectSameTensors, oneAndTwoProcesses, expectSameTerms } from './harness.ts';

/** Run the program until its stderr shows `line`, then send it `signal`; resolves to its exit code and stdout. */
function interrupted(
  args: string[],
  line: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(torch!.python, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (!sent && stderr.includes(line)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout })));
}

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  for (const name of ['dms-moons', 'dms-blobs3'])
    it(`${name}: the parameters after 5 steps agree (float64)${name === 'dms-moons' ? ', through a SIGTERM and --resume' : ''}`, async () => {
      // stopped after step 2 with a checkpoint (exit 143), continued from it
      const throughResume = async (args: string[]) => {
        const stopped = await interrupted(args, 'step 2/5', 'SIGTERM');
        expect(stopped.code).toBe(143);
        expect(JSON.parse(stopped.stdout.trim().split('\n').pop()!)).toMatchObject({
          interrupted: 'SIGTERM',
          epoch: 1,
        });
        python([...args, '--resume']);
      };
      const spec = small(`specs/${name}.yaml`, 200, 40, 1);
      const runs = await oneAndTwoProcesses(spec, name === 'dms-moons' ? throughResume : undefined);
      // float64 keeps rounding (which R_c's 1/ζ² amplifies: float32 runs part by 1e-2 within 5 steps) below what a
      // checkpoint's float32 stores; the resumed run restarts from float32 weights and moments (≈ 6e-8 each)
      expectSameTensors(runs);
      // the epoch's term means, the 2-process run's through its checkpoint's partial sums when resumed mid-epoch
      expectSameTerms(runs, spec);
    });
});

describe.skipIf(!torch)(title('infobj train --engine pytorch'), () => {
  it('trains with 2 processes into a run folder whose report and checkpoints infobj reads', () => {
    const dir = scratch();
    const spec = writeSpec(
      dir,
      'tiny.yaml',
      readFileSync('specs/dms-moons.yaml', 'utf8')
        .replace('n: 4000', 'n: 400')
        .replace('batch: 400, epochs: 30, checkpointEvery: 10', 'batch: 100, epochs: 2, checkpointEvery: 1'),
    );
    const out = join(dir, 'run');
    const r = infobj(['train', spec, '--engine', 'pytorch', '--nproc', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.backend).toMatch(/^pytorch .* \(cpu, 2 processes\)$/);
    expect(report.history).toHaveLength(2);
    const keys = [...termKeys(compileSpec(loadSpec(spec)).plan).values()];
    for (const entry of report.history) {
      expect(Object.keys(entry.terms)).toEqual(keys);
      for (const v of Object.values(entry.terms)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi', 'kmeans_ari', 'loss']));
    expect(existsSync(join(out, 'pytorch', 'train.py'))).toBe(true);
    // the program's own report stays in its folder; the run's, written after the plots, marks the run finished
    expect(JSON.parse(readFileSync(join(out, 'pytorch', 'report.json'), 'utf8')).history).toHaveLength(2);
    expect(existsSync(join(out, 'loss.svg'))).toBe(true);
    expect(infobj(['train', spec, '--engine', 'pytorch', '--out', out]).stderr).toMatch(/already holds a run/);
    const evaluated = infobj(['eval', out]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const again = JSON.parse(readFileSync(evaluated.stdout.trim(), 'utf8'));
    expect(again.metrics.ari).toBeCloseTo(report.metrics.ari, 6);
  });
});
