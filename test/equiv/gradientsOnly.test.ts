/**
 * Terms whose estimator gives only a gradient (MIGE: a placeholder value carrying the surrogate gradient) are left out
 * of value comparisons: checkEquivalent compares gradients only, chooses that itself, and says so.
 */
import { describe, expect, it } from 'vitest';
import { checkEquivalent, describeReport } from '../../src/equiv/index.ts';
import { encoder, H, Hcond, I, maximize, sub, variable } from '../../src/expr/index.ts';
import { explain, explainJson, plan } from '../../src/plan/index.ts';

const X = variable('X');
const Z = variable('Z');
const G = encoder(Z, X, { family: 'gaussian', model: 'G', size: 2 });
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 });

describe('gradient-only terms', () => {
  it('are marked in the plan, in explain and in explain --json', () => {
    const p = plan(maximize(sub(H(Z, G), Hcond(Z, X, G))));
    expect(p.terms.map((t) => [t.term, t.estimator, t.valueEstimated])).toEqual([
      ['H(Z)', 'mige', false],
      ['H(Z|X)', 'analytic-gaussian', true],
    ]);
    expect(explainJson(p).map((t) => t.valueEstimated)).toEqual([false, true]);
    const text = explain(p);
    expect(text).toMatch(/^ {2}H\(Z\) +mige {2}\[gradient: surrogate, value not estimated\]$/m);
    expect(text).toMatch(/^ {2}H\(Z\|X\) +analytic-gaussian {2}\[gradient: exact\]$/m);
  });

  it('a gaussian I(X;Z) ≡ H(Z) − H(Z|X) (both MIGE): gradients only, said in the report and the matcher', () => {
    const [a, b] = [maximize(I(X, Z, G)), maximize(sub(H(Z, G), Hcond(Z, X, G)))];
    const r = checkEquivalent(a, b);
    expect(r.equivalent).toBe(true);
    expect(r.compared).toBe('gradients');
    expect(r.note).toMatch(/values not compared: I\(X;Z\) \(mige\), H\(Z\) \(mige\) give only a gradient/);
    expect(r.maxAbsValueDiff).toBeNaN();
    expect(r.maxAbsGradDiff).toBeLessThan(1e-5);
    expect(r.verdict).toBe('proved');
    expect(describeReport(a, b, r)).toMatch(
      /^proved: [\s\S]*\[mi-as-entropies at root\]\n[\s\S]*numerically equivalent over 3 draws, gradients only\n[\s\S]*note: values not compared/,
    );
    expect(() => expect(a).not.toBeEquivalentTo(b)).toThrow(/proved: [\s\S]*gradients only[\s\S]*values: not compared/);
  });

  it('gradients that differ are still NOT equivalent', () => {
    const [a, b] = [maximize(I(X, Z, G)), maximize(H(Z, G))]; // forgets −H(Z|X)
    const r = checkEquivalent(a, b);
    expect(r.compared).toBe('gradients');
    expect(r.equivalent).toBe(false);
    expect(r.worst).toMatch(/^gradient/);
    expect(r.verdict).toBe('refuted');
    expect(() => expect(a).toBeEquivalentTo(b)).toThrow(
      /^refuted: counterexample \(shrunk in \d+ checks\)[\s\S]*NOT equivalent over 3 draws, gradients only/,
    );
  });

  it('a plug-in pair still compares values; gradientsOnly: true is honoured without a note', () => {
    const [a, b] = [maximize(I(X, Z, L)), maximize(H(Z, L))];
    const both = checkEquivalent(maximize(I(X, Z, L)), maximize(sub(H(Z, L), Hcond(Z, X, L))));
    expect([both.equivalent, both.compared, both.note]).toEqual([true, 'values-and-gradients', undefined]);
    expect(both.maxAbsValueDiff).toBeLessThan(1e-5);
    const forced = checkEquivalent(a, b, { gradientsOnly: true });
    expect([forced.equivalent, forced.compared, forced.note]).toEqual([false, 'gradients', undefined]);
  });
});
