/**
 * The objective parser is linear in the text (issue 28, point 7: 2,000 `H(Z)` terms took 66 s, 60,000 never ended).
 * The time is measured and printed, never asserted (the machine is shared); vitest's timeout is the guard against a
 * quadratic parser, which would take hours here. The tree must hold every term.
 */
import { expect, it } from 'vitest';
import { encoder, parse, variable } from '../../src/expr/index.ts';

const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: 3 });

it('parses 60,000 terms', { timeout: 20_000 }, () => {
  const terms = 60_000;
  const text = `max ${Array.from({ length: terms }, (_, i) => (i % 2 ? 'H(Z)' : '0.5·H(Z|X)')).join(' + ')}`;
  const started = performance.now();
  const { body } = parse(text, { encoders: [L] });
  const ms = performance.now() - started;
  console.log(`parse: ${terms} terms (${text.length} characters) in ${ms.toFixed(0)} ms`);
  expect(body.kind === 'add' && body.terms.length).toBe(terms);
});
