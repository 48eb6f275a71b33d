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
import { estimatorFor } from '../estimators/registry.ts';
import { hasDensity, isReparameterisable } from '../families/index.ts';
import { CRITIC_BOUNDS, PIN_ONLY_RULES, RULES, isTerm, whyNotPinnable, type Choice } from './rules.ts';
import { pairKinds } from './pairedRules.ts';
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
  choice: Choice,
  sense: Objective['sense'],
): { adversarial?: boolean } {
  if (!CRITIC_BOUNDS.includes(choice.estimator)) return {};
  const d = direction(site.node, site.ancestors);
  if (d === undefined)
    throw new PlanError(
      term,
      `its ${choice.estimator} critic maximises the bound, and the bound enters the objective with a sign the tree does not fix`,
      'Write it as a term of a weighted sum (constant or hyper-parameter weights).',
    );
  return { adversarial: sense === 'max' ? d < 0 : d > 0 };
}

/** Choose an estimator for every term of the objective. Throws PlanError naming the term if one cannot be estimated. */
export function plan(objective: Objective, options: PlanOptions = {}): Plan {
  const pins = options.pins ?? [];
  const used = new Set<Pin>();
  const terms: TermPlan[] = [];
  for (const site of sites(objective.body)) {
    if (!isTerm(site.node)) continue;
    const term = printExprIn(site.node, objective.body);
    const byRule = RULES.map((rule) => ({ rule: rule.name, choices: rule.candidates(site) }));
    const matching = pins.filter((p) => sameExpr(p.expr, site.node));
    const pinned = matching[0];
    if (new Set(matching.map((p) => p.estimator)).size > 1)
      throw new PlanError(
        term,
        `it is pinned to ${matching.map((p) => p.estimator).join(' and ')}`,
        'Pin one estimator.',
      );
    let choice: Choice | undefined;
    let rule: string;
    if (pinned) {
      matching.forEach((p) => used.add(p));
      const all = [...byRule, ...PIN_ONLY_RULES.map((r) => ({ rule: r.name, choices: r.candidates(site) }))].flatMap(
        (r) => r.choices,
      );
      choice = all.find((c) => c.estimator === pinned.estimator);
      if (!choice) {
        const applicable = [...new Set(all.map((c) => c.estimator))];
        const why = whyNotPinnable(pinned.estimator, site.node);
        throw new PlanError(
          term,
          `the pinned estimator '${pinned.estimator}' does not apply to it${why ? `: ${why}` : ''}`,
          applicable.length ? `Applicable: ${applicable.join(', ')}.` : 'No estimator applies to it.',
        );
      }
      rule = 'pinned by the user';
    } else {
      const first = byRule.find((r) => r.choices.length > 0);
      if (!first) throw unestimable(site.node, term);
      choice = first.choices[0];
      rule = first.rule;
    }
    const network = choice.network && { id: networkId(choice.network.role, site.path), ...choice.network };
    terms.push({
      path: site.path,
      id: termId(site.path),
      term,
      estimator: choice.estimator,
      rule,
      reason: choice.reason,
      gradient: choice.gradient,
      valueEstimated: !estimatorFor(choice.estimator).gradientOnly?.includes(site.node.kind),
      ...(network && { network }),
      ...criticDirection(site, term, choice, objective.sense),
      ...(choice.estimator === 'mige' && options.ssge && { ssge: options.ssge }),
    });
  }
  const stale = pins.find((p) => !used.has(p));
  if (stale) {
    const present = `Terms of the objective: ${terms.map((t) => t.term).join(', ') || 'none'}.`;
    throw new PlanError(printExpr(stale.expr), 'it is pinned but does not occur in the objective', present);
  }
  return { objective, terms };
}
