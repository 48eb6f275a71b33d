/**
 * The vitest matcher `expect(a).toBeEquivalentTo(b, opts?)`; the failure message prints both objectives and the largest
 * differences. Register it in a setup file with `expect.extend(equivalenceMatchers)` (test/setup.ts does; docs/equiv.md
 * shows a consumer's). Its typing for vitest lives in src/vitest.ts (`info-objectives/vitest`), so that the library's
 * other entries need no vitest.
 */
import type { Objective } from '../expr/index.ts';
import { checkEquivalent, describeReport, type EquivalenceOptions } from './check.ts';

export const equivalenceMatchers = {
  toBeEquivalentTo(this: { isNot: boolean }, received: Objective, expected: Objective, opts?: EquivalenceOptions) {
    const report = checkEquivalent(received, expected, opts);
    return { pass: report.equivalent, message: () => describeReport(received, expected, report) };
  },
};
