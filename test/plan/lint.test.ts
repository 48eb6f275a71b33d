/** Objective lint: degenerate objectives are named with the reason; the shipped specs and textbook objectives are not. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encoder, parse, variable, type Encoder } from '../../src/expr/index.ts';
import { lintObjective } from '../../src/plan/lint.ts';
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
    expect(lint('max H(Z|X)')).toEqual([]); // maximised: spread, not collapse
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

  it('no shipped spec is degenerate', () => {
    for (const file of readdirSync('specs')) {
      const spec = loadSpec(`specs/${file}`);
      const { objective, hypers } = planSpec(spec);
      expect(lintObjective(objective, hypers), file).toEqual([]);
    }
  });
});
