/**
 * KSG stays fast from 10 joint dimensions on (issue 28, point 10): its neighbour search is near O(n²) there (200,000 ×
 * (5 + 5) took 8 min), so it reads a seeded random subsample of KSG_MAX_ROWS rows and says so in its reason. The time
 * is printed, not asserted; below the threshold every row is read.
 */
import { expect, it } from 'vitest';
import { estimateMI } from '../../src/estimate/index.ts';
import { KSG_MAX_ROWS } from '../../src/estimate/estimate.ts';
import { gaussianPairs } from './fixtures.ts';

it('subsamples 10 joint dimensions above KSG_MAX_ROWS rows, saying so; reads every row below', async () => {
  const g = gaussianPairs(KSG_MAX_ROWS + 1000, 5, 0.6, 28);
  const started = performance.now();
  const e = await estimateMI(g.x, g.y, { estimator: 'ksg' });
  console.log(`ksg: ${g.x.length} × (5 + 5) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  expect(e.reason).toMatch(
    new RegExp(`KSG on a seeded random subsample of ${KSG_MAX_ROWS} of the ${KSG_MAX_ROWS + 1000} rows`),
  );
  expect(e.settings).toMatchObject({ k: 5, rows: KSG_MAX_ROWS });
  expect(e.n).toBe(KSG_MAX_ROWS + 1000);
  const low = gaussianPairs(KSG_MAX_ROWS + 1000, 4, 0.6, 28); // 8 joint dimensions: the k-d tree reads every row
  const all = await estimateMI(low.x, low.y, { estimator: 'ksg' });
  expect(all.reason).not.toMatch(/subsample/);
  expect(all.settings).toEqual({ k: 5 });
});
