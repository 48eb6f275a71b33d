/**
 * Donsker–Varadhan and NWJ as bounds (≤, not =): their estimators' formulas against closed forms on a Gaussian pair
 * (equal to I at the law's optimal critic, below it at others), and the prover's bound proofs of objectives whose I is
 * estimated by a critic bound: oriented by the term's sign, refused where a side condition fails, never an equality.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  BOUND_LAWS,
  checkEquivalent,
  describeReport,
  equivalenceJson,
  proveBound,
  type BoundProof,
} from '../../src/equiv/index.ts';
import {
  add,
  encoder,
  H,
  Hcond,
  hyper,
  I,
  maximize,
  minimize,
  mul,
  sub,
  variable,
  type Expr,
} from '../../src/expr/index.ts';
import { SCORE_FORMULAS } from '../../src/estimators/scores.ts';
import { LAWS, rewrite } from '../../src/rewrite/index.ts';

describe('the bound laws against closed forms (a Gaussian pair of correlation ρ)', () => {
  const rho = 0.6;
  const mi = -0.5 * Math.log(1 - rho * rho);
  // T*(x, y) = log p(x,y)/(p(x)p(y)) of standard normals of correlation ρ
  const optimal = (x: tf.Tensor, y: tf.Tensor) =>
    tf.sub(
      mi,
      tf.div(
        tf.sub(tf.mul(rho * rho, tf.add(tf.square(x), tf.square(y))), tf.mul(2 * rho, tf.mul(x, y))),
        2 * (1 - rho * rho),
      ),
    );
  const [N, K] = [4000, 64];
  /** The bound's value on N pairs, each against K − 1 others, with the critic `critic`. */
  const bound = (name: 'mine' | 'nwj' | 'mine-f', critic: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) =>
    tf.tidy(() => {
      const x = tf.randomNormal([N, 1], 0, 1, 'float32', 1);
      const e = tf.randomNormal([N, 1], 0, 1, 'float32', 2);
      const y = tf.add(tf.mul(rho, x), tf.mul(Math.sqrt(1 - rho * rho), e));
      // column j pairs x_i with y_{i+j}: the positive first, then samples of p(x)p(y)
      const ys = tf.concat(
        Array.from({ length: K }, (_, j) =>
          j === 0 ? y : tf.concat([tf.slice(y, [j, 0], [-1, 1]), tf.slice(y, [0, 0], [j, 1])]),
        ),
        1,
      );
      const scores = critic(tf.tile(x, [1, K]), ys) as tf.Tensor2D;
      return SCORE_FORMULAS[name]({ scores }).dataSync()[0];
    });
  /** The critic at which each law is tight: T* for Donsker–Varadhan, 1 + T* for NWJ. */
  const tight: Record<(typeof BOUND_LAWS)[number]['name'], (x: tf.Tensor, y: tf.Tensor) => tf.Tensor> = {
    'donsker-varadhan': optimal,
    nwj: (x, y) => tf.add(1, optimal(x, y)),
  };
  const tolerance = 0.03;

  for (const law of BOUND_LAWS)
    for (const estimator of law.estimators)
      it(`${law.name} (${estimator}) equals I = −½log(1 − ρ²) at ${law.tight}`, () => {
        expect(Math.abs(bound(estimator as 'mine' | 'nwj', tight[law.name]) - mi)).toBeLessThan(tolerance);
      });

  it('other critics give less: DV at T*/2 and at 0, NWJ at T* (I − 1/e) and at T* + 2 (I + 2 − e)', () => {
    expect(bound('mine', (x, y) => tf.mul(0.5, optimal(x, y)))).toBeLessThan(mi - tolerance);
    expect(bound('mine', (x) => tf.zerosLike(x))).toBeCloseTo(0, 6);
    expect(Math.abs(bound('nwj', optimal) - (mi - Math.exp(-1)))).toBeLessThan(tolerance);
    expect(Math.abs(bound('nwj', (x, y) => tf.add(2, optimal(x, y))) - (mi + 2 - Math.E))).toBeLessThan(tolerance);
    expect(bound('nwj', (x) => tf.zerosLike(x))).toBeCloseTo(-Math.exp(-1), 6);
  });

  it('NWJ ≤ DV at the same critic (log u ≤ u/e)', () => {
    for (const critic of [optimal, (x: tf.Tensor, y: tf.Tensor) => tf.mul(2, optimal(x, y)), (x: tf.Tensor) => x])
      expect(bound('nwj', critic)).toBeLessThanOrEqual(bound('mine', critic) + 1e-6);
  });
});

