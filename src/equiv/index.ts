/** Equivalence checking of objectives (values and gradients) and its vitest matcher. */
export { checkEquivalent, describeReport, type EquivalenceOptions, type EquivalenceReport } from './check.ts';
export { randomSetup, smallMlp, type Draw } from './randomSetup.ts';
export { equivalenceMatchers } from './matcher.ts';
