import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { encoder, ObjectiveCodec, parse, ParseError, print, variable } from '../../src/expr/index.ts';
import { neuralBayes } from '../../src/objectives/index.ts';
import { encoders, env, objective } from './arbitrary.ts';

describe('text syntax', () => {
  it('parse ∘ print = id on random trees', () => {
    fc.assert(
      fc.property(objective, (o) => {
        expect(parse(print(o), env)).toEqual(o);
      }),
      { numRuns: 500 },
    );
  });

  it('io-ts codec round-trips the JSON form of random trees', () => {
    fc.assert(
      fc.property(objective, (o) => {
        const decoded = ObjectiveCodec.decode(JSON.parse(JSON.stringify(o)));
        expect(isRight(decoded) && decoded.right).toEqual(o);
      }),
      { numRuns: 200 },
    );
  });

  it('the codec rejects malformed JSON', () => {
    expect(isRight(ObjectiveCodec.decode({ sense: 'max', body: { kind: 'entropy' } }))).toBe(false);
    expect(isRight(ObjectiveCodec.decode({ sense: 'up', body: { kind: 'const', value: 1 } }))).toBe(false);
  });

  it('prints the papers’ objectives the way the papers write them', () => {
    const L = encoders[0];
    const B = encoders[1];
    expect(print(neuralBayes.mimInfo(L))).toBe('max I(X;Z)');
    expect(print(neuralBayes.mimV2(L))).toBe('min −E_x[Σ_k[L(x)·log(L(x) + 1e-7)]] + (1 + α)·R_p(L) + β·R_c(L)');
    expect(print(neuralBayes.dmsJsd(B))).toBe('max JSD[0.5, 0.5](p(x|y=1), p(x|y=0))');
    expect(print(neuralBayes.mimEq6(L))).toBe('max E_x[Σ_k[L(x)·log(L(x)/E_x[L(x)])]]');
  });

  it('accepts ASCII spellings', () => {
    const unicode = parse('min −E_x[Σ_k[L(x)·log(L(x))]] + β·R_c(L)', env);
    expect(parse('min -E_x[sum_k[L(x)*log(L(x))]] + β*R_c(L)', env)).toEqual(unicode);
    expect(parse('max KL(p(z|x) || U(z))', env)).toEqual(parse('max KL(p(z|x) ‖ U(z))', env));
  });

  it('resolves I(Z;X) to the same encoder as I(X;Z)', () => {
    expect(parse('max I(Z;X)', env)).toEqual(parse('max I(X;Z)', env));
  });

  it('writes a model’s name for p when several encoders define p(z|x) (a VRNN’s posterior and conditional prior)', () => {
    const [X, Z] = [variable('X'), variable('Z')];
    const vrnn = {
      encoders: [
        encoder(Z, X, { family: 'gaussian', model: 'q', size: 4 }),
        encoder(Z, X, { family: 'gaussian', model: 'prior', size: 4 }),
        encoder(X, Z, { family: 'gaussian', model: 'dec', size: 2 }),
      ],
    };
    const elbo = parse('max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))', vrnn);
    expect(elbo.body).toMatchObject({
      terms: [{}, { arg: { kind: 'kl', p: { enc: { model: 'q' } }, q: { enc: { model: 'prior' } } } }],
    });
    expect(print(elbo)).toBe('max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))');
    expect(parse(print(elbo), vrnn)).toEqual(elbo);
    expect(() => parse('max −KL(p(z|x) ‖ prior(z|x))', vrnn)).toThrow(
      /several encoders \(q, prior\); write the model's name instead of p, e.g. q\(z\|x\)/,
    );
    expect(() => parse('max −KL(dec(z|x) ‖ prior(z|x))', vrnn)).toThrow(/dec defines p\(x\|z\), not p\(z\|x\)/);
  });

  const failsAt = (src: string, line: number, column: number, message: RegExp) => {
    try {
      parse(src, env);
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      const err = e as ParseError;
      expect([err.line, err.column]).toEqual([line, column]);
      expect(err.reason).toMatch(message);
      return;
    }
    throw new Error(`expected a parse error for ${src}`);
  };

  it('reports errors with line and column', () => {
    failsAt('max I(X;Z', 1, 10, /expected '\)'/);
    failsAt('max H(Q)', 1, 7, /Q is not defined: no encoder produces or reads it/);
    failsAt('I(X;Z)', 1, 1, /starts with 'max' or 'min'/);
    failsAt('max H(Z)\n  − β·R_c(M)', 2, 11, /unknown model or term 'M'/);
    failsAt('max H(Z) $', 1, 10, /unexpected character/);
    failsAt('max JSD[0.5](p(x|z=1), p(x|z=0))', 1, 14, /1 weights for 2 distributions/);
    failsAt(
      'max JSD[0.3,0.3](p(x|z=1), p(x|z=0))',
      1,
      18,
      /JSD: weights must be positive and sum to 1, got 0\.3, 0\.3/,
    );
    failsAt(
      'max KL(mix[1, 0](p(x|z=1), p(x|z=0)) ‖ p(x))',
      1,
      18,
      /mixture: weights must be positive and sum to 1, got 1, 0/,
    );
    failsAt('max KL(p(x|w=1) ‖ p(x))', 1, 12, /discrete encoder/);
    failsAt('max H(Z) H(Z)', 1, 10, /unexpected text/);
  });
});
