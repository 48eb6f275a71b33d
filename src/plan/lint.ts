/**
 * Objective lint: objectives that are degenerate by construction, whatever the data. Each warning names the term as
 * printed and why; `check`, `explain` and `train` print them as `warning: <term>: <why>` (`--strict` makes them
 * errors).
 */
import { match, P } from 'ts-pattern';
import type { Dist, Encoder, Expr, Objective } from '../expr/index.ts';
import { familyOf } from '../families/index.ts';
import { printExpr } from '../expr/index.ts';
import { sites } from './plan.ts';
import { cancellationWarnings } from './cancellation.ts';
import { rewardsDependence } from './dependence.ts';
import { direction, INFORMATION_TERMS, isSelfDivergence } from './sites.ts';
import type { TermPath } from './types.ts';

export interface ObjectiveWarning {
  /** The term's position in the tree (empty for a warning about the spec rather than a term). */
  readonly path: TermPath;
  /** The term as printed. */
  readonly term: string;
  readonly reason: string;
}

/** Why a term is zero whatever the networks do, if it is. */
const identicallyZero = (node: Expr): string | undefined =>
  !isSelfDivergence(node)
    ? undefined
    : node.kind === 'kl'
      ? 'the KL divergence of a distribution to itself is 0'
      : 'the JSD of a distribution with itself is 0';

/** Information terms: their sign in the objective decides whether they are rewarded or penalised. */
const INFORMATION_KINDS: ReadonlySet<Expr['kind']> = new Set(INFORMATION_TERMS);

/** Hyper-parameters with a negative value that multiply `node` on its way to the root (each flips its sign). */
function negativeWeights(node: Expr, ancestors: readonly Expr[], hypers: Readonly<Record<string, number>>): string[] {
  const names: string[] = [];
  let child = node;
  for (const a of ancestors) {
    if (a.kind === 'mul') {
      const factor = a.left === child ? a.right : a.left;
      if (factor.kind === 'hyper' && (hypers[factor.name] ?? 0) < 0) names.push(factor.name);
    }
    child = a;
  }
  return names;
}

/** The target variable of a distribution over an encoder's target, if it is the marginal or a uniform prior. */
const marginalTarget = (d: Dist): string | undefined =>
  d.kind === 'marginal' ? d.enc.target : d.kind === 'prior' && d.family === 'uniform' ? d.v : undefined;

/** Terms that keep the marginal of `target` spread when pushed the way `raised` says: H(Z)↑, I(X;Z)↑, R_p↓, KL(p(z)‖U)↓. */
function spreadsMarginal(node: Expr, raised: boolean, target: string): boolean {
  const encTarget = (e: Encoder) => e.target === target;
  return (
    match(node)
      .with({ kind: 'entropy' }, { kind: 'mutualInfo' }, { kind: 'dataInfo' }, (n) => raised && encTarget(n.enc))
      .with({ kind: 'pairedInfo' }, (n) => raised && (encTarget(n.a) || encTarget(n.b))) // I(Z;W) = H(Z) − H(Z|W)
      // H(Z|W) ≤ H(Z) and H(Z,W) ≤ H(Z) + H(W): raising them raises the marginals' entropies
      .with({ kind: 'pairedEntropy' }, (n) => raised && (encTarget(n.a) || (!n.conditional && encTarget(n.b))))
      .with({ kind: 'regulariser' }, (n) => !raised && n.name === 'uniformPrior' && encTarget(n.enc))
      .with({ kind: 'kl' }, (n) => !raised && marginalTarget(n.p) === target && marginalTarget(n.q) === target)
      // lowering H(Z|X) or a cross-entropy, a JSD of posteriors, a log-density: none spreads the marginal by itself
      .with({ kind: P.union('condEntropy', 'crossEntropy', 'jsd', 'logDensity', 'score', 'output') }, () => false)
      .with({ kind: P.union('expect', 'sumStates', 'log', 'add', 'neg', 'mul', 'div', 'const', 'hyper') }, () => false)
      .with({ kind: 'stopGradient' }, () => false)
      .exhaustive()
  );
}

