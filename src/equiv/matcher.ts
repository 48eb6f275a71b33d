/**
 * The vitest matcher `expect(a).toBeEquivalentTo(b, opts?)`. It passes when the prover proves the two objectives equal
 * by the laws, or when no proof is found but values and gradients agree numerically (verdict `unknown`); it fails when
 * they differ numerically with no proof (`refuted`). The failure message of `.not` prints the proof; that of a plain
 * failure prints the shrunk counterexample, with both objectives and the largest differences. Register it in a setup
 * file with `expect.extend(equivalenceMatchers)` (test/setup.ts does; docs/equiv.md shows a consumer's). Its typing for
 * vitest lives in src/vitest.ts (`info-objectives/vitest`), so that the library's other entries need no vitest.
 */
import type { Objective } from '../expr/index.ts';
import { checkEquivalent, describeReport, type EquivalenceOptions } from './check.ts';

export const equivalenceMatchers = {
  toBeEquivalentTo(this: { isNot: boolean }, received: Objective, expected: Objective, opts?: EquivalenceOptions) {
    const report = checkEquivalent(received, expected, opts);
    return { pass: report.verdict !== 'refuted', message: () => describeReport(received, expected, report) };
  },
};
