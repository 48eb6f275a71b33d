/**
 * Laws of two encoders' outputs on paired samples, whose joint is P = E_(x,y)[p(z|x) p(w|y)ᵀ]: the chain rule of entropy
 * on P. They hold for the plug-ins only when P is not symmetrised (two networks): the symmetrised P of one network on two
 * views has the marginal (p(z) + p(z'))/2 on both sides, not the encoders' own marginals.
 */
import { encoder, maximize, minimize, sub, add, symmetrises, variable, Hpair, Ipair } from '../expr/index.ts';
import type { Encoder, Expr } from '../expr/index.ts';
import { rewrites, type Law } from './law.ts';

const X = variable('X');
const [Z, W] = [variable('Z'), variable('W')];
const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 3 });
const psi = encoder(W, X, { family: 'categorical', model: 'Psi', size: 4 });

/** I(Z;W) = H(Z) + H(W) − H(Z,W) (IIC Eq. 1 is the left side; the chain rule on the joint). */
export const pairedMiAsEntropies: Law = {
  name: 'paired-mi-as-entropies',
  statement: 'I(Z;W) = H(Z) + H(W) − H(Z,W) over the paired joint (two networks)',
  apply: rewrites('pairedInfo', (e) =>
    !symmetrises(e.a, e.b) && latentPair(e.a, e.b)
      ? sub(add({ kind: 'entropy', enc: e.a }, { kind: 'entropy', enc: e.b }), pairedEntropy(e.a, e.b, false))
      : undefined,
  ),
  example: () => maximize(Ipair(Z, W, phi, psi)),
};

/** H(Z|W) = H(Z,W) − H(W). */
export const pairedConditionalEntropy: Law = {
  name: 'paired-conditional-entropy',
  statement: 'H(Z|W) = H(Z,W) − H(W) over the paired joint (two networks)',
  apply: rewrites('pairedEntropy', (e) =>
    e.conditional && !symmetrises(e.a, e.b) && latentPair(e.a, e.b)
      ? sub(pairedEntropy(e.a, e.b, false), { kind: 'entropy', enc: e.b })
      : undefined,
  ),
  example: () => minimize(Hpair(Z, W, phi, psi, { given: true })),
};

/**
 * Neither encoder models observed values (the data's labels): the paired joint's marginal of a classifier's Y is the mean
 * of its predictions, while H(Y) of observed labels is the entropy of their counts (the language's model of variables),
 * so the chain rule on the joint would equate a prediction's entropy with the labels'.
 */
const latentPair = (a: Encoder, b: Encoder): boolean => !a.observedTarget && !b.observedTarget;

const pairedEntropy = (a: Encoder, b: Encoder, conditional: boolean): Expr => ({
  kind: 'pairedEntropy',
  a,
  b,
  conditional,
});
