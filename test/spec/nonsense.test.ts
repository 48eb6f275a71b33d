/**
 * Accepted nonsense (issue 28, points 6 and 8): constants that are no finite float32 numbers, integers beyond 2^53 − 1
 * and thousands of issues at once are refused by `infobj check` with one bounded line naming the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { BASE_SPEC, variant } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-nonsense-'));

async function check(text: string) {
  const file = join(dir, 'spec.yaml');
  writeFileSync(file, text);
  let [stdout, stderr] = ['', ''];
  const code = await runCli(['check', file], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, file };
}

const objective = (text: string) =>
  variant('  preset: dms\n  hypers: { β: 1 }\n', '', BASE_SPEC).replace('objective:\n', `objective: "${text}"\n`);

describe('constants that are no numbers are refused', () => {
  const cases: [text: string, message: RegExp][] = [
    ['max 1/0 + H(Z)', /objective: 1\/0 is infinite/],
    ['max log(-1) + H(Z)', /objective: log\(−1\) is not a number \(NaN\)/],
    ['max 1e-400·H(Z)', /objective\.text:1:5: 1e-400 is too small for a number and would read as 0/],
    ['max 1e999·I(X;Z)', /objective\.text:1:5: 1e999 is beyond the range of a number/],
    ['max 1e30·1e30·H(Z)', /objective: 1e\+30·1e\+30 is beyond float32/],
    ['max 1e-50·H(Z)', /objective: 1e-50 rounds to 0 in float32/],
  ];
  for (const [text, message] of cases)
    it(text, async () => {
      const r = await check(objective(text));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

  it('a hyper-parameter that makes a constant infinite: 1/β with β = 0', async () => {
    const text = variant('  preset: dms\n  hypers: { β: 1 }\n', '  text: "max H(Z) + 1/β"\n  hypers: { β: 0 }\n');
    const r = await check(text);
    expect(r.stderr).toMatch(/objective: 1\/β is infinite: the objective's constants must be finite numbers/);
  });

  it('finite constants and small ones float32 holds pass', async () => {
    expect((await check(objective('max 1e-40·H(Z) + 2·H(Z|X)'))).code).toBe(0);
  });
});

describe('integers beyond 2^53 − 1 are refused, naming the field', () => {
  for (const [from, to, field] of [
    ['seed: 1', 'seed: 1e23', 'seed'],
    ['n: 200', 'n: 1e20', 'data.n'],
    ['epochs: 2', 'epochs: 9007199254740993', 'train.epochs'],
  ] as const)
    it(`${field}: ${to}`, async () => {
      const r = await check(variant(from, to));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${field.replace('.', '\\.')}: expected .*integers beyond 2\\^53 − 1`));
    });
});

describe('messages are bounded', () => {
  it('5,000 bad eval.metrics: the first issues and a count, under 1,000 characters', async () => {
    const metrics = Array.from({ length: 5000 }, (_, i) => `bad${i}`).join(', ');
    const r = await check(variant('metrics: [ari, nmi, kmeans]', `metrics: [${metrics}]`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/eval\.metrics\[0\]: expected a metric .*; … and 49\d\d more issues\n$/);
    expect(r.stderr.length).toBeLessThan(1000);
    console.log(`5,000 bad eval.metrics: a message of ${r.stderr.length} characters`);
  });
});
