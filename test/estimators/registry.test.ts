/** The estimator registry: one module per name, and the lists derived from it. */
import { describe, expect, it } from 'vitest';
import { CRITIC_BOUNDS, ESTIMATOR_MODULES, ESTIMATORS } from '../../src/estimators/index.ts';

describe('estimator registry', () => {
  it('lists each estimator once, and a spec may pin exactly the registered names', () => {
    const names = ESTIMATOR_MODULES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...ESTIMATORS]).toEqual(names);
  });

  it('gives every rule one rank and every rank one rule, so the first rule with a candidate is well defined', () => {
    const rules = ESTIMATOR_MODULES.flatMap((m) => m.offers.map((o) => o.rule));
    const rankOf = new Map(rules.map((r) => [r.name, r.rank]));
    expect(rules.filter((r) => rankOf.get(r.name) !== r.rank)).toEqual([]);
    expect(new Set(rankOf.values()).size).toBe(rankOf.size);
  });

  it('derives the critic bounds from the modules whose network maximises the bound', () => {
    expect(CRITIC_BOUNDS).toEqual([
      'mine',
      'mine-f',
      'nwj',
      'infonce',
      'jsd-critic',
      'jsd-discriminator',
      'smile',
      'tuba',
      'flo',
    ]);
  });
});
