/** Equivalence of objectives: a proof by the laws, or a shrunk numeric counterexample; and its vitest matcher. */
export {
  checkEquivalent,
  describeCounterexample,
  describeReport,
  equivalenceJson,
  type Counterexample,
  type EquivalenceOptions,
  type EquivalenceReport,
  type NumericReport,
  type Sizes,
} from './check.ts';
export { prove, printProof, printPath, type Proof, type ProveOptions, type Rewrite } from './prover/prove.ts';
export {
  BOUND_LAWS,
  printBound,
  proveBound,
  type BoundLaw,
  type BoundProof,
  type BoundStep,
} from './prover/bounds.ts';
export { randomSetup, smallMlp, type Draw } from './randomSetup.ts';
export { equivalenceMatchers } from './matcher.ts';
