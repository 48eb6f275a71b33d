import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { BASE_SPEC, variant } from '../spec/fixtures.ts';
import { infobj, scratch, writeSpec } from './run.ts';

it('--resume continues an interrupted run from its last checkpoint with the same result as an uninterrupted run', async () => {
  const dir = scratch();
  const text = variant('epochs: 2', 'epochs: 4, checkpointEvery: 1');
  const spec = parseSpecText(text);
  const whole = await trainSpec(spec, { out: join(dir, 'whole') });
  await trainSpec(spec, { out: join(dir, 'cut'), stopAfter: 2 }); // interrupted after epoch 2
  const file = writeSpec(dir, 'spec.yaml', text);
  const resumed = infobj(['train', file, '--out', join(dir, 'cut'), '--resume']);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(/resumed from .*epoch-0002 \(epoch 2\)/);
  const after = JSON.parse(readFileSync(join(dir, 'cut', 'report.json'), 'utf8'));
  expect(after.history.map((h: { loss: number }) => h.loss)).toEqual(whole.report.history.map((h) => h.loss));
  expect(after.metrics).toEqual(whole.report.metrics);
  expect(BASE_SPEC).toContain('epochs: 2');
});