/** The encoder, target and condition of a conditional entropy, H(Z|X) of an encoder or H(Z|W) of a paired joint. */
const conditionedOn = (node: Expr): { enc: Encoder; target: string; given: string } | undefined =>
  node.kind === 'condEntropy'
    ? { enc: node.enc, target: node.enc.target, given: node.enc.given.join(',') }
    : node.kind === 'pairedEntropy' && node.conditional
      ? { enc: node.a, target: node.a.target, given: node.b.target }
      : undefined;

/** Why a maximised H(Z|X) or H(Z|W) is degenerate: its optimum is a Z that ignores its input. */
function noisyReason(node: Expr, { enc, target, given }: { enc: Encoder; target: string; given: string }): string {
  const [z, x] = [target.toLowerCase(), given.toLowerCase()];
  if (node.kind === 'condEntropy') {
    const noisy = familyOf(enc.family).discrete
      ? 'uniform'
      : 'as broad as it can be (its variance grows without bound)';
    return `maximising it rewards making every p(${z}|${x}) ${noisy} whatever ${x} is, i.e. ${target} ignoring ${given}, and no term rewards ${target} for depending on ${given}: maximise I(${given};${target}) (MIM) or H(${target}) instead`;
  }
  return `maximising it rewards making ${target} uniform and independent of ${given} (${enc.model} ignoring its input), and no term rewards ${target} for depending on ${given}: maximise I(${target};${given}) (IIC) or H(${target}) instead`;
}

/**
 * Warnings for `objective` with hyper-parameter values `hypers`: a term identically zero; a term whose sign a negative
 * hyper-parameter reverses (a β-VAE with β < 0 rewards the KL without bound); a minimised conditional entropy H(Z|X)
 * with nothing that keeps the marginal of Z spread (it collapses to one state); a maximised one with nothing that rewards
 * Z for depending on its input (every p(z|x) made uniform); terms that cancel (src/plan/cancellation.ts).
 */
export function lintObjective(objective: Objective, hypers: Readonly<Record<string, number>> = {}): ObjectiveWarning[] {
  const warnings: ObjectiveWarning[] = [];
  const all = sites(objective.body);
  const terms = all.filter((s) => INFORMATION_KINDS.has(s.node.kind));
  const raisedOf = (node: Expr, ancestors: readonly Expr[]): boolean | undefined => {
    const d = direction(node, ancestors);
    if (d === undefined) return undefined;
    const flips = negativeWeights(node, ancestors, hypers).length % 2 === 1 ? -1 : 1;
    return (objective.sense === 'max') === d * flips > 0;
  };
  for (const { node, ancestors, path } of terms) {
    const warn = (reason: string) => warnings.push({ path, term: printExpr(node), reason });
    const zero = identicallyZero(node);
    if (zero) warn(`${zero}: it adds nothing to the objective (did you mean two different distributions?)`);
    const negative = negativeWeights(node, ancestors, hypers);
    if (negative.length) {
      const values = negative.map((h) => `${h} = ${hypers[h]}`).join(', ');
      const raised = raisedOf(node, ancestors);
      const now = raised === undefined ? 'its sign is reversed' : raised ? 'it is now rewarded' : 'it is now penalised';
      warn(
        `${values} < 0 reverses the sign it is written with: ${now}, and KL, cross-entropy and continuous MI grow without bound`,
      );
    }
    const conditioned = conditionedOn(node);
    if (
      conditioned &&
      raisedOf(node, ancestors) === true &&
      !all.some((t) => t.node !== node && rewardsDependence(t.node, raisedOf(t.node, t.ancestors), conditioned.enc))
    )
      warn(noisyReason(node, conditioned));
    if (conditioned && raisedOf(node, ancestors) === false) {
      const { target, given } = conditioned;
      const spread = terms.some((t) => {
        const raised = raisedOf(t.node, t.ancestors);
        return raised !== undefined && spreadsMarginal(t.node, raised, target);
      });
      const cure = node.kind === 'condEntropy' ? `I(${given};${target}) (MIM)` : `I(${target};${given}) (IIC)`;
      if (!spread)
        warn(
          `minimising it alone makes every ${given.toLowerCase()} certain of one state, and nothing keeps ${target} from collapsing to a single state: add H(${target}) or ${cure}, or the uniform-prior penalty R_p`,
        );
    }
  }
  return [...warnings, ...cancellationWarnings(objective)];
}
