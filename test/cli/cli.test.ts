import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';
import { infobj, scratch, writeSpec, ROOT } from './run.ts';

const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));

describe('infobj', () => {
  it('has --help for every command', () => {
    for (const cmd of [[], ['train'], ['explain'], ['check'], ['gen'], ['estimate']]) {
      const r = infobj([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: infobj/);
    }
  });

  it('check validates a spec; explain prints the plan, also as JSON', () => {
    const dir = scratch();
    const spec = writeSpec(dir, 'tiny.yaml', BASE_SPEC);
    const ok = infobj(['check', spec]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: tiny — min /);
    const text = infobj(['explain', spec]);
    expect(text.stdout).toMatch(/R_c\(L\)\s+finite-difference-jacobian/);
    const json = JSON.parse(infobj(['explain', spec, '--json']).stdout);
    expect(json.objective).toMatch(/^min /);
    expect(json.terms.map((t: { estimator: string }) => t.estimator)).toContain('finite-difference-jacobian');
  });

  it('bad input: one clear message, exit code 1, no stack trace unless --debug', () => {
    const dir = scratch();
    const bad = writeSpec(dir, 'bad.yaml', variant('batch: 100', 'batch: -3'));
    for (const args of [
      ['check', bad],
      ['train', bad],
      ['explain', bad],
      ['check', join(dir, 'missing.yaml')],
    ]) {
      const r = infobj(args);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^error: .*(train\.batch: expected a positive integer, got -3|missing\.yaml: no such file)/,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const debug = infobj(['--debug', 'check', bad]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    const unparsable = writeSpec(dir, 'obj.yaml', variant('preset: dms\n  hypers: { β: 1 }', 'text: "max I(X;Z"'));
    expect(infobj(['check', unparsable]).stderr).toMatch(/objective\.text:1:10: expected '\)'/);
  });

  it('trains a spec, writes report and plots, and never overwrites an earlier run', () => {
    const dir = scratch();
    const spec = writeSpec(dir, 'tiny.yaml', BASE_SPEC);
    const first = infobj(['train', spec], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/backend: wasm/);
    const r = report(join(dir, 'runs/tiny'));
    for (const key of ['spec', 'metrics', 'history', 'estimators', 'backend', 'seconds']) expect(r).toHaveProperty(key);
    expect(r.backend).toBe('wasm');
    expect(r.history).toHaveLength(2);
    expect(r.metrics).toHaveProperty('ari');
    expect(r.metrics).toHaveProperty('kmeans_ari');
    expect(existsSync(join(dir, 'runs/tiny/loss.svg'))).toBe(true);
    expect(existsSync(join(dir, 'runs/tiny/partition.svg'))).toBe(true);
    const second = infobj(['train', spec], dir);
    expect(second.stderr).toMatch(/runs\/tiny holds an earlier run; writing to runs\/tiny-2/);
    expect(report(join(dir, 'runs/tiny')).seconds).toBe(r.seconds); // untouched
    const refused = infobj(['train', spec, '--out', 'runs/tiny'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/runs\/tiny already holds a run/);
    expect(infobj(['train', spec, '--out', 'runs/tiny', '--force', '--backend', 'cpu'], dir).code).toBe(0);
    expect(report(join(dir, 'runs/tiny')).backend).toBe('cpu');
  });

  it('stops on NaN with the step and the term that produced it', () => {
    const dir = scratch();
    const spec = writeSpec(
      dir,
      'nan.yaml',
      variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z) + E_x[Σ_k[log(L(x) − 2)]]"').replace(
        'family: bernoulli\n      size: 1',
        'family: categorical\n      size: 3',
      ),
    );
    const r = infobj(['train', spec], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: training stopped at epoch 1, step 1: the loss is NaN/);
  });

  // the base spec with a noisy view X' and one categorical network on X and X' (IIC written out)
  const VIEWS_SPEC = [
    ['rotation: random }\n', 'rotation: random }\n  augment: [{ name: "X\'", of: X, noise: 0.1 }]\n'],
    [
      'family: bernoulli\n      size: 1\n',
      'family: categorical\n      size: 2\n      also: [{ target: "Z\'", given: "X\'" }]\n',
    ],
    ['objective:\n  preset: dms\n  hypers: { β: 1 }', 'objective: "max I(Z;Z\') − H(Z|Z\')"'],
  ].reduce((spec, [from, to]) => variant(from, to, spec), BASE_SPEC);

  // specs/nb-mim-cnn-mnist.yaml, small: its multi-scale heads' loss is part of what both train
  const MULTISCALE_SPEC = readFileSync(join(ROOT, 'specs/nb-mim-cnn-mnist.yaml'), 'utf8')
    .replace('n: 10000', 'n: 300')
    .replace('widthScale: 0.25', 'widthScale: 0.1')
    .replace('batch: 500, epochs: 20, checkpointEvery: 10', 'batch: 100, epochs: 1')
    .replace('{ metrics: [linear_probe], probeOn: hidden }', '{ metrics: [cluster_accuracy] }');

  it.each([
    ['tiny.yaml', BASE_SPEC],
    ['views.yaml', VIEWS_SPEC],
    ['multiscale.yaml', MULTISCALE_SPEC],
  ])(
    'gen prints a program that trains the same thing: its report matches infobj train for the same seed (%s)',
    (file, text) => {
      const dir = scratch();
      const spec = writeSpec(dir, file, text);
      const program = infobj(['gen', spec]);
      expect(program.code).toBe(0);
      expect(program.stdout).toMatch(/import \* as io from 'info-objectives'/);
      expect(program.stdout).toMatch(/io\.prepareRun\(compiled\)/); // the networks, heads and views train prepares
      writeFileSync(join(dir, 'train.ts'), program.stdout);
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'train.ts'), join(dir, 'generated')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      expect(infobj(['train', spec, '--out', join(dir, 'cli')]).code).toBe(0);
      const a = report(join(dir, 'generated'));
      const b = report(join(dir, 'cli'));
      expect(a.metrics).toEqual(b.metrics);
      expect(a.history.map((h: { loss: number }) => h.loss)).toEqual(b.history.map((h: { loss: number }) => h.loss));
      if (text === MULTISCALE_SPEC) expect(run.stderr).toMatch(/multi-scale heads: h\d/);
    },
  );
});
