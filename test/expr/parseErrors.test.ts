/** Mistakes in objective text get messages that name the undefined variable or the misspelt term, with the fix. */
import { expect, it } from 'vitest';
import { encoder, parse, variable, type Encoder } from '../../src/expr/index.ts';

const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: 3 });
const C1 = encoder(variable('C1'), variable('X'), { family: 'categorical', model: 'Q', size: 3 });
const errorOf = (text: string, encoders: readonly Encoder[] = [L, C1]) => {
  try {
    parse(text, { encoders });
  } catch (e) {
    return (e as Error).message;
  }
  return 'NO ERROR';
};

it('an undefined variable is called undefined, not an encoder with its condition reversed', () => {
  expect(errorOf('max I(X;Q)')).toBe('1:9: Q is not defined: no encoder produces or reads it (variables: X, Z, C1)');
  expect(errorOf('max H(W)')).toMatch(/^1:7: W is not defined/);
  expect(errorOf('max H(C2)')).toMatch(/C2 is not defined: .*; did you mean C1\?/);
});

it('I(Z;X) is read under the encoder of either direction; I(Z;C1) of two encoders of X over their joint', () => {
  expect(errorOf('max I(Z;X)')).toBe('NO ERROR');
  expect(parse('max I(Z;C1)', { encoders: [L, C1] }).body).toEqual({ kind: 'pairedInfo', a: L, b: C1 });
  const twice = encoder(variable('Z'), variable('Y'), { family: 'categorical', model: 'M', size: 3 });
  expect(errorOf('max I(Z;C1)', [L, C1, twice])).toMatch(
    /no encoder defines p\(c1\|z\) or p\(z\|c1\): Z is produced by 2 encoders \(L, M\); declared encoders: L: p\(z\|x\), Q: p\(c1\|x\), M: p\(z\|y\)/,
  );
  // a data variable paired with X has I with X's encoder's output (a critic bound), but no joint entropy: H needs H(Y)
  const psi = encoder(variable('W'), variable('Y'), { family: 'categorical', model: 'Psi', size: 3 });
  expect(parse('max I(Z;Y)', { encoders: [L, psi] }).body).toEqual({ kind: 'dataInfo', enc: L, v: 'Y' });
  const hint = /Y is data, which no encoder produces \(declare an encoder of Y and use its output\)/;
  for (const text of ['max H(Z,Y)', 'max H(Z|Y)']) expect(errorOf(text, [L, psi])).toMatch(hint);
});

it('a joint entropy the spec does not define names what is missing; a weight penalty points to train.weightDecay', () => {
  expect(errorOf('max H(X,Z)')).toBe(
    '1:7: H(X,Z) = H(X) + H(Z|X) needs H(X), the entropy of the data, which only samples define: write H(Z|X) (the same up to the constant H(X))',
  );
  expect(errorOf('max H(Z,Z)')).toMatch(/H\(Z,Z\) is H\(Z\): write H\(Z\)/);
  expect(errorOf('max H(Z,Q)')).toMatch(/Q is not defined/);
  for (const text of ['max H(Z) − λ·‖θ‖²', 'max H(Z) - lambda*||W||^2', 'max H(Z) − λ·‖L‖'])
    expect(errorOf(text)).toMatch(/weight penalty ‖θ‖² is not a term of the objective: set train\.weightDecay: λ/);
});

it('a misspelt term or model gets a suggestion', () => {
  expect(errorOf('max Hh(Z)')).toMatch(
    /^1:5: unknown model or term 'Hh' \(did you mean 'H'\?\); declared models: L, Q/,
  );
  expect(errorOf('max KLL(p(z|x) ‖ U(z))')).toMatch(/did you mean 'KL'\?/);
});
