/** info-objectives/vitest/setup: a vitest setup file registering `toBeEquivalentTo` (see src/vitest.ts). */
import { expect } from 'vitest';
import { equivalenceMatchers } from './vitest.ts';

expect.extend(equivalenceMatchers);
