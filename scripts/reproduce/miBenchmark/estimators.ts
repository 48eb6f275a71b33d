/** The estimators the benchmark runs, by name: the paper's CCA baseline and (once merged) the library's `estimateMI`. */
import { ccaEstimate, type EstimateFn } from '../../../src/benchmark/index.ts';

/** Run by default, in this order (the cheap ones first). */
export const DEFAULT_ESTIMATORS: readonly string[] = ['cca'];

const TABLE: Record<string, (steps?: number) => EstimateFn> = {
  cca: () => ccaEstimate,
};

/** The estimators `names`, each a function of a standardised sample; an unknown name is an error. */
export function makeEstimators(names: readonly string[], steps?: number): Record<string, EstimateFn> {
  return Object.fromEntries(
    names.map((name) => {
      const make = TABLE[name];
      if (!make) throw new Error(`unknown estimator ${name}; known: ${Object.keys(TABLE).join(', ')}`);
      return [name, make(steps)];
    }),
  );
}
