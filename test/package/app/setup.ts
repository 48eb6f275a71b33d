// A consumer's vitest setup file (the one docs/equiv.md shows).
import { expect } from 'vitest';
import { equivalenceMatchers } from 'info-objectives/vitest';

expect.extend(equivalenceMatchers);
