/** DESIGN contract: objective warnings are printed by check, explain and train as `warning: <term>: <why>`; --strict fails. */
import { expect, it } from 'vitest';
import { variant } from '../spec/fixtures.ts';
import { infobj, scratch, writeSpec } from './run.ts';

const collapse = variant('objective:\n  preset: dms\n  hypers: { β: 1 }', 'objective: "min H(Z|X)"').replace(
  'family: bernoulli\n      size: 1',
  'family: categorical\n      size: 3',
);

it('a degenerate objective is a warning for check and explain, and an error under --strict', () => {
  const spec = writeSpec(scratch(), 'collapse.yaml', collapse);
  for (const command of ['check', 'explain']) {
    const r = infobj([command, spec]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: H\(Z\|X\): minimising it alone .* nothing keeps Z from collapsing/m);
    const strict = infobj([command, spec, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error: .*collapse\.yaml: objective: H\(Z\|X\): .*\(an error under --strict\)/);
  }
  expect(infobj(['train', spec, '--strict', '--out', `${scratch()}/run`]).code).toBe(1);
});
