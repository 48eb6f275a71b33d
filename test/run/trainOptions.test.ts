/**
 * `trainSpec` from plain JavaScript (issue 27, tried as a new user): a value that is not a decoded spec, an option of
 * the wrong type and an option it does not know are each refused with one ArgumentError naming `trainSpec` and the
 * option, before any work (no run folder is claimed).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/api/arguments.ts';
import { trainSpec } from '../../src/run/run.ts';
import { parseSpecText } from '../../src/spec/index.ts';

const spec = parseSpecText(`data: { kind: synthetic, shape: moons, n: 100 }
model: { encoders: [{ name: L, family: categorical, size: 2, net: { kind: mlp, hidden: [8] } }] }
objective: "max H(Z) - H(Z|X)"
train: { epochs: 1 }
`);

describe('trainSpec refuses wrong arguments before any work', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'infobj-options-')), 'run');
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['an empty object', () => trainSpec({} as never), /^trainSpec: spec: expected a Spec \(from loadSpec/],
    [
      'a spec file’s value, not decoded',
      () => trainSpec({ ...spec, objective: 'max H(Z)' } as never),
      /^trainSpec: spec: expected a Spec/,
    ],
    [
      'out: 5',
      () => trainSpec(spec, { out: 5 as never }),
      /^trainSpec: options\.out: expected a non-empty string, got 5/,
    ],
    [
      'seed: -1',
      () => trainSpec(spec, { out, seed: -1 }),
      /^trainSpec: options\.seed: expected a non-negative integer, got -1/,
    ],
    ["seed: '3'", () => trainSpec(spec, { out, seed: '3' as never }), /^trainSpec: options\.seed: .*got "3"/],
    [
      "backend: 'gpu'",
      () => trainSpec(spec, { out, backend: 'gpu' as never }),
      /^trainSpec: options\.backend: expected one of wasm, cpu/,
    ],
    [
      'epochs: 5 (a spec field)',
      () => trainSpec(spec, { out, epochs: 5 } as never),
      /^trainSpec: options\.epochs: expected one of the options out, .* \(the spec's train\.epochs sets it\), got 5/,
    ],
    [
      'a misspelt option',
      () => trainSpec(spec, { out, forse: true } as never),
      /options\.forse: .*did you mean 'force'\?/,
    ],
  ];
  for (const [what, call, message] of cases)
    it(what, async () => {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
});
