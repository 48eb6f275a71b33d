/** `infobj train` of a mixture spec: EM from the spec, with the DSL ELBO recorded each iteration (lecture notes Appendix A.3.1). */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import type { MixtureRecord } from '../../src/train/mixture.ts';
import { MIXTURE_SPEC, variant } from '../spec/fixtures.ts';

// the fixture's mixture spec scaled up: 4 blobs of 300 points, 4 components, 40 iterations
const SPEC = [
  ['name: tiny-em', 'name: em-blobs'],
  ['seed: 1', 'seed: 3'],
  ['clusters: 3, n: 300', 'clusters: 4, n: 1200'],
  ['components: 3', 'components: 4'],
  ['iterations: 20', 'iterations: 40'],
].reduce((spec, [from, to]) => variant(from, to, spec), MIXTURE_SPEC);

describe('EM from a spec', () => {
  it('trains: the log-likelihood never decreases, the DSL ELBO lies between consecutive log-likelihoods, ARI ≥ 0.95', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'infobj-em-')), 'run');
    const { dir, report } = await trainSpec(parseSpecText(SPEC), { out });
    const history = report.history as MixtureRecord[];
    const ll = [report.metrics.log_likelihood_initial, ...history.map((h) => h.log_likelihood)];
    expect(history).toHaveLength(40);
    ll.slice(1).forEach((v, t) => expect(v).toBeGreaterThanOrEqual(ll[t] - 1e-5));
    history.forEach((h, t) => {
      // ≥ log p_{t−1}(x): the M step maximised it from the tight E step
      expect(h.elbo).toBeGreaterThanOrEqual(ll[t] - 1e-4);
      expect(h.elbo).toBeLessThanOrEqual(ll[t + 1] + 1e-4); // ≤ log p_t(x): a lower bound
    });
    expect(ll[ll.length - 1] - ll[0]).toBeGreaterThan(0.1);
    expect(report.metrics.ari).toBeGreaterThanOrEqual(0.95);
    expect(report.objective).toBe('max E_x[Σ_k[q(x)·log[p(x|z)]]] − I(X;Z)');
    expect(report.estimators.map((e) => e.estimator)).toEqual(['enumerate-states', 'plugin-theorem2']);
    for (const plot of ['report.json', 'log-likelihood.svg', 'mixture.svg'])
      expect(existsSync(join(dir, plot))).toBe(true);
  });

  it('stops early once an iteration gains less than train.tolerance', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'infobj-em-')), 'run');
    const { report } = await trainSpec(
      parseSpecText(SPEC.replace('iterations: 40', 'iterations: 40, tolerance: 1e-3')),
      { out },
    );
    expect(report.history.length).toBeLessThan(40);
    const [a, b] = (report.history as MixtureRecord[]).slice(-2).map((h) => h.log_likelihood);
    expect(b - a).toBeLessThan(1e-3);
  });
});
