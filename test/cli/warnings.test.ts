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

const categorical = (objective: string) =>
  variant('objective:\n  preset: dms\n  hypers: { β: 1 }', `objective: "${objective}"`).replace(
    'family: bernoulli\n      size: 1',
    'family: categorical\n      size: 3',
  );

it('terms that cancel, a maximised H(Z|X) and a divergence of p(z|x) to itself are warnings, not errors', () => {
  const dir = scratch();
  const cases: [string, RegExp][] = [
    ['max I(X;Z) − I(X;Z)', /^warning: I\(X;Z\): its coefficients \+1, −1 sum to 0: .* constant and trains nothing$/m],
    [
      'max H(Z) − H(Z|X) + 2·H(Z|X) − H(Z|X)',
      /^warning: H\(Z\|X\): its coefficients −1, \+2, −1 sum to 0: encoder L receives no gradient from it$/m,
    ],
    ['max H(Z|X)', /^warning: H\(Z\|X\): maximising it rewards making every p\(z\|x\) uniform whatever x is/m],
    [
      'max H(Z) − KL(p(z|x) ‖ p(z|x))',
      /^warning: KL\(p\(z\|x\) ‖ p\(z\|x\)\): the KL divergence of a distribution to itself is 0/m,
    ],
  ];
  cases.forEach(([objective, warning], i) => {
    const r = infobj(['check', writeSpec(dir, `case${i}.yaml`, categorical(objective))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(warning);
  });
  const strict = infobj(['check', `${dir}/case3.yaml`, '--strict']);
  expect(strict.code).toBe(1);
  expect(strict.stderr).toMatch(
    /error: .*case3\.yaml: objective: KL\(p\(z\|x\) ‖ p\(z\|x\)\): .*\(an error under --strict\)/,
  );
});
