/** The prover's e-graph: sums canonical up to order, grouping and scaling; congruence after a merge; bounds. */
import { describe, expect, it } from 'vitest';
import {
  add,
  encoder,
  H,
  Hcond,
  hyper,
  I,
  log,
  maximize,
  minimize,
  mul,
  neg,
  sub,
  variable,
} from '../../src/expr/index.ts';
import { printProof, prove } from '../../src/equiv/index.ts';
import { EGraph } from '../../src/equiv/prover/egraph.ts';
import { saturate } from '../../src/equiv/prover/saturate.ts';
import { LAWS } from '../../src/rewrite/index.ts';

const [X, Z] = [variable('X'), variable('Z')];
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
const [h, hc, mi] = [H(Z, L), Hcond(Z, X, L), I(X, Z, L)];

describe('the e-graph', () => {
  it('keeps sums canonical: order, grouping, negation, scaling and like terms', () => {
    const g = new EGraph();
    expect(g.add(sub(h, hc))).toBe(g.add(add(neg(hc), h)));
    expect(g.add(mul(2, add(h, hc)))).toBe(g.add(add(mul(2, hc), h, h)));
    expect(g.add(add(mul(hyper('β'), h), mul(hyper('β'), h)))).toBe(g.add(mul(mul(2, hyper('β')), h)));
    expect(g.add(sub(h, h))).toBe(g.add(mul(0, hc)));
    expect(g.add(h)).not.toBe(g.add(hc));
    expect(g.add(mul(hyper('β'), h))).not.toBe(g.add(mul(hyper('α'), h)));
  });

  it('restores congruence after a merge: log(A) and log(B) are one class once A and B are', () => {
    const g = new EGraph();
    const [a, b] = [g.add(h), g.add(hc)];
    const [la, lb] = [g.add(log(h)), g.add(log(hc))];
    expect(g.find(la)).not.toBe(g.find(lb));
    g.union(a, b, { kind: 'arithmetic' });
    g.rebuild();
    expect(g.find(la)).toBe(g.find(lb));
  });

  it('saturates with coefficients in a hyper-parameter: sums around the cycle c = α·c + r are not made without end', () => {
    // H(Z|X) + (1 + α)·R_p against H(Z|X) + α·R_p: their difference is R_p, so R_p's class holds sums in both sides
    const rp = { kind: 'regulariser', name: 'uniformPrior', enc: L } as const;
    const a = add(hc, mul(add(1, hyper('α')), rp));
    const b = add(hc, mul(hyper('α'), rp));
    const g = new EGraph();
    g.addLinear([
      [g.add(a), new Map([['', 1]])],
      [g.add(b), new Map([['', -1]])],
    ]);
    for (const e of [h, hc, mi, rp]) g.add(e);
    const run = saturate(g, LAWS, () => false, { maxNodes: 100_000, maxMs: 60_000 });
    expect(run.stop).toBe('saturated');
    expect(g.size).toBeLessThan(1000);
  });
});

describe('prove', () => {
  it('proves by arithmetic alone, in one step that names no law', () => {
    const p = prove(maximize(add(h, mul(0.5, hc), mul(0.5, hc))), maximize(add(hc, h)));
    expect(p?.steps.map((s) => s.law)).toEqual(['arithmetic']);
    expect(p?.laws).toEqual([]);
    expect(p?.chained).toBe(true);
  });

  it('names the constant when asked for equality up to one, and refuses without', () => {
    const [a, b] = [minimize(add(hc, 3)), minimize(hc)];
    expect(prove(a, b)).toBeUndefined();
    const p = prove(a, b, { upToConstant: true });
    expect(p?.constant).toEqual({ kind: 'const', value: 3 });
    expect(printProof(a, b, p!)).toMatch(/up to the additive constant a − b = 3$/);
  });

  it('reads max A against min B as A = −B', () => {
    const p = prove(maximize(mi), minimize(sub(hc, h)));
    expect(p?.negated).toBe(true);
    expect(p?.laws).toEqual(['mi-as-entropies']);
  });

  it('finds nothing with no laws where a law is needed', () => {
    expect(prove(maximize(mi), maximize(sub(h, hc)), { laws: [] })).toBeUndefined();
  });
});
