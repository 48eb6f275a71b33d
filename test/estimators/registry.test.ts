/** The estimator table: one entry per planned name, each entry the estimator of that name. */
import { describe, expect, it } from 'vitest';
import { ESTIMATOR_TABLE } from '../../src/estimators/index.ts';
import { ESTIMATORS } from '../../src/spec/schema.ts';

describe('estimator table', () => {
  it('keys every estimator by its own name, and knows exactly the names a spec can pin', () => {
    expect(Object.entries(ESTIMATOR_TABLE).filter(([name, e]) => name !== e.name)).toEqual([]);
    expect(Object.keys(ESTIMATOR_TABLE).sort()).toEqual([...ESTIMATORS].sort());
  });
});
