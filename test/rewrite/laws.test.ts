import { describe, expect, it } from 'vitest';
import { encoder, parse, print, variable } from '../../src/expr/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { LAWS, lawNamed, normalise, rewrite } from '../../src/rewrite/index.ts';

describe('every law, generically', () => {
  for (const law of LAWS) {
    it(`${law.name}: ${law.statement}`, () => {
      const before = law.example();
      const after = rewrite(before, law.name);
      expect(print(after)).not.toBe(print(before)); // the law applies to its example
      expect(after).toBeEquivalentTo(before, { draws: 3, prove: false, pins: [[], law.examplePins?.() ?? []] }); // both sides: same values and gradients (numerically: a proof would use the law itself)
    });
  }
});

describe('paired laws', () => {
  it("apply to two networks' joint, not to the symmetrised joint of one network on two views", () => {
    const [X, Xv, Z, Zv] = ['X', "X'", 'Z', "Z'"].map(variable);
    const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 3 });
    const view = encoder(Zv, Xv, { family: 'categorical', model: 'Phi', size: 3 });
    const o = parse("max I(Z;Z') − H(Z|Z')", { encoders: [phi, view] });
    for (const name of ['paired-mi-as-entropies', 'paired-conditional-entropy'])
      expect(print(rewrite(o, name))).toBe("max I(Z;Z') − H(Z|Z')");
  });
});

describe('normaliser', () => {
  const X = variable('X');
  const Z = variable('Z');
  const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 5 });

  it('spells I(X;Z) out as Neural Bayes Eq. 8 and keeps it equivalent', () => {
    const mim = neuralBayes.mimInfo(L);
    const normal = normalise(mim);
    expect(print(normal)).toBe('max −Σ_k[E_x[L(x)]·log(E_x[L(x)])] − −E_x[Σ_k[L(x)·log(L(x))]]');
    expect(normal).toBeEquivalentTo(mim);
  });

  it('reaches a fixpoint: normalising twice changes nothing', () => {
    const once = normalise(neuralBayes.mimInfo(L));
    expect(normalise(once)).toEqual(once);
  });

  it('names unknown laws in its error', () => {
    expect(() => lawNamed('no-such-law')).toThrow(/laws: mi-as-entropies, /);
  });
});
