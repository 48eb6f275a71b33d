/** `explain`: the objective as printed, and for each term its estimator, the rule that chose it and why. */
import { print } from '../expr/index.ts';
import type { Plan } from './types.ts';

/** A plain-text table of the plan. */
export function explain(p: Plan<string>): string {
  const lines = [`objective: ${print(p.objective)}`, ''];
  const width = Math.max(4, ...p.terms.map((t) => t.term.length));
  for (const t of p.terms) {
    const value = t.valueEstimated ? '' : ', value not estimated';
    lines.push(`  ${t.term.padEnd(width)}  ${t.estimator}  [gradient: ${t.gradient}${value}]`);
    lines.push(`  ${''.padEnd(width)}  rule: ${t.rule} — ${t.reason}`);
    if (t.adversarial !== undefined)
      lines.push(
        `  ${''.padEnd(width)}  critic: ${t.adversarial ? 'adversarial — the critic maximises the bound the objective pushes down (gradient reversed at its inputs)' : 'cooperative — the critic and the objective both raise the bound'}`,
      );
    if (t.ssge) lines.push(`  ${''.padEnd(width)}  ssge: eigenvalue ratio ${t.ssge.eigenRatio} (objective.ssge)`);
  }
  return lines.join('\n');
}

/**
 * The plan as JSON (what `infobj explain --json` prints, report.json's `estimators`); `path` is the term's id,
 * `valueEstimated` false where the estimator gives only a gradient.
 */
export const explainJson = (p: Plan<string>) =>
  p.terms.map(({ term, estimator, rule, reason, gradient, valueEstimated, id, adversarial, ssge }) => ({
    term,
    estimator,
    rule,
    reason,
    gradient,
    valueEstimated,
    path: id as string,
    ...(adversarial === undefined ? {} : { adversarial }),
    ...(ssge && { ssge }),
  }));

/** What `infobj explain --json` prints: the objective as printed and the plan of every term. */
export const explainDocument = (p: Plan<string>) => ({ objective: print(p.objective), terms: explainJson(p) });
