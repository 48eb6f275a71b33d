/** The playground's worker prepares its run as `infobj train` does: augmented views and multi-scale heads included. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { startSession } from '../../playground/src/session.ts';

it('keeps the augmented views of the spec (IIC reads X′ in every batch)', () => {
  const raw = parse(
    readFileSync('specs/iic-moons.yaml', 'utf8').replace('n: 4000', 'n: 200').replace('dim: 512', 'dim: 8'),
  ) as { train: { batch: number } };
  raw.train.batch = 50;
  const { compiled, run } = startSession(raw, 2 ** 31);
  expect(compiled.views.map((v) => v.name)).toEqual(["X'"]);
  const loss = run.trainable.loss(
    Int32Array.from({ length: 50 }, (_, i) => i),
    1,
  ); // throws if the batch lacks X′
  expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
  loss.dispose();
  run.dispose();
});