describe('bound proofs', () => {
  const [X, Z] = [variable('X'), variable('Z')];
  const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
  const [h, hc, mi] = [H(Z, L), Hcond(Z, X, L), I(X, Z, L)];
  const pin = (estimator: 'mine' | 'nwj' | 'mine-f' | 'infonce', expr: Expr = mi) => [{ expr, estimator }] as const;
  const proved = (r: ReturnType<typeof proveBound>): BoundProof => {
    if ('refused' in r) throw new Error(`refused: ${r.refused}`);
    return r;
  };

  it('max I(X;Z) estimated by DV is a lower bound of max H(Z) − H(Z|X), the bound step marked ≤', () => {
    const [a, b] = [maximize(mi), maximize(sub(h, hc))];
    const p = proved(proveBound(a, b, [pin('mine'), []]));
    expect(p.relation).toBe('≤');
    expect(p.steps.map((s) => [s.law, s.text])).toEqual([['donsker-varadhan', 'I_DV[T](X;Z) ≤ I(X;Z)']]);
    expect(p.equality.laws).toEqual(['mi-as-entropies']);
  });

  it('NWJ (nwj, mine-f) the same; a negative coefficient turns it into ≥; b’s bound reads the other way', () => {
    const b = maximize(sub(h, hc));
    expect(proved(proveBound(maximize(mi), b, [pin('mine-f'), []])).steps[0].law).toBe('nwj');
    expect(proved(proveBound(maximize(sub(h, mi)), maximize(hc), [pin('nwj'), []])).relation).toBe('≥');
    // min H(Z|X) − H(Z) against max I(X;Z) read as −I: I's coefficient is −1 in the negated body
    expect(proved(proveBound(minimize(sub(hc, h)), maximize(mi), [[], pin('mine')])).relation).toBe('≤');
    expect(proved(proveBound(b, maximize(mi), [[], pin('mine')])).relation).toBe('≥');
  });

  it('refuses where a side condition fails or no relation follows', () => {
    const b = maximize(sub(h, hc));
    const refused = (r: ReturnType<typeof proveBound>) => ('refused' in r ? r.refused : 'bounded');
    expect(
      refused(proveBound(maximize(mul(hyper('β'), mi)), maximize(mul(hyper('β'), sub(h, hc))), [pin('mine'), []])),
    ).toMatch(/hyper-parameters/);
    expect(refused(proveBound(maximize(h), maximize(h), [pin('mine', h), []]))).toMatch(/not a mutual information/);
    expect(refused(proveBound(maximize(mi), b, [pin('infonce'), []]))).toMatch(/no law here/);
    expect(refused(proveBound(maximize(mi), maximize(mi), [pin('mine'), pin('mine')]))).toMatch(/no relation/);
    expect(refused(proveBound(maximize(add(mi, h)), maximize(sub(add(h, h), hc)), [pin('mine'), []]))).toBe('bounded');
    expect(refused(proveBound(maximize(mi), maximize(h), [pin('mine'), []]))).toMatch(/not proved equal/);
    expect(refused(proveBound(maximize(mi), b, [[], []]))).toMatch(/no term/);
  });

  it('checkEquivalent with a bound pinned: never proved, the bound reported in words and in JSON', () => {
    const [a, b] = [maximize(mi), maximize(sub(h, hc))];
    const r = checkEquivalent(a, b, { pins: [pin('mine'), []], draws: 1 });
    expect(r.verdict).not.toBe('proved');
    expect(r.proof).toBeUndefined();
    expect(describeReport(a, b, r)).toMatch(
      /^bounded: max I\(X;Z\) {2}≤ {2}max H\(Z\) − H\(Z\|X\)[^\n]*\n {2}1\. I_DV\[T\]\(X;Z\) ≤ I\(X;Z\) {3}\[donsker-varadhan/,
    );
    expect(equivalenceJson(a, b, r).bound).toMatchObject({
      relation: '≤',
      steps: [{ law: 'donsker-varadhan', term: 'I(X;Z)' }],
    });
    const infonce = checkEquivalent(a, b, { pins: [pin('infonce'), []], draws: 1, shrink: false });
    expect(infonce.verdict).not.toBe('proved');
    expect(infonce.bound).toMatchObject({ refused: expect.stringMatching(/no law here/) });
  });

  it('soundness by property: a bound is proved exactly for rewrites of the objective, oriented by I’s sign', () => {
    const terms: readonly Expr[] = [h, hc, mi, { kind: 'regulariser', name: 'uniformPrior', enc: L }];
    const combination = fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.nat(terms.length - 1)), {
      minLength: 1,
      maxLength: 4,
    });
    const lawNames = fc.array(fc.constantFrom(...LAWS.map((l) => l.name)), { maxLength: 3 });
    fc.assert(
      fc.property(
        combination,
        lawNames,
        fc.integer({ min: -2, max: 2 }).filter((k) => k !== 0),
        fc.nat(terms.length - 1),
        fc.constantFrom(-1, 0.5, 2),
        (c, names, k, j, d) => {
          const a = maximize(add(mul(k, mi), ...c.map(([x, i]) => mul(x, terms[i]))));
          const coefficient = k + c.reduce((s, [x, i]) => s + (terms[i] === mi ? x : 0), 0);
          const same = rewrite(a, ...names);
          const r = proveBound(a, same, [pin('nwj'), []], { maxMs: 200 });
          if (coefficient === 0) expect(r).toEqual({ refused: expect.stringMatching(/no term/) });
          else expect(proved(r).relation).toBe(coefficient > 0 ? '≤' : '≥');
          // a non-constant term added: no bound, as no equality
          const other = maximize(add(same.body, mul(d, terms[j])));
          expect('refused' in proveBound(a, other, [pin('nwj'), []], { maxMs: 100 })).toBe(true);
        },
      ),
      { numRuns: 40, seed: 31 },
    );
  });
});
