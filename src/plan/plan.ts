/** The planner: walks the objective and chooses an estimator for every term (DESIGN: estimator selection). */
import { match, P } from 'ts-pattern';
import {
  children,
  printDist,
  printExpr,
  printExprIn,
  sameExpr,
  type Dist,
  type Expr,
  type Objective,
} from '../expr/index.ts';
import { hasDensity, isReparameterisable } from '../families/index.ts';
import { ESTIMATOR_MODULES, type Estimators } from '../estimators/registry.ts';
import type { EstimatorModule, Offer, Rule, TermCandidate } from '../estimators/types.ts';
import { isTerm } from './rules.ts';
import { pairKinds } from './pairs.ts';
import { direction } from './sites.ts';
import {
  networkId,
  PlanError,
  termId,
  type Pin,
  type Plan,
  type PlanOptions,
  type Site,
  type TermPath,
  type TermPlan,
} from './types.ts';

/** Every node with its ancestors and path, depth first. */
export function sites(body: Expr): Site[] {
  const out: Site[] = [];
  const visit = (node: Expr, ancestors: Expr[], path: TermPath) => {
    out.push({ node, ancestors, path });
    children(node).forEach((c, i) => visit(c, [node, ...ancestors], [...path, i]));
  };
  visit(body, [], []);
  return out;
}

const isImplicit = (d: Dist) =>
  d.kind === 'data' || d.kind === 'posterior' || (d.kind === 'marginal' && isReparameterisable(d.enc.family));

const noRule = ['no estimator rule matches this term', 'Pin an estimator for it in the spec (objective.pins).'];

/** Why nothing applies, and what would make the term estimable. */
function unestimable(node: Expr, term: string): PlanError {
  const [reason, remedy] = match(node)
    .with({ kind: 'condEntropy' }, (n) =>
      !hasDensity(n.enc.family)
        ? [
            'p(z|x) of a deterministic encoder is a point mass, so H(Z|X) is −∞',
            'Write I(X;Z) or H(Z) instead (MIGE Circumstance I), or make the encoder gaussian.',
          ]
        : [
            'no closed form or plug-in is known for this encoder family',
            'Use a categorical, bernoulli or gaussian encoder.',
          ],
    )
    .with({ kind: 'logDensity' }, (n) => [
      `the density of ${printDist(n.dist)} is ${isImplicit(n.dist) ? 'implicit (only samples are available)' : 'not reparameterisable here'}`,
      'Use its score ∇log[…] (estimated by SSGE), an entropy term, or declare a gaussian encoder for it.',
    ])
    .with({ kind: 'kl' }, { kind: 'crossEntropy' }, { kind: 'jsd' }, () => [
      'no closed form, Bayes ratio or reparameterised path relates these distributions',
      'Write it over an encoder’s distributions (p(z|x), p(z), p(x|z=k), priors), or write the mutual information I(X;Z) and pin a critic bound (mine, mine-f, nwj, infonce, smile, tuba, flo, jsd-critic).',
    ])
    .with({ kind: P.union('entropy', 'mutualInfo', 'regulariser', 'score', 'output') }, () => noRule)
    .with({ kind: 'pairedInfo' }, (n) => [
      `${pairKinds(n.a, n.b)}: no rule reads their values`,
      'Pin a critic bound (infonce, mine, mine-f, nwj, smile, tuba, flo, jsd-critic), or make an encoder categorical or gaussian.',
    ])
    .with({ kind: 'dataInfo' }, () => noRule)
    .with({ kind: 'pairedEntropy' }, (n) => [
      `${pairKinds(n.a, n.b)}, so they share no density: only two explicit discrete encoders have a plug-in joint, and only two continuous ones a joint score`,
      'Make both encoders discrete (exact plug-in of the joint) or both continuous (MIGE joint score).',
    ])
    .with({ kind: P.union('expect', 'sumStates', 'log') }, () => noRule)
    .with({ kind: P.union('add', 'neg', 'mul', 'div', 'const', 'hyper', 'stopGradient') }, () => noRule)
    .exhaustive();
  return new PlanError(term, reason, remedy);
}

/**
 * A critic maximises its bound. When the objective is optimised against the bound (min of a positively weighted JSD, as
 * in a GAN), the critic plays the other side: `adversarial`. A bound whose sign in the objective is not fixed is
 * refused.
 */
