import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';
import { evaluateSaved } from '../../src/run/evaluateSaved.ts';
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

it('--resume and eval compare the normalised spec: defaults written out are no change', async () => {
  const dir = join(scratch(), 'run');
  const implicit = variant('train: { optimizer: adam, ', 'train: { ').replace('epochs: 2', 'epochs: 1');
  await trainSpec(parseSpecText(implicit), { out: dir });
  const explicit = variant(
    'train: { optimizer: adam, ',
    'train: { algorithm: gradient, optimizer: adam, weightDecay: 0, ',
  )
    .replace('epochs: 2', 'epochs: 2, microBatch: 100')
    .replace('size: 1\n', 'size: 1\n      target: Z\n      given: [X]\n')
    .replace('model:\n', 'model:\n  heads: output\n')
    .replace('kmeans] }', 'kmeans], probe: { epochs: 30, lr: 0.01 } }');
  const resumed = await trainSpec(parseSpecText(explicit), { out: dir, resume: true });
  expect(resumed.report.epochs).toBe(2);
  const evaluated = await evaluateSaved(dir, {
    spec: parseSpecText(explicit.replace('kmeans]', 'kmeans], probeOn: output')),
  });
  expect(evaluated.metrics.ari).toBeTypeOf('number');
  const other = variant('optimizer: adam', 'optimizer: sgd');
  await expect(trainSpec(parseSpecText(other), { out: dir, resume: true })).rejects.toThrow(
    /train\.optimizer: the run was started with "adam", this spec says "sgd"/,
  );
});
