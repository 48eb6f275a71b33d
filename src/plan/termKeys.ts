/** How reports name planned terms: as printed, with the term's path where two terms of the objective print alike. */
import type { Plan, TermId } from './types.ts';
import { checkArgs, PlanArg } from '../api/arguments.ts';

/** The report key of every planned term: its printed text, or `<text> @<path>` when another term prints the same. */
export function termKeys<N extends string>(p: Plan<N>): ReadonlyMap<TermId, string> {
  checkArgs('termKeys', { plan: [PlanArg, p] });
  const printed = new Map<string, number>();
  for (const t of p.terms) printed.set(t.term, (printed.get(t.term) ?? 0) + 1);
  return new Map(p.terms.map((t) => [t.id, (printed.get(t.term) ?? 0) > 1 ? `${t.term} @${t.id}` : t.term]));
}
