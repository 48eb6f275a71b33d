/**
 * A spec of data, model and objective alone (issue 27) checks, explains with the defaults it takes shown and marked,
 * and trains (a tiny one): the run's report.json records the values used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infobj, scratch, writeSpec } from './run.ts';

const MINIMAL = `data: { kind: synthetic, shape: moons, n: 120 }
model:
  encoders:
    - { name: L, family: categorical, size: 2, net: { kind: mlp, hidden: [8] } }
objective: "max H(Z) - H(Z|X)"
`;
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

describe('a minimal spec (data, model, objective)', () => {
  const dir = scratch();
  const file = writeSpec(dir, 'minimal.yaml', MINIMAL);

  it('checks', () => {
    const r = infobj(['check', file, '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ ok: true, spec: 'minimal', terms: 2 });
  });

  it('explains with the effective settings, the defaults marked', () => {
    const r = infobj(['explain', file], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('settings; 6 fields from defaults:');
    expect(r.stdout).toMatch(/name +minimal \(default: the file name\)/);
    expect(r.stdout).toMatch(/seed +0 \(default\)/);
    expect(r.stdout).toMatch(
      /train +algorithm gradient, optimizer adam, lr 0\.001 \(default\), batch 120 \(default: 256, or every training sample when fewer\), epochs 10 \(default\)/,
    );
    expect(r.stdout).toMatch(/eval\.metrics +ari, nmi \(default: what the data and model allow\)/);
    const json = infobj(['explain', file, '--json'], dir);
    expect(JSON.parse(json.stdout).settings).toMatchObject({
      name: 'minimal',
      seed: 0,
      train: { lr: 0.001, batch: 120, epochs: 10 },
      eval: { metrics: ['ari', 'nmi'] },
    });
  });

  it('a spec giving every field shows no default', () => {
    const full = writeSpec(
      dir,
      'full.yaml',
      `name: full\nseed: 1\n${MINIMAL}train: { lr: 0.01, batch: 60, epochs: 1 }\neval: { metrics: [ari] }\n`,
    );
    const r = infobj(['explain', full], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('settings; every field from the spec:');
    expect(r.stdout).not.toContain('(default');
  });

  it('trains, recording the values it used', () => {
    const r = infobj(['train', file, '--out', 'runs/minimal', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(Object.keys(out.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi']));
    const report = JSON.parse(readFileSync(join(dir, 'runs/minimal/report.json'), 'utf8'));
    expect(report.spec).toMatchObject({
      name: 'minimal',
      seed: 0,
      train: { lr: 0.001, batch: 120, epochs: 10 },
      eval: { metrics: ['ari', 'nmi'] },
    });
    expect(report.history).toHaveLength(10);
  });
});
