/**
 * enter the objective linearly; a term multiplied or divided by another term stays.
 * enter the objective linearly; a term inside a non-linearity, or multiplied by another term, stays.
 */
import { describe, expect, it } from 'vitest';
import { encoder, parse, variable } from '../../src/expr/index.ts';
import { ESTIMATOR_MODULES } from '../../src/estimators/registry.ts';
import { slopeFreeTerms } from '../../src/lower/slopeFree.ts';
import { plan } from '../../src/plan/plan.ts';

const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: 3 });
const freeOf = (text: string) => {
  const p = plan(parse(text, { encoders: [L] }));
  const free = slopeFreeTerms(p, ESTIMATOR_MODULES);
  return p.terms.filter((t) => free.has(t.id)).map((t) => t.term);
};

describe('slopeFreeTerms', () => {
  it('leaves out R_c and H(Z|X) where they are added, keeps the terms that read the marginal', () => {
    expect(freeOf('max JSD[0.5, 0.5](p(x|z=0), p(x|z≠0)) − β·R_c(L)')).toEqual(['R_c(L)']);
    expect(freeOf('max H(Z) − 2·H(Z|X) − β·R_p(L)')).toEqual(['H(Z|X)']);
  });

  it('keeps a term that multiplies or divides another term', () => {
    expect(freeOf('max H(Z)·H(Z|X)')).toEqual([]);
    expect(freeOf('max H(Z) / H(Z|X)')).toEqual([]);
  });
});
