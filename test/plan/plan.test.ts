import { describe, expect, it } from 'vitest';
import {
  CE,
  E,
  encoder,
  H,
  Hcond,
  I,
  KL,
  logDensity,
  maximize,
  minimize,
  out,
  prior,
  conditional,
  data,
  score,
  smoothness,
  variable,
  add,
  mul,
  hyper,
  neg,
  constant,
} from '../../src/expr/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { children, parse, parseExpr, type Expr } from '../../src/expr/index.ts';
import { explain, explainJson, plan, PlanError, type TermPath } from '../../src/plan/index.ts';
import { pinsFromSpec } from '../../src/spec/objective.ts';

const X = variable('X');
const Z = variable('Z');
const Y = variable('Y');
const cat = encoder(Z, X, { family: 'categorical', model: 'L', size: 10 });
const bern = encoder(Y, X, { family: 'bernoulli', model: 'B', size: 1 });
const det = encoder(Z, X, { family: 'deterministic', model: 'f', size: 16 });
const gauss = encoder(Z, X, { family: 'gaussian', model: 'q', size: 8 });

const estimators = (o: Parameters<typeof plan>[0], pins?: Parameters<typeof plan>[1]) =>
  plan(o, pins).terms.map((t) => [t.term, t.estimator]);

describe('planner', () => {
  it('the same I(X;Z) gets the Theorem 2 plug-in over a categorical encoder and MIGE over a deterministic one', () => {
    expect(estimators(maximize(I(X, Z, cat)))).toEqual([['I(X;Z)', 'plugin-theorem2']]);
    expect(estimators(maximize(I(X, Z, det)))).toEqual([['I(X;Z)', 'mige']]);
    expect(plan(maximize(I(X, Z, det))).terms[0].rule).toMatch(/MIGE/);
  });

  it('places the Theorem 2 stop-gradient on the marginal of Eq. 6 and Eq. 8, not on the ratios of Eq. 3', () => {
    expect(estimators(neuralBayes.mimEq6(cat))).toEqual([['E_x[L(x)]', 'plugin-theorem2']]);
    // Eq. 8: Σ_k E_x[L_k] log E_x[L_k] — the factor enters linearly, the one inside the log is plugged in with
    // stop-gradient
    expect(estimators(neuralBayes.mimEq8(cat))).toEqual([
      ['E_x[L(x)]', 'minibatch-mean'],
      ['E_x[L(x)]', 'plugin-theorem2'],
    ]);
    const eq3 = plan(neuralBayes.dmsEq3(bern)).terms;
    expect(eq3.length).toBe(8); // f₁ three times and f₀ once in each of the two halves
    expect(new Set(eq3.map((t) => t.estimator))).toEqual(new Set(['plugin-minibatch']));
    expect(eq3.every((t) => t.gradient === 'biased')).toBe(true);
  });

  it('chooses closed forms, Bayes ratios, reparameterisation and R_c by the node’s properties', () => {
    expect(estimators(minimize(KL(conditional(gauss), prior(Z, 'standard-normal'))))).toEqual([
      ['KL(p(z|x) ‖ N(z))', 'analytic-gaussian'],
    ]);
    expect(estimators(minimize(Hcond(Z, X, gauss)))).toEqual([['H(Z|X)', 'analytic-gaussian']]);
    expect(estimators(minimize(CE(conditional(cat), prior(Z, 'uniform'))))).toEqual([
      ['CE(p(z|x), U(z))', 'analytic-categorical'],
    ]);
    expect(estimators(neuralBayes.dmsJsd(bern))).toEqual([['JSD[0.5, 0.5](p(x|y=1), p(x|y=0))', 'bayes-ratio']]);
    expect(estimators(maximize(E(X, logDensity(conditional(gauss)))))).toEqual([['log[p(z|x)]', 'reparam-mc']]);
    expect(estimators(minimize(add(H(Z, cat), mul(hyper('β'), smoothness(cat)))))).toEqual([
      ['H(Z)', 'plugin-theorem2'],
      ['R_c(L)', 'finite-difference-jacobian'],
    ]);
  });

  it('explains each term with its estimator, rule, reason and gradient quality', () => {
    const text = explain(plan(neuralBayes.mimV2(cat)));
    expect(text).toContain('objective: min −E_x[Σ_k[L(x)·log(L(x) + 1e-7)]] + (1 + α)·R_p(L) + β·R_c(L)');
    expect(text).toMatch(/R_p\(L\)\s+plugin-minibatch\s+\[gradient: biased\]/);
    expect(text).toMatch(/Eq\. 9/);
    expect(text).toMatch(/R_c\(L\)\s+finite-difference-jacobian/);
  });

  it('lets the user pin an applicable estimator, and refuses one that does not apply', () => {
    expect(estimators(maximize(I(X, Z, det)), { pins: [{ expr: I(X, Z, det), estimator: 'infonce' }] })).toEqual([
      ['I(X;Z)', 'infonce'],
    ]);
    expect(estimators(maximize(I(X, Z, cat)), { pins: [{ expr: I(X, Z, cat), estimator: 'nwj' }] })).toEqual([
      ['I(X;Z)', 'nwj'],
    ]);
    expect(() => plan(maximize(H(Z, cat)), { pins: [{ expr: H(Z, cat), estimator: 'analytic-gaussian' }] })).toThrow(
      /pinned estimator 'analytic-gaussian' does not apply.*Applicable: plugin-theorem2/,
    );
    expect(() => plan(maximize(H(Z, cat)), { pins: [{ expr: H(Y, bern), estimator: 'mige' }] })).toThrow(
      /H\(Y\).*does not occur/,
    );
  });

  it('fails on a term no rule can estimate, naming it and what would make it estimable', () => {
    const cases: [ReturnType<typeof maximize>, RegExp][] = [
      [maximize(E(X, logDensity(data(X)))), /cannot estimate log\[p\(x\)\]: the density of p\(x\) is implicit.*score/],
      [minimize(Hcond(Z, X, det)), /cannot estimate H\(Z\|X\).*point mass.*MIGE Circumstance I/],
      [minimize(KL(data(X), prior(X, 'standard-normal'))), /cannot estimate KL\(p\(x\) ‖ N\(x\)\).*pin a critic bound/],
    ];
    for (const [o, message] of cases) {
      expect(() => plan(o)).toThrow(PlanError);
      expect(() => plan(o)).toThrow(message);
    }
  });

  it('plans the score of an implicit density to SSGE', () => {
    expect(estimators(maximize(E(X, mul(score(data(X)), out(det)))))).toEqual([['∇log[p(x)]', 'mige']]);
  });

  it('marks a critic adversarial when the objective goes against its bound, and refuses a bound of unfixed sign', () => {
    const adversarial = (o: Parameters<typeof plan>[0]) =>
      plan(o, { pins: [{ expr: I(X, Z, det), estimator: 'nwj' }] }).terms.map((t) => t.adversarial);
    expect(adversarial(maximize(I(X, Z, det)))).toEqual([false]); // DIM: the critic and the encoder both raise I
    expect(adversarial(minimize(I(X, Z, det)))).toEqual([true]); // adversarial information removal
    expect(adversarial(maximize(mul(hyper('β'), neg(I(X, Z, det)))))).toEqual([true]);
    expect(adversarial(minimize(mul(constant(-2), I(X, Z, det))))).toEqual([false]);
    expect(() =>
      plan(maximize(mul(I(X, Z, det), H(Z, det))), { pins: [{ expr: I(X, Z, det), estimator: 'nwj' }] }),
    ).toThrow(/sign the tree does not fix/);
  });

  describe('identities: terms by path, pins by structure, networks declared', () => {
    const at = (e: Expr, path: TermPath): Expr => path.reduce((node, i) => children(node)[i], e);

    it('keys terms by their path: terms that print alike have distinct ids, each path leads to its term', () => {
      const eq8 = neuralBayes.mimEq8(cat);
      const terms = plan(eq8).terms;
      expect(terms.map((t) => t.term)).toEqual(['E_x[L(x)]', 'E_x[L(x)]']);
      expect(new Set(terms.map((t) => t.id)).size).toBe(2);
      expect(terms.map((t) => t.id)).toEqual(terms.map((t) => t.path.join('.')));
      for (const t of terms) expect(at(eq8.body, t.path)).toEqual({ kind: 'expect', v: 'X', body: out(cat) });
      // explain --json keeps `path` a string
      expect(explainJson(plan(eq8)).map((t) => t.path)).toEqual(terms.map((t) => t.id));
    });

    const psi = encoder(Z, Y, { family: 'categorical', model: 'Psi', size: 4 });
    const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 4 });
    const env = { encoders: [phi, psi] };

    it('prints a term in its objective: H[Psi](Z) keeps its model when another encoder produces Z', () => {
      const terms = plan(parse('max H[Psi](Z) − H[Phi](Z)', env)).terms;
      expect(terms.map((t) => t.term)).toEqual(['H[Psi](Z)', 'H[Phi](Z)']);
    });

    it('matches pins by structure: H[Psi](Z) pins that entropy only, and ASCII spellings pin too', () => {
      const o = parse('max H[Psi](Z) − H[Phi](Z)', env);
      const rules = (pins: Parameters<typeof pinsFromSpec>[0]) =>
        plan(o, { pins: pinsFromSpec(pins, env.encoders) }).terms.map((t) => t.rule);
      const byRule = expect.stringMatching(/Theorem 2/);
      expect(rules({ 'H[Psi](Z)': 'plugin-theorem2' })).toEqual(['pinned by the user', byRule]);
      expect(rules({ 'H[Phi](Z)': 'plugin-theorem2' })).toEqual([byRule, 'pinned by the user']);
      const both = parse('max I(Y;Z) − KL(p(z|y) ‖ p(z|x))', env);
      const ascii = pinsFromSpec({ 'KL(p(z|y) || p(z|x))': 'minibatch-mean', 'I(Y;Z)': 'nwj' }, env.encoders);
      expect(plan(both, { pins: ascii }).terms.map((t) => [t.term, t.estimator, t.rule])).toEqual([
        ['I(Y;Z)', 'nwj', 'pinned by the user'],
        ['KL(p(z|y) ‖ p(z|x))', 'minibatch-mean', 'pinned by the user'],
      ]);
      expect(() => pinsFromSpec({ 'H(Z)': 'mige' }, env.encoders)).toThrow(
        /objective\.pins\.H\(Z\):1:3: Z is the target of several encoders/,
      );
      const twice = pinsFromSpec({ 'H[Psi](Z)': 'plugin-theorem2', 'H[Psi] (Z)': 'mige' }, env.encoders);
      expect(() => plan(o, { pins: twice })).toThrow(
        /cannot estimate H\[Psi\]\(Z\): it is pinned to plugin-theorem2 and mige/,
      );
      const absent = [{ expr: parseExpr('I(X;Z)', env), estimator: 'nwj' as const }];
      expect(() => plan(o, { pins: absent })).toThrow(/cannot estimate I\(X;Z\): it is pinned but does not occur/);
    });

    it("declares the network a critic bound or a discriminator needs, with an id from the term's path", () => {
      const pins = [{ expr: I(X, Z, det), estimator: 'infonce' as const }];
      const [critic] = plan(maximize(add(H(Z, det), I(X, Z, det))), { pins }).terms.filter((t) => t.network);
      const inputs = [{ variable: 'X' }, { variable: 'Z', size: 16 }]; // x, then z of the encoder's 16 values
      expect(critic.network).toEqual({ id: 'critic@[1]', role: 'critic', inputs });
      expect(plan(maximize(I(X, Z, det))).terms[0].network).toBeUndefined();
    });
  });
});

