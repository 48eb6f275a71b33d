/** Generators fed by latent priors, from specs: every shipped spec plans, and a short InfoGAN run learns its code. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { prepareObjective } from '../../src/spec/compile.ts';
import { trainSpec } from '../../src/run/run.ts';

const out = mkdtempSync(join(tmpdir(), 'infobj-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('specs with generators', () => {
  it('every shipped spec decodes and plans', () => {
    for (const file of readdirSync('specs').filter((f) => f.endsWith('.yaml'))) {
      const spec = parseSpecText(readFileSync(join('specs', file), 'utf8'), file);
      // file data are read before planning (src/spec/limits.ts); some shipped specs read files a script writes
      const absent = (spec.data.kind === 'csv' || spec.data.kind === 'npy') && !existsSync(spec.data.path);
      if (absent) expect(() => prepareObjective(spec), file).toThrow(/data\.path: cannot read/);
      else expect(prepareObjective(spec).plan.terms.length, file).toBeGreaterThan(0);
    }
  });

  it('InfoGAN: after 120 steps Q already reads the code from G(z, c) far above chance, and the samples are scored', async () => {
    const text = readFileSync('specs/infogan-ring.yaml', 'utf8').replace('n: 4000', 'n: 1200').replace('epochs: 60', 'epochs: 20');
    const { dir, report } = await trainSpec(parseSpecText(text), { out: join(out, 'infogan') });
    const m = report.metrics;
    expect(report.estimators.find((t) => t.estimator === 'jsd-discriminator')).toMatchObject({ adversarial: true });
    expect(m.infogan_log_k).toBeCloseTo(Math.log(8), 6);
    expect(m.infogan_mi_bound).toBeLessThanOrEqual(m.infogan_log_k + 1e-6);
    expect(m.infogan_mi_bound).toBeGreaterThan(0.3 * m.infogan_log_k); // chance: a Q that ignores g has bound ≈ 0
    for (const k of ['gan_high_quality', 'gan_modes_covered', 'infogan_code_ari', 'infogan_code_accuracy']) expect(Number.isFinite(m[k]), k).toBe(true);
    expect(readdirSync(dir)).toContain('samples.svg');
  });

  it('a code that is neither observed nor drawn from a prior is named, not recursed on', async () => {
    const text = readFileSync('specs/infogan-ring.yaml', 'utf8').replace('    - { name: C, family: categorical, size: 8 }\n', '');
    await expect(trainSpec(parseSpecText(text), { out: join(out, 'no-code-prior') })).rejects.toThrow(/C depends on itself through the encoders \(C → G → C\).*model\.priors/);
  });
});
