/**
 * Heads, data-parallel: 2 processes × batch B/2 against 1 process × batch B. IIC over-clustering reads a trunk's two
 * heads (Φ's main head and its head `over`) on X and on the noisy view X'; nb-mim-cnn-mnist adds Neural Bayes Appendix
 * E's multi-scale heads, whose samples are the locations of the whole minibatch. The agreement with tfjs is
 * equivalence.test.ts' (every supported shipped spec). Skipped, saying why, when no python imports torch.
 */
import { describe, it } from 'vitest';
import { expectSameTensors, expectSameTerms, oneAndTwoProcesses, small, title, torch } from './harness.ts';

describe.skipIf(!torch)(title('heads, 2 processes × batch B/2 against 1 process × batch B'), () => {
  for (const name of ['iic-overcluster-moons', 'nb-mim-cnn-mnist'])
    it(`${name}: the parameters and the terms after 5 steps agree (float64)`, async () => {
      const spec = small(`specs/${name}.yaml`, 200, 40, 1);
      const runs = await oneAndTwoProcesses(spec);
      // every tensor — trunk, heads, BatchNorm statistics — agrees to what a checkpoint's float32 stores (float64 runs
      // differ only in the order of the all-reduced sums)
      expectSameTensors(runs);
      expectSameTerms(runs, spec);
    });
});