describe('I between two encoders of the same variable (Z = Φ(X), W = Ψ(X))', () => {
  const [Xv, Zv, Wv] = ['X', 'Z', 'W'].map(variable);
  const both = (family: 'categorical' | 'deterministic' | 'gaussian') => [
    encoder(Zv, Xv, { family, model: 'Phi', size: 3 }),
    encoder(Wv, Xv, { family, model: 'Psi', size: 4 }),
  ];

  it('plans the exact plug-in of E_x[p(z|x) p(w|x)ᵀ] when both are categorical, not symmetrised', () => {
    const [phi, psi] = both('categorical');
    const o = parse('max I(Z;W)', { encoders: [phi, psi] });
    expect(o.body).toEqual({ kind: 'pairedInfo', a: phi, b: psi });
    const t = plan(o).terms[0];
    expect([t.estimator, t.rule]).toEqual(['paired-plugin', 'explicit discrete joint on paired samples (IIC)']);
    expect(t.reason).toMatch(/P = E_b\[p\(z\|x\) p\(w\|x\)ᵀ\] of the paired minibatch is exact/);
    expect(t.reason).not.toMatch(/Pᵀ\)\/2/);
  });

  it('plans InfoNCE with a critic T(z, w) when both are continuous, and MIGE when pinned', () => {
    for (const family of ['deterministic', 'gaussian'] as const) {
      const o = parse('max I(Z;W)', { encoders: both(family) });
      const t = plan(o).terms[0];
      expect([t.estimator, t.network?.inputs]).toEqual([
        'infonce',
        [
          { variable: 'Z', size: 3 },
          { variable: 'W', size: 4 },
        ],
      ]);
      expect(t.reason).toMatch(/z and w are continuous, so p\(z,w\) is known only by paired samples/);
      expect(plan(o, { pins: [{ expr: o.body, estimator: 'mige' }] }).terms[0].reason).toMatch(/Circumstance I/);
    }
  });

  it('plans I of a discrete and a continuous encoder with a critic, and refuses their joint entropy', () => {
    const [phi] = both('categorical');
    const [, psi] = both('deterministic');
    const [t] = plan(parse('max I(Z;W)', { encoders: [phi, psi] })).terms;
    expect([t.estimator, t.rule]).toEqual(['infonce', 'discrete and continuous pair on paired samples (InfoNCE)']);
    expect(t.reason).toMatch(/Z is discrete and W is continuous, so they share no density .* critic T\(z,w\)/);
    expect(() => plan(parse('max H(Z,W)', { encoders: [phi, psi] }))).toThrow(
      /cannot estimate H\(Z,W\): Z is discrete and W is continuous, so they share no density: only two explicit discrete encoders have a plug-in joint/,
    );
  });
});
