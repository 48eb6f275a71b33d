/** The estimator registry: one module per name, and the lists derived from it. */
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/estimate/methods.ts';
import { CRITIC_BOUNDS, ESTIMATOR_MODULES, ESTIMATORS, SCORE_BOUNDS } from '../../src/estimators/index.ts';

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

  it('derives the score-matrix bounds and the sample estimators from the modules’ facts', () => {
    const scored = ESTIMATOR_MODULES.filter((m) => m.scoreMatrix).map((m) => m.name);
    expect(scored.sort()).toEqual(Object.keys(SCORE_BOUNDS).sort());
    const sampled = ESTIMATOR_MODULES.flatMap((m) => (m.sampleEstimate ? [[m.name, m.sampleEstimate]] : []));
    expect(sampled).toEqual(sampled.map(([name]) => [name, METHODS[name as keyof typeof METHODS].kind]));
    expect(Object.keys(METHODS).filter((n) => !sampled.some(([name]) => name === n))).toEqual(['ksg', 'cca', 'gcmi']);
  });
});
