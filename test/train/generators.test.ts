/** Generators fed by latent priors, from specs: a short InfoGAN run learns its code; a code without a prior is named. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';

const out = mkdtempSync(join(tmpdir(), 'infobj-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('specs with generators', () => {
  it('InfoGAN: after 120 steps Q already reads the code from G(z, c) far above chance, and the samples are scored', async () => {
    const text = readFileSync('specs/infogan-ring.yaml', 'utf8')
      .replace('n: 4000', 'n: 1200')
      .replace('epochs: 60', 'epochs: 20');
    const { dir, report } = await trainSpec(parseSpecText(text), { out: join(out, 'infogan') });
    const m = report.metrics;
    expect(report.estimators.find((t) => t.estimator === 'jsd-discriminator')).toMatchObject({ adversarial: true });
    expect(m.infogan_log_k).toBeCloseTo(Math.log(8), 6);
    expect(m.infogan_mi_bound).toBeLessThanOrEqual(m.infogan_log_k + 1e-6);
    expect(m.infogan_mi_bound).toBeGreaterThan(0.3 * m.infogan_log_k); // chance: a Q that ignores g has bound ≈ 0
    expect(m.gan_modes).toBe(8); // the ring's eight blobs, read from the labelled data
    expect(Number.isInteger(m.gan_modes_covered) && m.gan_modes_covered <= m.gan_modes).toBe(true);
    expect(m.gan_high_quality).toBeGreaterThanOrEqual(0);
    expect(m.gan_high_quality).toBeLessThanOrEqual(1);
    // the code names the blob its samples land in far above chance (1/8 under the best matching; seeds 0–2 gave
    // 0.82–1.0)
    expect(m.infogan_code_accuracy).toBeGreaterThan(0.5);
    expect(m.infogan_code_ari).toBeGreaterThan(0.3);
    expect(readdirSync(dir)).toContain('samples.svg');
  });

  it('a code that is neither observed nor drawn from a prior is refused before any work, naming the field', async () => {
    const text = readFileSync('specs/infogan-ring.yaml', 'utf8').replace(
      '    - { name: C, family: categorical, size: 8 }\n',
      '',
    );
    await expect(trainSpec(parseSpecText(text), { out: join(out, 'no-code-prior') })).rejects.toThrow(
      /model\.encoders\[0\]\.given: C is drawn by Q, a categorical encoder.*model\.priors/,
    );
  });
});
