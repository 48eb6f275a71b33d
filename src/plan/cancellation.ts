/**
 * Terms that cancel: an objective whose terms' coefficients sum to 0 (`max I(X;Z) − I(X;Z)`, or H(Z|X) in
 * `max H(Z) − H(Z|X) + 2·H(Z|X) − H(Z|X)`) gives their encoders no gradient from them, and when everything cancels it
 * is a constant that trains nothing. Terms are compared by structure; the normal form I(X;Z) = H(Z) − H(Z|X) (and the
 * chain rule of two networks' paired joint) also finds `max I(X;Z) − H(Z) + H(Z|X)` constant.
 */
import { encoderUsesOf, printExprIn, type Encoder, type Expr, type Objective } from '../expr/index.ts';
import { miAsEntropies, normalise, pairedConditionalEntropy, pairedMiAsEntropies } from '../rewrite/index.ts';
import { collect, isZero, occurrences, printCoefficient, type CollectedTerm } from './linearForm.ts';
import type { ObjectiveWarning } from './lint.ts';
import { sites } from './plan.ts';

/** Laws that write information terms as entropies, so that terms written two ways meet. */
const ENTROPY_FORM = [miAsEntropies, pairedMiAsEntropies, pairedConditionalEntropy];

/** The networks a term reads, by model name. */
const modelsOf = (e: Expr): string[] => [...new Set([...encoderUsesOf(e).values()].map((enc) => enc.model))];

const listModels = (models: readonly string[]): string =>
  models.length === 1 ? `encoder ${models[0]}` : `encoders ${models.join(', ')}`;

/** Networks still read by `live` terms: named in one, or producing a variable that a read network takes. */
function readModels(live: readonly Expr[], all: readonly Encoder[]): Set<string> {
  const read = new Set(live.flatMap(modelsOf));
  for (let grew = true; grew; ) {
    const taken = new Set(all.filter((e) => read.has(e.model)).flatMap((e) => e.given));
    const more = all.filter((e) => !read.has(e.model) && taken.has(e.target));
    more.forEach((e) => read.add(e.model));
    grew = more.length > 0;
  }
  return read;
}

/** Terms that read a network (constants such as log 2 carry no gradient, cancelled or not). */
const withEncoders = (terms: readonly CollectedTerm[]) => terms.filter((t) => modelsOf(t.term).length > 0);

/** Warnings for the terms of `objective` that cancel, and for an objective constant in a network's parameters. */
export function cancellationWarnings(objective: Objective): ObjectiveWarning[] {
  const written = withEncoders(collect(occurrences(objective.body)));
  // Written two ways: the rest compared once its information terms are written as entropies.
  const laws = ENTROPY_FORM.filter((law) => sites(objective.body).some((site) => law.apply(site.node)));
  const expanded = withEncoders(
    collect(
      written
        .filter((t) => !isZero(t.total))
        .flatMap((t) =>
          // each part keeps the position of the term it was written in
          occurrences(normalise({ sense: objective.sense, body: t.term }, laws).body, t.total).map((o) => ({
            ...o,
            path: t.occurrences[0].path,
          })),
        ),
    ),
  );
  const live = expanded.filter((t) => !isZero(t.total)).map((t) => t.term);
  const reached = readModels(live, [...encoderUsesOf(objective.body).values()]);
  const warning = (t: CollectedTerm, why: string): ObjectiveWarning => {
    const models = modelsOf(t.term);
    const idle = models.filter((m) => !reached.has(m));
    const effect =
      live.length === 0
        ? 'every term of the objective cancels, so it is constant and trains nothing'
        : idle.length > 0
          ? `the objective is constant in the parameters of ${listModels(idle)}`
          : `${listModels(models)} receive${models.length === 1 ? 's' : ''} no gradient from it`;
    return { path: t.occurrences[0].path, term: printExprIn(t.term, objective.body), reason: `${why}: ${effect}` };
  };
  const coefficients = (t: CollectedTerm) => t.occurrences.map((o) => printCoefficient(o.coefficient)).join(', ');
  return [
    ...written
      .filter((t) => isZero(t.total))
      .map((t) =>
        warning(
          t,
          t.occurrences.length === 1
            ? `its coefficient is ${coefficients(t)}`
            : `its coefficients ${coefficients(t)} sum to 0`,
        ),
      ),
    ...expanded
      .filter((t) => isZero(t.total))
      .map((t) => warning(t, `it cancels once written with ${laws.map((law) => law.statement).join(' and ')}`)),
  ];
}
