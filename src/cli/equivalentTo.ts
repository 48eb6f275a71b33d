/** `infobj explain --equivalent-to <objective>`: the spec's objective against another, proved or refuted. */
import { useBackend } from '../backend/index.ts';
import { checkEquivalent, describeReport, equivalenceJson } from '../equiv/index.ts';
import { children, encoderUsesOf, parse, type Expr } from '../expr/index.ts';
import type { Plan } from '../plan/index.ts';

/**
 * The verdict on the spec's objective and `text` (parsed against the encoders the objective uses), as `explain` prints
 * it (`text`) and under `equivalence` in `explain --json` (`json`). The spec's pins are the objective's (a critic bound
 * pinned makes the report a bound, `equivalence.bound`). The numeric check runs on the cpu backend (small networks, no
 * kernels to build).
 */
export async function equivalenceTo(
  plan: Plan,
  text: string,
  o: { readonly hypers?: Record<string, number>; readonly upToConstant?: boolean },
) {
  const { objective } = plan;
  const other = parse(text, { encoders: [...encoderUsesOf(objective.body).values()] });
  const nodeAt = (path: readonly number[]): Expr => path.reduce<Expr>((e, i) => children(e)[i], objective.body);
  const pins = plan.terms
    .filter((t) => t.rule === 'pinned by the user')
    .map((t) => ({ expr: nodeAt(t.path), estimator: t.estimator }));
  await useBackend('cpu');
  const report = checkEquivalent(objective, other, {
    hypers: o.hypers,
    upToConstant: o.upToConstant,
    ...(pins.length > 0 && { pins: [pins, []] as const }),
  });
  return { text: describeReport(objective, other, report), json: equivalenceJson(objective, other, report) };
}
