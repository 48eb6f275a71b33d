/**
 * Terms that reward a variable Z for depending on what it is computed from. A maximised conditional entropy H(Z|X)
 * rewards the opposite (every p(z|x) as noisy as possible, whatever x is): the lint warns unless one of these
 * balances it, as the reconstruction term of a β-VAE or I(X;Z) does.
 */
import { match, P } from 'ts-pattern';
import { encoderUsesOf, sameDist, type Dist, type Encoder, type Expr } from '../expr/index.ts';

/** An encoder of the same network or of the same variable as `of`: what makes Z depend on its input trains it too. */
const sameSide = (of: Encoder) => (e: Encoder) => e.model === of.model || e.target === of.target;

/** Two conditionals of Z on two views, p(z|y) and p(z|x): a minimised divergence between them rewards agreement. */
const agreement = (p: Dist, q: Dist, side: (e: Encoder) => boolean): boolean =>
  p.kind === 'conditional' && q.kind === 'conditional' && side(p.enc) && side(q.enc) && !sameDist(p, q);

/** Bayes posteriors p(x|z=k) of Z: a raised divergence between them rewards clusters that tell inputs apart. */
const posteriorOf = (d: Dist, side: (e: Encoder) => boolean): boolean => d.kind === 'posterior' && side(d.enc);

/**
 * Does `node`, pushed the way `raised` says (undefined: its sign is not fixed), reward the target of `enc` for
 * depending on its input? A term read through a decoder or classifier of Z (p(x|z), p(y|z)) does whatever its sign,
 * and so does written-out arithmetic of Z's encoder, whose direction the lint does not judge.
 */
export function rewardsDependence(node: Expr, raised: boolean | undefined, enc: Encoder): boolean {
  const side = sameSide(enc);
  const encoders = [...encoderUsesOf(node).values()];
  if (encoders.some((e) => e.given.includes(enc.target))) return true;
  return match(node)
    .with({ kind: P.union('mutualInfo', 'dataInfo') }, (n) => raised === true && side(n.enc))
    .with({ kind: 'pairedInfo' }, (n) => raised === true && (side(n.a) || side(n.b)))
    .with({ kind: 'condEntropy' }, (n) => raised === false && side(n.enc))
    .with({ kind: 'pairedEntropy' }, (n) => raised === false && n.conditional && (side(n.a) || side(n.b)))
    .with(
      { kind: P.union('kl', 'crossEntropy') },
      (n) =>
        (raised === false && agreement(n.p, n.q, side)) ||
        (raised === true && (posteriorOf(n.p, side) || posteriorOf(n.q, side))),
    )
    .with({ kind: 'jsd' }, (n) => raised === true && n.dists.some((d) => posteriorOf(d, side)))
    .with({ kind: P.union('output', 'logDensity', 'score') }, () => encoders.some(side))
    .with({ kind: P.union('entropy', 'regulariser') }, () => false)
    .with({ kind: P.union('expect', 'sumStates', 'log', 'add', 'neg', 'mul', 'div') }, () => false)
    .with({ kind: P.union('const', 'hyper', 'stopGradient') }, () => false)
    .exhaustive();
}
