/** report.json's history carries every planned term's epoch mean, keyed as printed (with the path where two print alike). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainSpec } from '../../src/run/run.ts';
import { parseSpecText } from '../../src/spec/index.ts';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';

const out = () => join(mkdtempSync(join(tmpdir(), 'infobj-terms-')), 'run');
const historyOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).history as {
    loss: number;
    terms: Record<string, number | number[] | null>;
  }[];

/** A categorical MIM with smoothness on moons: every term a number the loss is a weighted sum of. */
const MIM = variant(
  'family: bernoulli\n      size: 1',
  'family: categorical\n      size: 3',
  variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z) − H(Z|X) − β·R_c(L)"\n  hypers: { β: 0.5 }'),
);

/** A gaussian encoder: I(X;Z) by MIGE (a gradient, no value) and its KL to the prior in closed form. */
const GAUSSIAN = variant(
  'family: bernoulli\n      size: 1',
  'family: gaussian\n      size: 2',
  variant(
    'preset: dms\n  hypers: { β: 1 }',
    'text: "max I(X;Z) − β·KL(p(z|x) ‖ N(z))"\n  hypers: { β: 0.5 }',
    variant('eval: { metrics: [ari, nmi, kmeans] }', 'eval: { metrics: [kmeans] }'),
  ),
);

describe('per-term values in the history', () => {
  it('keys each term as printed; the loss is the signed weighted sum of the term values', async () => {
    const { dir } = await trainSpec(parseSpecText(MIM), { out: out() });
    const history = historyOf(dir);
    expect(history).toHaveLength(2);
    for (const { loss, terms } of history) {
      expect(Object.keys(terms)).toEqual(['H(Z)', 'H(Z|X)', 'R_c(L)']);
      const [h, hx, rc] = ['H(Z)', 'H(Z|X)', 'R_c(L)'].map((k) => terms[k] as number);
      for (const v of [h, hx, rc]) expect(Number.isFinite(v)).toBe(true);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThanOrEqual(Math.log(3) + 1e-5);
      // loss = −(H(Z) − H(Z|X) − β·R_c), each an epoch mean over the same steps
      expect(loss).toBeCloseTo(-(h - hx - 0.5 * rc), 5);
    }
  });

  it('disambiguates terms that print alike by their path', async () => {
    const { dir, report } = await trainSpec(parseSpecText(BASE_SPEC), { out: out() });
    const keys = Object.keys(historyOf(dir)[0].terms);
    const paths = report.estimators.map((e) => e.path);
    expect(keys).toEqual([...paths.slice(0, -1).map((p) => `E_x[L(x)] @${p}`), 'R_c(L)']);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('writes null for a term whose estimator gives only a gradient, and says so in estimators', async () => {
    const { dir, report } = await trainSpec(parseSpecText(GAUSSIAN), { out: out() });
    expect(report.estimators.map((e) => [e.term, e.estimator, e.valueEstimated])).toEqual([
      ['I(X;Z)', 'mige', false],
      ['KL(p(z|x) ‖ N(z))', 'analytic-gaussian', true],
    ]);
    for (const { loss, terms } of historyOf(dir)) {
      expect(terms['I(X;Z)']).toBeNull();
      const kl = terms['KL(p(z|x) ‖ N(z))'] as number;
      expect(kl).toBeGreaterThan(0);
      // MIGE's forward is a placeholder 0: the loss is what the estimated terms add up to
      expect(loss).toBeCloseTo(0.5 * kl, 5);
    }
  });
});
