/**
 * What the offers on paired samples read of a pair. Two encoders' targets whose joint the spec defines on paired
 * samples: Z = Φ(X) and W = Ψ(Y) read on one sample (Y = X' a second view, or Y = X itself), p(z,w) =
 * E_(x,y)[p(z|x) p(w|y)]. I(Z;W), H(Z,W) and H(Z|W) = H(Z,W) − H(W): the exact plug-in of the batch joint when both are
 * discrete (IIC Eq. 3, src/estimators/paired.ts), the joint and marginal scores by SSGE (MIGE Eq. 8–14,
 * src/estimators/mige.ts) or a critic bound when both are continuous, a critic bound for I of a discrete and a
 * continuous one (src/estimators/criticBounds.ts). And I(Z;Y) of an encoder's target Z = Φ(X) and a data variable Y
 * paired with X row by row: a critic bound (Poole et al. 2019 bound I between any two variables of which paired samples
 * are drawn).
 */
import { givenLabel, hasExplicitMarginal, sameVariables, type Encoder, type Expr } from '../expr/index.ts';
import { isContinuous } from './sites.ts';

export type Paired = Expr & { kind: 'pairedInfo' | 'pairedEntropy' };
export type DataInfo = Expr & { kind: 'dataInfo' };
export const isPaired = (e: Expr): e is Paired => e.kind === 'pairedInfo' || e.kind === 'pairedEntropy';
/** An encoder's target as the reasons write its values (z for Z). */
export const lowerTarget = (e: Encoder): string => e.target.toLowerCase();
/** How the sample pairs z and w: `p(z|x) p(w|x')` of two views, or `p(z|x) p(w|x)` of one variable read twice. */
export const pairing = (a: Encoder, b: Encoder): string =>
  `p(${lowerTarget(a)}|${givenLabel(a).toLowerCase()}) p(${lowerTarget(b)}|${givenLabel(b).toLowerCase()})ᵀ`;
/** How each of a pair is typed for the paired rules, e.g. `Z is discrete and V is continuous` (for refusals). */
export const pairKinds = (a: Encoder, b: Encoder): string => {
  const kind = (e: Encoder) =>
    hasExplicitMarginal(e)
      ? 'discrete'
      : isContinuous(e)
        ? 'continuous'
        : `${e.family} of ${e.size} units, whose joint states are not enumerated`;
  return `${a.target} is ${kind(a)} and ${b.target} is ${kind(b)}`;
};

/** h = C(x) a hidden layer of the network whose output is the other (MIGE Circumstance II). */
export const layerOf = (h: Encoder, z: Encoder): boolean =>
  h.model === z.model && h.layer !== undefined && z.layer === undefined && sameVariables(h.given, z.given);

/** Of a continuous pair, the hidden layer h = C(x) and the output z = f(C(x)) of one network, if it is one. */
export const layerAndOutput = (n: Paired): [Encoder, Encoder] | undefined =>
  layerOf(n.a, n.b) ? [n.a, n.b] : layerOf(n.b, n.a) ? [n.b, n.a] : undefined;

/** Both of a pair are continuous (reparameterised, marginals known by samples only). */
export const bothContinuous = (n: Paired): boolean => isContinuous(n.a) && isContinuous(n.b);
