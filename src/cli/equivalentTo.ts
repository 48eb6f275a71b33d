/** `infobj explain --equivalent-to <objective>`: the spec's objective against another, proved or refuted. */
import { useBackend } from '../backend/index.ts';
import { checkEquivalent, describeReport, equivalenceJson } from '../equiv/index.ts';
import { encoderUsesOf, parse, type Objective } from '../expr/index.ts';

/**
 * The verdict on the spec's objective and `text` (parsed against the encoders the objective uses), as `explain` prints
 * it (`text`) and under `equivalence` in `explain --json` (`json`). The numeric check runs on the cpu backend (small
 * networks, no kernels to build).
 */
export async function equivalenceTo(
  objective: Objective,
  text: string,
  o: { readonly hypers?: Record<string, number>; readonly upToConstant?: boolean },
) {
  const other = parse(text, { encoders: [...encoderUsesOf(objective.body).values()] });
  await useBackend('cpu');
  const report = checkEquivalent(objective, other, { hypers: o.hypers, upToConstant: o.upToConstant });
  return { text: describeReport(objective, other, report), json: equivalenceJson(objective, other, report) };
}
