/** The plots of a run: the loss curve; for 2-D synthetic data the learned partition or a generator's samples beside the data; image grids; sequences. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeRunFile } from './runDir.ts';
import { imageGridPng, lossCurveSvg, partitionSvg, scatterSvg, sequencePanelsSvg } from '../report/index.ts';
import type { Evaluation } from '../evaluate/evaluate.ts';
import type { EpochRecord } from '../train/loop.ts';

/**
 * Write the run's plots; with `missingOnly`, only those the folder lacks (`infobj eval` restores the plots of a finished
 * run whose writing was cut, and never rewrites one that is there). Returns the names written.
 */
export async function writePlots(
  dir: string,
  history: EpochRecord[],
  ev: Evaluation,
  o: { readonly missingOnly?: boolean } = {},
): Promise<string[]> {
  const written: string[] = [];
  const write = (folder: string, name: string, content: string | Uint8Array) => {
    if (o.missingOnly && existsSync(join(folder, name))) return;
    writeRunFile(folder, name, content);
    written.push(name);
  };
  write(dir, 'loss.svg', await lossCurveSvg(history, { title: 'training loss' }));
  if (ev.partition && ev.evalSet.plane)
    write(
      dir,
      'partition.svg',
      await partitionSvg(
        [{ title: ev.evalSet.name, points: ev.evalSet.plane, states: ev.partition, field: ev.field }],
        { title: 'learned partition (data plane; light: the state predicted off the data)' },
      ),
    );
  if (ev.samples)
    write(
      dir,
      'samples.svg',
      await scatterSvg(ev.samples.points, ev.samples.labels, 'data and generated samples', 'points'),
    );
  if (ev.sequences)
    write(
      dir,
      'sequences.svg',
      await sequencePanelsSvg(ev.sequences, {
        title: 'validation sequences with reconstructions; sequences generated from the conditional prior',
        columns: 4,
      }),
    );
  const shape = ev.evalSet.imageShape;
  for (const [name, { pixels, scaled }] of Object.entries(ev.images ?? {})) {
    if (shape)
      write(
        dir,
        `${name}.png`,
        imageGridPng(
          pixels,
          pixels.length / (shape[0] * shape[1]),
          shape[0],
          shape[1],
          16,
          scaled ? undefined : [0, 1],
        ),
      );
  }
  return written;
}
