/** Information-theoretic co-training (lecture notes §4): the notes' objective, its plan, and an identity it satisfies. */
import { describe, expect, it } from 'vitest';
import { encoder, parse, print, variable } from '../../src/expr/index.ts';
import { plan } from '../../src/plan/index.ts';

const [X, Y, Z] = [variable('X'), variable('Y'), variable('Z')];
const psi = encoder(Z, Y, { family: 'categorical', model: 'Psi', size: 4 });
const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 4 });
const env = { encoders: [phi, psi] };
const notes = parse('max H[Psi](Z) − CE(p(z|y), p(z|x))', env);

describe('co-training', () => {
  it('plans H_Ψ(Z) by the Theorem 2 plug-in and Ĥ_{Ψ,Φ}(Z|X) as a minibatch mean over the paired views', () => {
    expect(plan(notes).terms.map((t) => [t.term, t.estimator])).toEqual([
      ['H[Psi](Z)', 'plugin-theorem2'], // printed in its objective, where Phi also produces Z
      ['CE(p(z|y), p(z|x))', 'minibatch-mean'],
    ]);
    expect(() => parse('max H(Z)', env)).toThrow(/several encoders.*H\[Phi\]\(Z\)/);
    expect(print(notes)).toBe('max H[Psi](Z) − CE(p(z|y), p(z|x))'); // names Ψ, so it parses back to the same objective
    expect(parse(print(notes), env)).toEqual(notes);
  });

  it('H_Ψ(Z) − H_{Ψ,Φ}(Z|X) ≡ I_Ψ(Y;Z) − KL(p_Ψ(z|y) ‖ p_Φ(z|x)) in values and gradients', () => {
    expect(notes).toBeEquivalentTo(parse('max I(Y;Z) − KL(p(z|y) ‖ p(z|x))', env));
  });

  it('is not equivalent to dropping the agreement term (the checker can fail)', () => {
    expect(notes).not.toBeEquivalentTo(parse('max H[Psi](Z)', env));
  });
});
