/** Objective lint: degenerate objectives are named with the reason; the shipped specs and textbook objectives are not. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEquivalent } from '../../src/equiv/index.ts';
import { encoder, parse, variable, type Encoder, type EncoderKind } from '../../src/expr/index.ts';
import { lintObjective } from '../../src/plan/lint.ts';
import { plan } from '../../src/plan/plan.ts';
import { loadSpec, planSpec } from '../../src/spec/index.ts';

const [X, Z] = [variable('X'), variable('Z')];
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 });
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });
const dec = encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 8 });
const lint = (text: string, hypers: Record<string, number> = {}, encoders: Encoder[] = [L]) =>
  lintObjective(parse(text, { encoders }), hypers);

describe('objective lint', () => {
  it('a minimised H(Z|X) alone collapses Z to one state', () => {
    const [w] = lint('min H(Z|X)');
    expect(w.term).toBe('H(Z|X)');
    expect(w.reason).toMatch(/nothing keeps Z from collapsing.*add H\(Z\) or I\(X;Z\)/);
    expect(lint('max −H(Z|X)')).toHaveLength(1);
  });

  it('H(Z|X) minimised beside a spreading term is the MIM objective, not a collapse', () => {
    expect(lint('max H(Z) − H(Z|X)')).toEqual([]);
    expect(lint('min H(Z|X) − I(X;Z)')).toEqual([]);
    expect(lint('min H(Z|X) + R_p(L)')).toEqual([]);
  });

  it("a minimised H(Z|Z') of two views alone collapses Z too; beside I(Z;Z') it does not", () => {
    const views = [L, encoder(variable("Z'"), variable("X'"), { family: 'categorical', model: 'L', size: 4 })];
    const [w] = lint("min H(Z|Z')", {}, views);
    expect(w.term).toBe("H(Z|Z')");
    expect(w.reason).toMatch(/every z' certain of one state.*nothing keeps Z from collapsing.*add H\(Z\) or I\(Z;Z'\)/);
    expect(lint("max I(Z;Z') − H(Z|Z')", {}, views)).toEqual([]);
    expect(lint("min H(Z|Z') − H(Z)", {}, views)).toEqual([]);
    expect(lint("max H(Z,Z') − H(Z|Z')", {}, views)).toEqual([]);
  });

  it('a negative hyper-parameter that turns a penalty into a reward is named with its value', () => {
    const elbo = 'max E_x[log[p(x|z)]] − β·KL(p(z|x) ‖ N(z))';
    const [w] = lint(elbo, { β: -4 }, [q, dec]);
    expect(w.term).toBe('KL(p(z|x) ‖ N(z))');
    expect(w.reason).toMatch(/β = -4 < 0 reverses the sign it is written with: it is now rewarded/);
    expect(lint(elbo, { β: 4 }, [q, dec])).toEqual([]);
  });

  it('a divergence of a distribution to itself is identically zero', () => {
    const [w] = lint('max KL(p(z|x) ‖ p(z|x))', {}, [q]);
    expect(w.reason).toMatch(/KL divergence of a distribution to itself is 0/);
    expect(lint('max KL(p(z|x) ‖ N(z))', {}, [q])).toEqual([]);
  });

  const SIZES: Record<EncoderKind, number> = { categorical: 3, bernoulli: 1, gaussian: 2, deterministic: 2 };
  const SELF = [
    'KL(p(z|x) ‖ p(z|x))',
    'KL(p(z) ‖ p(z))',
    'JSD[0.5, 0.5](p(z|x), p(z|x))',
    'JSD[0.3, 0.7](p(z), p(z))',
    'KL(U(z) ‖ U(z))',
    'KL(N(z) ‖ N(z))',
  ];
  for (const family of Object.keys(SIZES) as EncoderKind[])
    it(`in a ${family} encoder, a divergence of a distribution to itself plans to the constant 0 and is warned`, () => {
      const enc = encoder(Z, X, { family, model: 'L', size: SIZES[family] });
      for (const text of SELF) {
        const objective = parse(`max ${text}`, { encoders: [enc] });
        expect(plan(objective).terms, text).toMatchObject([
          { estimator: 'identically-zero', reason: 'a divergence of a distribution to itself is 0', gradient: 'exact' },
        ]);
        expect(
          lintObjective(objective)
            .map((w) => w.reason)
            .join('\n'),
          text,
        ).toMatch(/of a distribution (to|with) itself is 0/);
      }
      if (family === 'bernoulli' || family === 'categorical')
        expect(plan(parse('max JSD[0.5, 0.5](p(x|z=0), p(x|z=0))', { encoders: [enc] })).terms[0].estimator).toBe(
          'identically-zero',
        );
    });

  it('a term equal to 0 by itself lowers to 0 with a zero gradient, beside a term that trains', () => {
    const parsed = (text: string, encs: Encoder[]) => parse(text, { encoders: encs });
    const [withZero, without] = [parsed('max H(Z) + KL(p(z|x) ‖ p(z|x))', [L]), parsed('max H(Z)', [L])];
    expect(checkEquivalent(withZero, without, { draws: 2 }).equivalent).toBe(true);
    const prior = 'min KL(p(z|x) ‖ N(z))';
    const withSelf = parsed(`${prior} + JSD[0.5, 0.5](p(z|x), p(z|x))`, [q]);
    expect(checkEquivalent(withSelf, parsed(prior, [q]), { draws: 2 }).equivalent).toBe(true);
  });

  it('terms whose coefficients sum to 0 are named with the encoder they no longer train', () => {
    const [all] = lint('max I(X;Z) − I(X;Z)');
    expect(all).toMatchObject({ term: 'I(X;Z)', path: [0] });
    expect(all.reason).toBe(
      'its coefficients +1, −1 sum to 0: every term of the objective cancels, so it is constant and trains nothing',
    );
    const some = lint('max H(Z) − H(Z|X) + 2·H(Z|X) − H(Z|X)');
    expect(some).toEqual([
      {
        path: [1, 0],
        term: 'H(Z|X)',
        reason: 'its coefficients −1, +2, −1 sum to 0: encoder L receives no gradient from it',
      },
    ]);
    expect(lint('max β·I(X;Z) − β·I(X;Z) + H(Z)').map((w) => [w.term, w.reason])).toEqual([
      ['I(X;Z)', 'its coefficients +β, −β sum to 0: encoder L receives no gradient from it'],
    ]);
    expect(lint('max I(X;Z) + 0·H(Z)')[0].reason).toBe('its coefficient is 0: encoder L receives no gradient from it');
  });

  it('terms that cancel once I(X;Z) is written as H(Z) − H(Z|X) are named too', () => {
    const constant = lint('max I(X;Z) − H(Z) + H(Z|X)');
    expect(constant.map((w) => w.term)).toEqual(['H(Z)', 'H(Z|X)']);
    for (const w of constant)
      expect(w.reason).toBe(
        'it cancels once written with I(X;Z) = H(Z) − H(Z|X): every term of the objective cancels, so it is constant and trains nothing',
      );
    expect(lint('max I(X;Z) + H(Z|X)')).toEqual([
      {
        path: [0],
        term: 'H(Z|X)',
        reason: 'it cancels once written with I(X;Z) = H(Z) − H(Z|X): encoder L receives no gradient from it',
      },
    ]);
    const M = encoder(variable('W'), X, { family: 'categorical', model: 'M', size: 3 });
    const paired = lint('max I(Z;W) + H(Z|W)', {}, [L, M]);
    expect(paired.map((w) => w.term)).toEqual(['H(W)', 'H(Z,W)']);
    expect(paired[0].reason).toMatch(/: the objective is constant in the parameters of encoder M$/);
  });

  it('terms that merely look alike do not cancel: two views of one network, unequal weights', () => {
    const views = [L, encoder(variable("Z'"), variable("X'"), { family: 'categorical', model: 'L', size: 4 })];
    expect(lint("max I(X;Z) − I(X';Z')", {}, views)).toEqual([]);
    expect(lint("max H(Z,Z') − H(Z|Z')", {}, views)).toEqual([]);
    expect(lint('max I(X;Z) − β·I(X;Z)', { β: 0.5 })).toEqual([]);
    expect(lint('max 2·I(X;Z) − H(Z) + H(Z|X)')).toEqual([]);
  });

  it('a maximised H(Z|X) makes Z ignore X unless a term rewards dependence', () => {
    const [w] = lint('max H(Z|X)');
    expect(w).toMatchObject({ term: 'H(Z|X)', path: [] });
    expect(w.reason).toBe(
      'maximising it rewards making every p(z|x) uniform whatever x is, i.e. Z ignoring X, and no term rewards Z for depending on X: maximise I(X;Z) (MIM) or H(Z) instead',
    );
    expect(lint('max H(Z|X)', {}, [q])[0].reason).toMatch(/every p\(z\|x\) as broad as it can be/);
    expect(lint('min −H(Z|X)')).toHaveLength(1);
    expect(lint('max H(Z) + H(Z|X)')).toHaveLength(1); // H(Z) spreads Z but does not make it depend on X
    // balanced by a term that rewards dependence
    expect(lint('max I(X;Z) + β·H(Z|X)', { β: 0.1 })).toEqual([]);
    const betaVae = 'max E_x[log[p(x|z)]] + β·H(Z|X) − β·CE(p(z|x), N(z))';
    expect(lint(betaVae, { β: 4 }, [q, dec])).toEqual([]);
  });

  it("a maximised H(Z|W) or H(Z|Z') makes Z independent of W unless a term rewards dependence", () => {
    const M = encoder(variable('W'), X, { family: 'categorical', model: 'M', size: 3 });
    const [w] = lint('max H(Z|W)', {}, [L, M]);
    expect(w.term).toBe('H(Z|W)');
    expect(w.reason).toMatch(/^maximising it rewards making Z uniform and independent of W \(L ignoring its input\)/);
    const views = [L, encoder(variable("Z'"), variable("X'"), { family: 'categorical', model: 'L', size: 4 })];
    expect(lint("max H(Z|Z')", {}, views)[0].reason).toMatch(/maximise I\(Z;Z'\) \(IIC\) or H\(Z\) instead$/);
    expect(lint('max I(Z;W) + β·H(Z|W)', { β: 0.5 }, [L, M])).toEqual([]);
  });

  it('no shipped spec is degenerate', () => {
    for (const file of readdirSync('specs')) {
      const spec = loadSpec(`specs/${file}`);
      const { objective, hypers } = planSpec(spec);
      expect(lintObjective(objective, hypers), file).toEqual([]);
    }
  });
});
