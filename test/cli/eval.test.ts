/** `infobj eval`: a run's metrics again from its newest checkpoint, into a new file, with the run's eval or another. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { trainSpec } from '../../src/run/run.ts';
import { parseSpecText } from '../../src/spec/index.ts';
import { variant } from '../spec/fixtures.ts';
import { infobj, scratch, writeSpec } from './run.ts';

it('recomputes the report’s metrics from the last checkpoint, never overwrites, and takes another eval only', async () => {
  const dir = scratch();
  const text = variant('epochs: 2', 'epochs: 2, checkpointEvery: 1');
  const run = join(dir, 'run');
  const { report } = await trainSpec(parseSpecText(text), { out: run });
  const reportText = readFileSync(join(run, 'report.json'), 'utf8');

  const first = infobj(['eval', run]);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout.trim()).toBe(join(run, 'eval-epoch-0002.json'));
  expect(first.stderr).toMatch(/evaluating .*epoch-0002 \(epoch 2\)/);
  const saved = JSON.parse(readFileSync(first.stdout.trim(), 'utf8'));
  const { loss: _, ...trained } = report.metrics;
  expect(saved.metrics).toEqual(trained);
  expect(saved.epoch).toBe(2);

  const other = writeSpec(dir, 'other.yaml', text.replace('metrics: [ari, nmi, kmeans]', 'metrics: [ari]'));
  const second = infobj(['eval', run, '--spec', other]);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout.trim()).toBe(join(run, 'eval-epoch-0002-2.json'));
  expect(JSON.parse(readFileSync(second.stdout.trim(), 'utf8')).metrics).toEqual({ ari: trained.ari });
  expect(JSON.parse(readFileSync(first.stdout.trim(), 'utf8'))).toEqual(saved); // the first evaluation is kept
  expect(readFileSync(join(run, 'report.json'), 'utf8')).toBe(reportText);

  const retrained = writeSpec(dir, 'lr.yaml', text.replace('lr: 0.001', 'lr: 0.01'));
  const refused = infobj(['eval', run, '--spec', retrained]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^error: train\.lr: differs from the spec .* was trained with; only eval may change/);
  // its evaluations are part of the run: --force replaces them with it
  await trainSpec(parseSpecText(text), { out: run, force: true });
  expect(readdirSync(run).filter((f) => f.startsWith('eval-'))).toEqual([]);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const notRun = infobj(['eval', dir]);
  expect(notRun.code).toBe(1);
  expect(notRun.stderr).toMatch(/is not a run of infobj \(it has no infobj-run\.json\)/);
});
