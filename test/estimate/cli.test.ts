/**
 * `infobj estimate`: .npy and CSV inputs with column groups, the --json contract (the last line of stdout is one JSON
 * object with estimate, std, estimator, reason, n, seconds), and bad input as one line and exit code 1 before any work.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { infobj, scratch } from '../cli/run.ts';
import { gaussianPairs, writeCsv, writeNpy } from './fixtures.ts';

/** `infobj …args` in-process: exit code, stdout, stderr. */
async function cli(args: string[]) {
  let [stdout, stderr] = ['', ''];
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const REQUIRED = ['estimate', 'std', 'estimator', 'reason', 'n', 'seconds'];

describe('infobj estimate', () => {
  const dir = scratch();
  const g = gaussianPairs(600, 2, 0.75, 4); // X ∈ R², Y ∈ R² with I = 0.8267 nats; Y's first column only: 0.4133
  const at = (name: string) => join(dir, name);
  writeNpy(at('x.npy'), g.x);
  writeNpy(at('y.npy'), g.y);
  writeNpy(
    at('y1.npy'),
    g.y.map((r) => r[0]),
    [g.y.length],
  ); // a 1-D .npy is one column
  writeCsv(at('xy.csv'), [['x0', 'x1', 'y0'], ...g.x.map((r, i) => [...r, g.y[i][0]])]);

  it('reads .npy files and prints the estimate, the estimator and why; --json puts one object on the last line', () => {
    const r = infobj(['estimate', '--x', at('x.npy'), '--y', at('y.npy'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    for (const key of REQUIRED) expect(last).toHaveProperty(key);
    expect(last).toMatchObject({ n: 600, dimX: 2, dimY: 2 });
    expect(last.candidates.map((c: { estimator: string }) => c.estimator)).toEqual(['gcmi', 'ksg']);
    expect(last.estimate).toBe(Math.max(...last.candidates.map((c: { estimate: number }) => c.estimate)));
    expect(Math.abs(last.estimate - g.mi)).toBeLessThan(0.1);
    expect(last.reason).toMatch(/n = 600 < 1000 is too few to test for a Gaussian/);
    expect(r.stderr).toBe('');
  });

  it('one CSV with --x-cols 0-1 --y-cols 2 (header detected) equals the .npy pair of the same columns', async () => {
    const csv = await cli(['estimate', '--data', at('xy.csv'), '--x-cols', '0-1', '--y-cols', '2', '--json']);
    const npy = await cli(['estimate', '--x', at('x.npy'), '--y', at('y1.npy'), '--json']);
    expect(csv.code, csv.stderr).toBe(0);
    const [a, b] = [csv, npy].map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!));
    expect(a.estimate).toBe(b.estimate);
    expect(a).toMatchObject({ dimX: 2, dimY: 1 });
    expect(Math.abs(a.estimate - 0.4133)).toBeLessThan(0.1);
    const alone = await cli(['estimate', '--x', at('xy.csv'), '--x-cols', '0-1', '--y-cols', '2', '--json']);
    expect(JSON.parse(alone.stdout.trim().split('\n').at(-1)!).estimate).toBe(a.estimate);
    const text = await cli(['estimate', '--data', at('xy.csv'), '--x-cols', '0-1', '--y-cols', '2']);
    expect(text.stdout).toMatch(/^I\(X;Y\) ≈ \d\.\d{4} ± \d\.\d{4} nats \(n = 600, dim X = 2, dim Y = 1/);
    expect(text.stdout).toMatch(/\nestimator: (ksg — KSG, Kraskov|gcmi — )/);
    expect(text.stdout).toMatch(
      /\nwhy: the sample is not taken as Gaussian .* KSG as dim\(X\)\+dim\(Y\) = 3 ≤ 6, not InfoNCE/,
    );
    expect(text.stdout).toMatch(/\nspread: std over 5 disjoint folds/);
  });

  it('a critic from the command line: spread over seeds and the InfoNCE ceiling in the JSON', async () => {
    const r = await cli([
      'estimate',
      '--x',
      at('x.npy'),
      '--y',
      at('y1.npy'),
      '--estimator',
      'infonce',
      '--steps',
      '60',
      '--batch',
      '32',
      '--seeds',
      '2',
      '--seed',
      '5',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(e).toMatchObject({ estimator: 'infonce', reason: 'chosen by the caller', side: 'lower' });
    expect(e.runs).toHaveLength(2);
    expect(e.ceiling).toBeCloseTo(Math.log(32), 10);
    expect(e.std).toBeGreaterThan(0);
  });

  it('bad input: one line, exit code 1, nothing on stdout', async () => {
    writeCsv(at('ragged.csv'), [
      [1, 2],
      [3, 4, 5],
    ]);
    writeNpy(at('nan.npy'), [[1], [Number.NaN], [3]]);
    writeNpy(at('short.npy'), g.y.slice(0, 599));
    writeNpy(at('x20.npy'), g.x.slice(0, 20));
    writeNpy(at('y20.npy'), g.y.slice(0, 20));
    writeNpy(at('x12.npy'), g.x.slice(0, 12));
    writeNpy(at('y12.npy'), g.y.slice(0, 12));
    writeFileSync(at('words.csv'), 'a,b\n1,x\n');
    const cases: [string[], RegExp][] = [
      [
        ['--data', at('ragged.csv'), '--x-cols', '0', '--y-cols', '1'],
        /ragged\.csv:2: expected 2 fields like the first row, got 3/,
      ],
      [['--x', at('nan.npy'), '--y', at('nan.npy')], /--x: NaN at row 2, column 1 of .*nan\.npy/],
      [['--x', at('x.npy'), '--y', at('short.npy')], /X has 600 samples and Y has 599: the rows must pair up/],
      [['--x', at('x20.npy'), '--y', at('y20.npy')], /auto runs gcmi, ksg: ksg needs at least 30 samples, got 20/],
      [['--x', at('x12.npy'), '--y', at('y12.npy'), '--estimator', 'smile'], /smile needs at least 16 samples, got 12/],
      [
        ['--x', at('missing.npy'), '--y', at('y.npy'), '--estimator', 'infonse'],
        /unknown estimator 'infonse' \(did you mean infonce\?\)/,
      ],
      [['--x', at('x.npy')], /give the samples: --x X\.npy --y Y\.npy, or one table with both column groups: --data/],
      [['--data', at('xy.csv'), '--x-cols', '0-1'], /--data needs --x-cols and --y-cols/],
      [['--data', at('xy.csv'), '--x-cols', '0-3', '--y-cols', '2'], /--x-cols: column 3 does not exist/],
      [['--x', at('words.csv'), '--y', at('words.csv')], /'x' is not a number/],
      [['--x', at('x.npy'), '--y', at('y.npy'), '--seeds', '0'], /--seeds: expected an integer ≥ 1, got 0/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['estimate', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(message);
    }
  });
});
