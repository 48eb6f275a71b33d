/** The history's term means: numbers, arrays for vector-valued terms, null where not estimated, unknown after an old checkpoint. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { TermReporting } from '../../src/train/loop.ts';
import { TermSums } from '../../src/train/termSums.ts';

const reporting: TermReporting = {
  terms: [
    { key: 'H(Z)', estimated: false },
    { key: 'E_x[L(x)]', estimated: true },
    { key: 'R_c(L)', estimated: true },
  ],
  lossWithValues: () => ({ loss: tf.scalar(0), values: [] }),
};

describe('TermSums', () => {
  it('averages each estimated term over the steps, keeps a vector a vector and writes null for the others', () => {
    const sums = new TermSums(reporting);
    sums.add([[0.2, 0.8], [1]]);
    sums.add([[0.4, 0.6], [3]]);
    expect(sums.means(2)).toEqual({ 'H(Z)': null, 'E_x[L(x)]': [0.30000000000000004, 0.7], 'R_c(L)': 2 });
  });

  it('continues from a mid-epoch checkpoint’s sums, and says nothing when the checkpoint kept none', () => {
    const resumed = new TermSums(reporting, [[0.2, 0.8], [1]], true);
    resumed.add([[0.4, 0.6], [3]]);
    expect(resumed.means(2)).toEqual({ 'H(Z)': null, 'E_x[L(x)]': [0.30000000000000004, 0.7], 'R_c(L)': 2 });
    const older = new TermSums(reporting, [], true);
    older.add([[0.4, 0.6], [3]]);
    expect(older.means(2)).toBeUndefined();
    expect(new TermSums(reporting, [], false).partial()).toEqual([]);
  });
});
