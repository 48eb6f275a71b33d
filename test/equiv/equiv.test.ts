import { describe, expect, it } from 'vitest';
import { encoder, H, Hcond, I, maximize, sub, variable } from '../../src/expr/index.ts';
import { checkEquivalent, describeReport } from '../../src/equiv/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';

const X = variable('X');
const Z = variable('Z');
const Y = variable('Y');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 6 });
const B = encoder(Y, X, { family: 'bernoulli', model: 'B', size: 1 });

describe('checkEquivalent', () => {
  it('I(X;Z) ≡ H(Z) − H(Z|X) for a categorical encoder', () => {
    const r = checkEquivalent(maximize(I(X, Z, L)), maximize(sub(H(Z, L), Hcond(Z, X, L))), { draws: 4 });
    expect(r.equivalent).toBe(true);
    expect(r.maxAbsValueDiff).toBeLessThan(1e-5);
    expect(r.maxAbsGradDiff).toBeLessThan(1e-5);
  });

  it('DMS Eq. 3 ≡ its JSD form (Neural Bayes Proposition 1)', () => {
    expect(neuralBayes.dmsEq3(B)).toBeEquivalentTo(neuralBayes.dmsJsd(B), { draws: 4 });
  });

  it('DMS Eq. 5 is log 2 − JSD: equivalent up to the constant', () => {
    const r = checkEquivalent(neuralBayes.dmsEq5(B), neuralBayes.dmsJsd(B), { upToConstant: true, draws: 4 });
    expect(r.equivalent).toBe(true);
    expect(r.offset).toBeCloseTo(Math.log(2), 4);
    // without upToConstant: not equivalent, and the report says by what constant (the gradients agree)
    const strict = checkEquivalent(neuralBayes.dmsEq5(B), neuralBayes.dmsJsd(B), { draws: 4, prove: false });
    expect(strict.equivalent).toBe(false);
    expect(strict.numeric.constantOffset).toBeCloseTo(Math.log(2), 4);
    expect(describeReport(neuralBayes.dmsEq5(B), neuralBayes.dmsJsd(B), strict)).toMatch(
      /values differ by the same constant in every draw \(loss a − loss b = 0\.693/,
    );
    // a pair whose gradients differ gets no such line
    const wrong = checkEquivalent(maximize(I(X, Z, L)), maximize(H(Z, L)), { draws: 2, prove: false });
    expect(wrong.numeric.constantOffset).toBeUndefined();
  });

  it('MIM Eq. 6 ≡ Eq. 8 (max vs min of the same loss, up to the constant the ε inside the log adds)', () => {
    expect(neuralBayes.mimEq8(L)).toBeEquivalentTo(neuralBayes.mimEq6(L), { upToConstant: true, draws: 4 });
    expect(neuralBayes.mimEq6(L)).toBeEquivalentTo(neuralBayes.mimInfo(L), { draws: 4 });
  });

  it('reports a wrong pair as not equivalent, with the numbers', () => {
    const a = maximize(I(X, Z, L));
    const b = maximize(H(Z, L)); // forgets −H(Z|X)
    const r = checkEquivalent(a, b);
    expect(r.equivalent).toBe(false);
    expect(r.maxAbsValueDiff).toBeGreaterThan(0.1);
    expect(r.maxAbsGradDiff).toBeGreaterThan(1e-3);
    const text = describeReport(a, b, r);
    expect(text).toMatch(/NOT equivalent over 3 draws/);
    expect(text).toMatch(/max \|Δ value\| = \d\.\d+e[-+]\d+/);
    expect(() => expect(a).toBeEquivalentTo(b)).toThrow(
      /^refuted: counterexample \(shrunk in \d+ checks\): \d+ draws? of networks[^\n]*\nnumerically NOT equivalent[\s\S]*a: max I\(X;Z\)[\s\S]*b: max H\(Z\)[\s\S]*worst: /,
    );
  });

  it('the matcher’s .not failure prints the proof, its failure the shrunk counterexample', () => {
    const [a, b] = [maximize(I(X, Z, L)), maximize(sub(H(Z, L), Hcond(Z, X, L)))];
    expect(() => expect(a).not.toBeEquivalentTo(b)).toThrow(
      /^proved: max I\(X;Z\) {2}≡ {2}max H\(Z\) − H\(Z\|X\)\n {2}1\. I\(X;Z\) = H\(Z\) − H\(Z\|X\) {3}\[mi-as-entropies at root\]\n/,
    );
  });

  it('a constant offset is not equivalence unless asked for', () => {
    const eq5 = neuralBayes.dmsEq5(B);
    expect(checkEquivalent(eq5, neuralBayes.dmsJsd(B)).equivalent).toBe(false);
  });
});
