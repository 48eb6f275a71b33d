/**
 * The prover and observed variables (the language's model of variables): Y the data's labels, read either by a
 * classifier q(y|·) or as data paired with X (I(Z;Y) with no encoder of Y). A law that fires on an observed target must
 * hold for the labels as estimated (H(Y) of their counts), never equate the labels' entropy with a classifier's plug-in.
 */
import { describe, expect, it } from 'vitest';
import { checkEquivalent, prove, proveBound } from '../../src/equiv/index.ts';
import {
  conditional,
  encoder,
  labels,
  marginal,
  parse,
  posterior,
  prior,
  variable,
  type Expr,
  type ParseEnv,
} from '../../src/expr/index.ts';
import { LAWS } from '../../src/rewrite/index.ts';

const [X, Z] = [variable('X'), variable('Z')];
const Y = labels('Y', 3);
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
/** q(y|z), the IB's classifier, and q(y|x), a classifier beside L on the same x. */
const clf = encoder(Y, Z, { family: 'categorical', model: 'clf', size: 3 });
const clfx = encoder(Y, X, { family: 'categorical', model: 'clfx', size: 3 });
const data: ParseEnv = { encoders: [L], labels: { Y: 3 } };
const classified: ParseEnv = { encoders: [L, clf], labels: { Y: 3 } };
const paired: ParseEnv = { encoders: [L, clfx], labels: { Y: 3 } };

describe('laws on observed targets', () => {
  it('only the laws that hold for observed labels fire on their terms', () => {
    const terms = [clf, clfx].flatMap((e): Expr[] => [
      { kind: 'entropy', enc: e },
      { kind: 'condEntropy', enc: e },
      { kind: 'mutualInfo', enc: e },
      { kind: 'regulariser', name: 'uniformPrior', enc: e },
      { kind: 'kl', p: conditional(e), q: marginal(e) },
      { kind: 'kl', p: marginal(e), q: prior(variable(e.target), 'uniform') },
      { kind: 'kl', p: conditional(e), q: prior(variable(e.target), 'uniform') },
      { kind: 'crossEntropy', p: conditional(e), q: marginal(e) },
      { kind: 'crossEntropy', p: prior(variable(e.target), 'uniform'), q: marginal(e) },
      { kind: 'jsd', weights: [0.5, 0.5], dists: [posterior(e, 1), posterior(e, 0)] },
      { kind: 'pairedInfo', a: L, b: e },
      { kind: 'pairedInfo', a: e, b: L },
      { kind: 'pairedEntropy', a: L, b: e, conditional: true },
      { kind: 'pairedEntropy', a: e, b: L, conditional: true },
    ]);
    const fired = new Set(terms.flatMap((t) => LAWS.filter((l) => l.apply(t) !== undefined).map((l) => l.name)));
    // I(Z;Y) = H(Y) − H(Y|Z) is the BA form (H(Y) of the counts, H(Y|Z) the classifier's cross-entropy); JSD as KLs
    // and the transposed paired joint are identities of any distributions
    expect([...fired].sort()).toEqual(['jsd-as-mean-kl', 'jsd-swap', 'mi-as-entropies', 'paired-symmetry']);
  });

  it('H(Y) of labels is not a classifier’s plug-in, nor the chain rule on a classifier’s paired joint', () => {
    const no = (env: ParseEnv, a: string, b: string) => expect(prove(parse(a, env), parse(b, env)), `${a} ≡ ${b}`);
    no(classified, 'max H(Y)', 'max −Σ_k[E_z[clf(z)]·log(E_z[clf(z)])]').toBeUndefined();
    no(classified, 'max I(Z;Y)', 'max E_z[Σ_k[clf(z)·log(clf(z)/E_z[clf(z)])]]').toBeUndefined();
    no(classified, 'max I(Z;Y)', 'max KL(p(y|z) ‖ p(y))').toBeUndefined();
    no(paired, 'max I(Z;Y)', 'max H(Z) + H(Y) − H(Z,Y)').toBeUndefined();
    no(paired, 'min H(Z|Y)', 'min H(Z,Y) − H(Y)').toBeUndefined();
    no(classified, 'max I(Z;Y)', 'max H(Y) − H(Y|Z)').toBeDefined();
  });

  it('the classifier’s I(Z;Y) = H(Y) − H(Y|Z) holds as estimated too (BA: the counts’ entropy less the cross-entropy)', () => {
    const [a, b] = [parse('max I(Z;Y)', classified), parse('max H(Y) − H(Y|Z)', classified)];
    const r = checkEquivalent(a, b, { draws: 2 });
    expect(r.verdict).toBe('proved');
    expect(r.numeric.equivalent).toBe(true);
  });

  it('I(Z;Y) with data Y has no law: not I(X;Z), not H(Z) − H(Z|X); bounded below by DV when pinned', () => {
    const zy = parse('max I(Z;Y)', data);
    expect(zy.body.kind).toBe('dataInfo');
    expect(prove(zy, parse('max I(X;Z)', data))).toBeUndefined();
    expect(prove(zy, parse('max H(Z) − H(Z|X)', data))).toBeUndefined();
    expect(prove(zy, parse('max I(Y;Z)', data))?.steps).toEqual([]);
    const bound = proveBound(zy, zy, [[{ expr: zy.body, estimator: 'mine' }], []]);
    expect(bound).toMatchObject({ relation: '≤', steps: [{ law: 'donsker-varadhan', text: 'I_DV[T](Z;Y) ≤ I(Z;Y)' }] });
  });
});
