/** Mistakes in objective text get messages that name the undefined variable or the misspelt term, with the fix. */
import { expect, it } from 'vitest';
import { encoder, parse, variable } from '../../src/expr/index.ts';

const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: 3 });
const C1 = encoder(variable('C1'), variable('X'), { family: 'categorical', model: 'Q', size: 3 });
const errorOf = (text: string) => {
  try {
    parse(text, { encoders: [L, C1] });
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

it('I(Z;X) is read under the encoder of either direction', () => {
  expect(errorOf('max I(Z;X)')).toBe('NO ERROR');
  expect(errorOf('max I(Z;C1)')).toMatch(
    /no encoder defines p\(c1\|z\) or p\(z\|c1\); declared encoders: L: p\(z\|x\), Q: p\(c1\|x\)/,
  );
});

it('a misspelt term or model gets a suggestion', () => {
  expect(errorOf('max Hh(Z)')).toMatch(
    /^1:5: unknown model or term 'Hh' \(did you mean 'H'\?\); declared models: L, Q/,
  );
  expect(errorOf('max KLL(p(z|x) ‖ U(z))')).toMatch(/did you mean 'KL'\?/);
});
