/**
 * info-objectives/vitest: the matcher `expect(a).toBeEquivalentTo(b, opts?)` for vitest (an optional peer dependency).
 * In a setup file: `import { expect } from 'vitest'; import { equivalenceMatchers } from 'info-objectives/vitest';
 * expect.extend(equivalenceMatchers);` — or list `info-objectives/vitest/setup` in `test.setupFiles`, which does that.
 */
import type { Objective } from './expr/index.ts';
import type { EquivalenceOptions } from './equiv/check.ts';

export { equivalenceMatchers } from './equiv/matcher.ts';
export type { EquivalenceOptions, EquivalenceReport } from './equiv/check.ts';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's declaration
  interface Matchers<T = any> {
    toBeEquivalentTo(expected: Objective, opts?: EquivalenceOptions): T;
  }
}
