/** `infobj explain --equivalent-to`: the spec's objective proved or refuted against another, in text and in JSON. */
import { describe, expect, it } from 'vitest';
import { variant } from '../spec/fixtures.ts';
import { infobj, scratch, writeSpec } from './run.ts';

describe('infobj explain --equivalent-to', () => {
  const spec = () =>
    writeSpec(scratch(), 'mi.yaml', variant('  preset: dms\n  hypers: { β: 1 }', '  text: max I(X;Z)'));

  it('prints the proof after the plan, and under equivalence in --json', () => {
    const file = spec();
    const text = infobj(['explain', file, '--equivalent-to', 'max H(Z) − H(Z|X)']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /proved: max I\(X;Z\) {2}≡ {2}max H\(Z\) − H\(Z\|X\)\n {2}1\. I\(X;Z\) = H\(Z\) − H\(Z\|X\) {3}\[mi-as-entropies at root\]/,
    );
    const json = JSON.parse(infobj(['explain', file, '--json', '--equivalent-to', 'max H(Z) − H(Z|X)']).stdout);
    expect(json.equivalence.verdict).toBe('proved');
    expect(json.equivalence.proof.steps).toEqual([
      {
        law: 'mi-as-entropies',
        direction: '→',
        at: 'root',
        before: 'I(X;Z)',
        after: 'H(Z) − H(Z|X)',
        result: 'H(Z) − H(Z|X)',
      },
    ]);
    expect(json.terms.length).toBeGreaterThan(0);
  });

  it('prints a shrunk counterexample for an objective that differs', () => {
    const json = JSON.parse(infobj(['explain', spec(), '--json', '--equivalent-to', 'max H(Z)']).stdout);
    expect(json.equivalence.verdict).toBe('refuted');
    expect(json.equivalence.proof).toBeUndefined();
    expect(json.equivalence.counterexample.sizes.draws).toBeGreaterThanOrEqual(1);
    expect(json.equivalence.numeric.equivalent).toBe(false);
  });

  it('with the spec’s I(X;Z) pinned to a critic bound: a lower bound (≤ by Donsker–Varadhan), never proved equal', () => {
    const pinned = writeSpec(
      scratch(),
      'mine.yaml',
      variant('  preset: dms\n  hypers: { β: 1 }', "  text: max I(X;Z)\n  pins: { 'I(X;Z)': mine }"),
    );
    const run = infobj(['explain', pinned, '--json', '--equivalent-to', 'max H(Z) − H(Z|X)']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.equivalence.verdict).not.toBe('proved');
    expect(json.equivalence.bound.relation).toBe('≤');
    expect(json.equivalence.bound.text).toMatch(/^bounded: max I\(X;Z\) {2}≤ {2}max H\(Z\) − H\(Z\|X\)/);
    expect(json.equivalence.bound.steps.map((s: { step: string }) => s.step)).toEqual(['I_DV[T](X;Z) ≤ I(X;Z)']);
  });
});
