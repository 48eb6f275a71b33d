/** The planner: walks the objective and chooses an estimator for every term (DESIGN: estimator selection). */
import { match, P } from 'ts-pattern';
import {
  children,
  printDist,
  printExpr,
  printExprIn,
  givenLabel,
  sameExpr,
  type Dist,
  type Encoder,
  type Expr,
  type Objective,
} from '../expr/index.ts';
import { hasDensity, hasExplicitMarginal, isReparameterisable } from '../families/index.ts';
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

/** H(X) and I(Z;X) of observed data that are not labels: they need the entropy of the data, which only samples define. */
const observedData = (enc: Encoder): [string, string] => [
  `${enc.target} is observed data, and its entropy H(${enc.target}) is a constant that only samples define (no model of the data gives it)`,
  `Drop H(${enc.target}) (a constant), and write I(${givenLabel(enc)};${enc.target}) as its Barber–Agakov bound E_x[log[p(${enc.target.toLowerCase()}|${givenLabel(enc).toLowerCase()})]] (the same up to the constant H(${enc.target})), or bind class labels with model.labels.`,
];

/** The support of a distribution when it is plain: the states of a discrete variable, or a density on R^d. */
const supportOf = (d: Dist): 'states' | 'density' | undefined => {
  if (d.kind === 'prior') return d.family === 'uniform' ? 'states' : 'density';
  if (d.kind === 'conditional' || d.kind === 'marginal')
    return hasExplicitMarginal(d.enc) ? 'states' : isReparameterisable(d.enc.family) ? 'density' : undefined;
  return undefined;
};

/** Why two distributions cannot be compared at all: one lives on finitely many states, the other is a density. */
function supportMismatch(dists: readonly Dist[]): string | undefined {
  const states = dists.find((d) => supportOf(d) === 'states');
  const density = dists.find((d) => supportOf(d) === 'density');
  if (!states || !density) return undefined;
  return `${printDist(states)} is over finitely many states and ${printDist(density)} is a density on R^d: they have no common support, so the divergence is not defined (U(z) is the uniform distribution over a discrete variable's states, N(z) the standard normal density)`;
}

/**
 * The observed variables a term is about: the target of a classifier or decoder in H(Y), H(Y|Z), I(Z;Y), or of its
 * marginal p(y). An estimate of such a term must read their observed values, never only the model's predictions.
 */
const observedNamed = (node: Expr): string[] =>
  match(node)
    .with({ kind: P.union('entropy', 'condEntropy', 'mutualInfo') }, (n) =>
      n.enc.observedTarget ? [n.enc.target] : [],
    )
    .with({ kind: P.union('kl', 'crossEntropy') }, (n) => [n.p, n.q].flatMap(observedMarginal))
    .with({ kind: 'jsd' }, (n) => n.dists.flatMap(observedMarginal))
    .with({ kind: P.union('pairedInfo', 'pairedEntropy', 'dataInfo', 'regulariser', 'output', 'logDensity') }, () => [])
    .with({ kind: P.union('score', 'expect', 'sumStates', 'log', 'add', 'neg', 'mul', 'div') }, () => [])
    .with({ kind: P.union('const', 'hyper', 'stopGradient') }, () => [])
    .exhaustive();
const observedMarginal = (d: Dist): string[] => (d.kind === 'marginal' && d.enc.observedTarget ? [d.enc.target] : []);

/** A term whose only applicable estimates would read a model of an observed variable instead of its values. */
const wouldNotRead = (term: string, estimator: string, observed: readonly string[]): PlanError =>
  new PlanError(
    term,
    `its estimate ${estimator} would not read ${observed.join(', ')}, which ${observed.length > 1 ? 'are' : 'is'} observed: it would estimate the term under the model's own predictions instead`,
    'Write the term over the observed values (a classifier’s log-likelihood E_x[log[p(y|z)]], or labels bound with model.labels), or pin an estimator that reads them.',
  );

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
    .with({ kind: 'kl' }, { kind: 'crossEntropy' }, { kind: 'jsd' }, (n) => [
      supportMismatch(n.kind === 'jsd' ? n.dists : [n.p, n.q]) ??
        'no closed form, Bayes ratio or reparameterised path relates these distributions',
      'Write it over an encoder’s distributions (p(z|x), p(z), p(x|z=k), priors), or write the mutual information I(X;Z) and pin a critic bound (mine, mine-f, nwj, infonce, smile, tuba, flo, jsd-critic).',
    ])
    .with({ kind: P.union('entropy', 'mutualInfo') }, (n) => (n.enc.observedTarget ? observedData(n.enc) : noRule))
    .with({ kind: P.union('regulariser', 'score', 'output') }, () => noRule)
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
    const observed = observedNamed(site.node);
    const reads = (o: Offered<string>) => observed.length === 0 || o.candidate.readsObserved === true;
    let chosen: Offered<string> | undefined;
    let rule: string;
    if (pinned) {
      matching.forEach((p) => used.add(p));
      chosen = offered.find((o) => o.module.name === pinned.estimator);
      if (chosen && !reads(chosen)) throw wouldNotRead(term, chosen.module.name, observed);
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
      chosen = offered.find((o) => !o.rule.pinOnly && reads(o));
      if (!chosen) {
        const blind = offered.find((o) => !o.rule.pinOnly);
        throw blind ? wouldNotRead(term, blind.module.name, observed) : unestimable(site.node, term);
      }
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
      valueEstimated: !module.gradientOnly?.includes(site.node.kind),
      ...(candidate.pooledWith && { pooledWith: candidate.pooledWith }),
    });
  }
  const stale = pins.find((p) => !used.has(p));
  if (stale) {
    const present = `Terms of the objective: ${terms.map((t) => t.term).join(', ') || 'none'}.`;
    throw new PlanError(printExpr(stale.expr), 'it is pinned but does not occur in the objective', present);
  }
  return { objective, terms, ...(options.estimators && { estimators: options.estimators }) };
}
