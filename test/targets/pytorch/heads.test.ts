/**
 * Heads, data-parallel: 2 processes × batch B/2 against 1 process × batch B. IIC over-clustering reads a trunk's two
 * heads (Φ's main head and its head `over`) on X and on the noisy view X'; nb-mim-cnn-mnist adds Neural Bayes Appendix
 * E's multi-scale heads, whose samples are the locations of the whole minibatch. The agreement with tfjs is
 * equivalence.test.ts' (every supported shipped spec). Skipped, saying why, when no python imports torch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { termKeys } from '../../../src/plan/termKeys.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { scratch } from '../../cli/run.ts';
import { python, relativeError, small, title, torch } from './harness.ts';

describe.skipIf(!torch)(title('heads, 2 processes × batch B/2 against 1 process × batch B'), () => {
  for (const name of ['iic-overcluster-moons', 'nb-mim-cnn-mnist'])
    it(`${name}: the parameters and the terms after 5 steps agree (float64)`, async () => {
      const spec = small(`specs/${name}.yaml`, 200, 40, 1);
      const dir = scratch();
      const program = join(dir, 'train.py');
      writeFileSync(program, await generatePytorch(spec, join(dir, 'data')));
      const run = (nproc: number) =>
        python([program, '--out', join(dir, `nproc-${nproc}`), '--nproc', String(nproc), '--dtype', 'float64']);
      run(1);
      run(2);
      const [one, two] = [1, 2].map((n) => loadCheckpoint(listCheckpoints(join(dir, `nproc-${n}`))[0]));
      // every tensor — trunk, heads, BatchNorm statistics — agrees to what a checkpoint's float32 stores (float64 runs
      // differ only in the order of the all-reduced sums)
      one.networks.forEach((w, i) =>
        expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6),
      );
      const terms = (n: number) =>
        JSON.parse(readFileSync(join(dir, `nproc-${n}`, 'report.json'), 'utf8')).history[0].terms as Record<
          string,
          number
        >;
      const [termsOne, termsTwo] = [terms(1), terms(2)];
      expect(Object.keys(termsOne)).toEqual([...termKeys(compileSpec(spec).plan).values()]);
      for (const key of Object.keys(termsOne))
        expect(relativeError([termsTwo[key]], [termsOne[key]]), key).toBeLessThan(1e-6);
    });
});