function criticDirection(
  site: Site,
  term: string,
  module: EstimatorModule,
  sense: Objective['sense'],
): { adversarial?: boolean } {
  if (!module.maximisesBound) return {};
  const d = direction(site.node, site.ancestors);
  if (d === undefined)
    throw new PlanError(
      term,
      `its ${module.name} critic maximises the bound, and the bound enters the objective with a sign the tree does not fix`,
      'Write it as a term of a weighted sum (constant or hyper-parameter weights).',
    );
  return { adversarial: sense === 'max' ? d < 0 : d > 0 };
}

/** An offer with the module that makes it. */
interface ModuleOffer<N extends string> {
  readonly module: EstimatorModule<N>;
  readonly offer: Offer;
}

/** Every offer of `estimators` in selection order: by rule rank, then preference within the rule, then registry order. */
const offersOf = <N extends string>(estimators: Estimators<N>): ModuleOffer<N>[] =>
  estimators
    .flatMap((module) => module.offers.map((offer) => ({ module, offer })))
    .sort((a, b) => a.offer.rule.rank - b.offer.rule.rank || (a.offer.preference ?? 0) - (b.offer.preference ?? 0));

/** A candidate for a site, with the module and the rule that offer it. */
interface Offered<N extends string> {
  readonly module: EstimatorModule<N>;
  readonly rule: Rule;
  readonly candidate: TermCandidate;
}

/**
 * Choose an estimator for every term of the objective: the first candidate of the lowest-ranked rule that has one, or
 * the pinned estimator if it is a candidate (pin-only rules included). Throws PlanError naming the term if one cannot
 * be estimated.
 */
export function plan<N extends string>(
  objective: Objective,
  options: PlanOptions<N> & { readonly estimators: Estimators<N> },
): Plan<N>;
export function plan(objective: Objective, options?: PlanOptions): Plan;
export function plan(objective: Objective, options: PlanOptions<string> = {}): Plan<string> {
  const estimators: Estimators<string> = options.estimators ?? ESTIMATOR_MODULES;
  const offers = offersOf(estimators);
  const pins = options.pins ?? [];
  const used = new Set<Pin<string>>();
  const terms: TermPlan<string>[] = [];
  for (const site of sites(objective.body)) {
    if (!isTerm(site.node)) continue;
    const term = printExprIn(site.node, objective.body);
    const offered: Offered<string>[] = offers.flatMap(({ module, offer }) => {
      const candidate = offer.candidate(site);
      return candidate ? [{ module, rule: offer.rule, candidate }] : [];
    });
    const matching = pins.filter((p) => sameExpr(p.expr, site.node));
    const pinned = matching[0];
    if (new Set(matching.map((p) => p.estimator)).size > 1)
      throw new PlanError(
        term,
        `it is pinned to ${matching.map((p) => p.estimator).join(' and ')}`,
        'Pin one estimator.',
      );
    let chosen: Offered<string> | undefined;
    let rule: string;
    if (pinned) {
      matching.forEach((p) => used.add(p));
      chosen = offered.find((o) => o.module.name === pinned.estimator);
      if (!chosen) {
        const applicable = [...new Set(offered.map((o) => o.module.name))];
        const why = estimators.find((m) => m.name === pinned.estimator)?.whyNotPinnable?.(site.node);
        throw new PlanError(
          term,
          `the pinned estimator '${pinned.estimator}' does not apply to it${why ? `: ${why}` : ''}`,
          applicable.length ? `Applicable: ${applicable.join(', ')}.` : 'No estimator applies to it.',
        );
      }
      rule = 'pinned by the user';
    } else {
      chosen = offered.find((o) => !o.rule.pinOnly);
      if (!chosen) throw unestimable(site.node, term);
      rule = chosen.rule.name;
    }
    const { module, candidate } = chosen;
    const network = candidate.network && { id: networkId(candidate.network.role, site.path), ...candidate.network };
    terms.push({
      path: site.path,
      id: termId(site.path),
      term,
      estimator: module.name,
      rule,
      reason: candidate.reason,
      gradient: candidate.gradient,
      ...(network && { network }),
      ...criticDirection(site, term, module, objective.sense),
      ...(module.readsSsge && options.ssge && { ssge: options.ssge }),
    });
  }
  const stale = pins.find((p) => !used.has(p));
  if (stale) {
    const present = `Terms of the objective: ${terms.map((t) => t.term).join(', ') || 'none'}.`;
    throw new PlanError(printExpr(stale.expr), 'it is pinned but does not occur in the objective', present);
  }
  return { objective, terms, ...(options.estimators && { estimators: options.estimators }) };
}
