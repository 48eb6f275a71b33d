/**
 * First contact for npm users (issue 27): a shipped spec by name, `-` for a spec on stdin, and `--json` on `check`,
 * `train` and `eval` (DESIGN: the last line of stdout one JSON object).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedSpecNames, specArgument } from '../../src/cli/shippedSpecs.ts';
import { BASE_SPEC } from '../spec/fixtures.ts';
import { infobj, ROOT, scratch, writeSpec } from './run.ts';

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '');

describe('the spec argument', () => {
  it('names a shipped spec from any folder; a file of that name is the user’s', () => {
    expect(shippedSpecNames()).toContain('dms-moons');
    expect(specArgument('dms-moons')).toBe(join(ROOT, 'specs/dms-moons.yaml'));
    expect(specArgument('dms-moons.yaml')).toBe(join(ROOT, 'specs/dms-moons.yaml'));
    expect(specArgument('no-such-spec')).toBe('no-such-spec');
    const dir = scratch();
    writeSpec(dir, 'dms-moons', BASE_SPEC);
    const r = infobj(['check', 'dms-moons', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ ok: true, spec: 'tiny' }); // the user's file, not the shipped spec
    const shipped = infobj(['check', 'dms-moons', '--json'], scratch());
    expect(lastJson(shipped.stdout)).toMatchObject({ ok: true, spec: 'dms-moons', terms: 7, warnings: [] });
  });

  it('`-` reads the spec from stdin', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/infobj.mjs'), 'check', '-', '--json'], {
      input: BASE_SPEC,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ ok: true, spec: 'tiny' });
  });
});

describe('--json', () => {
  it('train and eval end stdout with one JSON object', () => {
    const dir = scratch();
    const spec = writeSpec(dir, 'tiny.yaml', BASE_SPEC);
    const t = infobj(['train', spec, '--out', join(dir, 'run'), '--json'], dir);
    expect(t.code, t.stderr).toBe(0);
    const trained = lastJson(t.stdout);
    expect(trained).toMatchObject({ dir: join(dir, 'run'), report: join(dir, 'run', 'report.json') });
    expect(Object.keys(trained.metrics)).toEqual(expect.arrayContaining(['ari', 'nmi']));
    expect(existsSync(trained.report)).toBe(true);
    const e = infobj(['eval', join(dir, 'run'), '--json'], dir);
    expect(e.code, e.stderr).toBe(0);
    const evaluated = lastJson(e.stdout);
    expect(evaluated).toMatchObject({ epoch: 2, metrics: { ari: trained.metrics.ari } });
    expect(existsSync(evaluated.file)).toBe(true);
  });
});
