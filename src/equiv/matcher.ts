/**
 * The vitest matcher `expect(a).toBeEquivalentTo(b, opts?)`. Register with `expect.extend(equivalenceMatchers)`
 * (test/setup.ts does); the failure message prints both objectives and the largest differences.
 */
import type { Objective } from '../expr/index.ts';
import { checkEquivalent, describeReport, type EquivalenceOptions } from './check.ts';

export const equivalenceMatchers = {
  toBeEquivalentTo(this: { isNot: boolean }, received: Objective, expected: Objective, opts?: EquivalenceOptions) {
    const report = checkEquivalent(received, expected, opts);
    return { pass: report.equivalent, message: () => describeReport(received, expected, report) };
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- must match vitest's declaration
declare module 'vitest' {
  interface Matchers<T = any> {
    toBeEquivalentTo(expected: Objective, opts?: EquivalenceOptions): T;
  }
}
