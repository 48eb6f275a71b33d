/**
 * Compile-time guarantees of the smart constructors. The `@ts-expect-error` lines are checked by `tsc` (CI's
 * `npm run typecheck`): if one of them stopped being an error, the type check fails. The same mistakes made from
 * JavaScript, where no type checks them, are refused at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  encoder,
  H,
  Hcond,
  Hpair,
  I,
  Ipair,
  JSD,
  out,
  posterior,
  printExpr,
  uniformPrior,
  variable,
  type Encoder,
  type Expr,
  type Var,
} from '../../src/expr/index.ts';

const X = variable('X');
const Y = variable('Y');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });

describe('typed constructors', () => {
  it('carry variable names and families in their types', () => {
    expectTypeOf(X).toEqualTypeOf<Var<'X'>>();
    expectTypeOf(L).toEqualTypeOf<Encoder<'Z', 'X', 'categorical'>>();
    expectTypeOf(I(X, Z, L)).toEqualTypeOf<Expr>();
  });

  it('reject terms over variables the encoder does not have', () => {
    // @ts-expect-error H(Y|X): the encoder L is p(z|x), not p(y|x)
    expect(() => Hcond(Y, X, L)).toThrow(/H\(Y\|X\): encoder L defines p\(z\|x\), so write H\(Z\|X\)/);
    // @ts-expect-error H(Z|Y): L is conditioned on X
    expect(() => Hcond(Z, Y, L)).toThrow(/encoder L defines p\(z\|x\)/);
    // @ts-expect-error I(Y;Z) under p(z|x)
    expect(() => I(Y, Z, L)).toThrow(/I\(Y;Z\): encoder L defines p\(z\|x\), so write I\(X;Z\)/);
    // @ts-expect-error H(Y) under an encoder of Z
    expect(() => H(Y, L)).toThrow(/H\(Y\): encoder L defines p\(z\|x\), so write H\(Z\)/);
    // @ts-expect-error posterior p(x|z=k) needs a discrete encoder (and at run time an explicit marginal)
    expect(() => posterior(q, 0)).toThrow(/no explicit marginal/);
    // @ts-expect-error R_p is defined for discrete encoders only
    uniformPrior(q);
    // @ts-expect-error a JSD needs at least two components
    JSD([1], [posterior(L, 0)]);
  });

  it('refuse at run time what JavaScript callers get wrong: I(Z, W, Ly) is an error, never another objective', () => {
    const untyped = I as unknown as (...args: unknown[]) => Expr;
    expect(() => untyped(Z, variable('W'), L)).toThrow(/I\(Z;W\): encoder L defines p\(z\|x\), so write I\(X;Z\)/);
    expect(() => untyped(X, Z, 'L')).toThrow(/I: expected an encoder as the last argument, got L/);
    expect(() => untyped('X', Z, L)).toThrow(/I: expected variables made with variable/);
  });

  it('build I(Z;W), H(Z,W) and H(Z|W) of two encoders on paired samples, refusing mismatched variables', () => {
    const W = variable('W');
    const psi = encoder(W, Y, { family: 'categorical', model: 'Psi', size: 2 });
    expect(printExpr(Ipair(Z, W, L, psi))).toBe('I(Z;W)');
    expect(printExpr(Hpair(Z, W, L, psi))).toBe('H(Z,W)');
    expect(printExpr(Hpair(Z, W, L, psi, { given: true }))).toBe('H(Z|W)');
    // @ts-expect-error the encoders are given in the order of the variables: L produces Z, not W
    expect(() => Ipair(W, Z, L, psi)).toThrow(/I\(W;Z\): the encoders produce Z and W, so write them in that order/);
    const untyped = Ipair as unknown as (...args: unknown[]) => Expr;
    expect(() => untyped(Z, W, L, 'Psi')).toThrow(
      /I: expected two encoders after the variables, got an object of kind encoder and Psi/,
    );
    const reads = encoder(W, Z, { family: 'categorical', model: 'R', size: 2 });
    expect(() => Hpair(Z, W, L, reads)).toThrow(/neither of which reads the other's/);
  });

  it('reject nonsense values at run time with clear messages', () => {
    expect(() => encoder(X, X, { family: 'categorical', model: 'L', size: 3 })).toThrow(/target and given must differ/);
    expect(() => encoder(Z, X, { family: 'categorical', model: 'L', size: 1 })).toThrow(/at least 2 states/);
    expect(() => posterior(L, 3)).toThrow(/state 3 is not one of 0..2/);
    expect(() => JSD([0.5, 0.6], [posterior(L, 0), posterior(L, 1)])).toThrow(/sum to 1/);
    expect(() => encoder(X, [Z, X], { family: 'deterministic', model: 'G', size: 2 })).toThrow(
      /target and given must differ, both are X/,
    );
    expect(() => encoder(X, [Z, Z], { family: 'deterministic', model: 'G', size: 2 })).toThrow(
      /a variable is given twice \(Z, Z\)/,
    );
  });

  it('condition an encoder on a list of variables, kept as a list and printed as the spec writes it', () => {
    const G = encoder(X, [Z, Y], { family: 'deterministic', model: 'G', size: 2 });
    expectTypeOf(G).toEqualTypeOf<Encoder<'X', 'Z' | 'Y', 'deterministic'>>();
    expect(G.given).toEqual(['Z', 'Y']);
    expect(L.given).toEqual(['X']);
    expect(printExpr(out(G))).toBe('G(z,y)');
    expect(printExpr({ kind: 'mutualInfo', enc: G })).toBe('I(Z,Y;X)');
  });
});
