/**
 * The estimators the benchmark runs, by name: every estimator of the library's `estimateMI` (one training per cell,
 * seeded by the cell's seed), `auto` (its cells record the estimator it chose) and the paper's CCA baseline.
 */
import { ccaEstimate, type EstimateFn } from '../../../src/benchmark/index.ts';
import { useBackend } from '../../../src/backend/index.ts';
import {
  estimateMI,
  isTrained,
  METHODS,
  SAMPLE_ESTIMATORS,
  type SampleEstimator,
} from '../../../src/estimate/index.ts';

/** Run by default, in this order: the cheap ones first (KSG, CCA), then the critic bounds of the paper's Figure 2. */
export const DEFAULT_ESTIMATORS: readonly string[] = ['ksg', 'cca', 'infonce', 'nwj', 'mine'];

/**
 * `estimateMI` with `estimator` on a standardised sample: one run, seeded by the cell's seed; `steps` caps training.
 * `auto` returns the estimator it chose with the estimate.
 */
function viaEstimateMI(estimator: SampleEstimator | 'auto', steps?: number): EstimateFn {
  let backend: Promise<unknown> | undefined;
  return async (s, { seed }) => {
    if (estimator === 'auto' || isTrained(METHODS[estimator])) {
      backend ??= useBackend('wasm');
      await backend;
    }
    const x = { values: s.x, n: s.n, dim: s.dimX };
    const y = { values: s.y, n: s.n, dim: s.dimY };
    const e = await estimateMI(x, y, { estimator, seed, seeds: 1, ...(steps === undefined ? {} : { steps }) });
    return estimator === 'auto' ? { estimate: e.estimate, chosen: e.estimator } : e.estimate;
  };
}

/** The name a cell records: the estimator, and its step cap when one is given (`infonce@2000`). */
export const estimatorLabel = (name: string, steps?: number): string =>
  steps === undefined || name === 'ksg' || name === 'cca' ? name : `${name}@${steps}`;

/** The estimators `names`, each a function of a standardised sample; an unknown name is an error. */
export function makeEstimators(names: readonly string[], steps?: number): Record<string, EstimateFn> {
  return Object.fromEntries(
    names.map((name) => {
      if (name === 'cca') return [name, ccaEstimate];
      if (name !== 'auto' && !(SAMPLE_ESTIMATORS as readonly string[]).includes(name))
        throw new Error(`unknown estimator ${name}; known: auto, ${SAMPLE_ESTIMATORS.join(', ')}`);
      return [estimatorLabel(name, steps), viaEstimateMI(name as SampleEstimator | 'auto', steps)];
    }),
  );
}
