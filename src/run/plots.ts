/** The plots of a run: the loss curve; for 2-D synthetic data the learned partition or a generator's samples beside the data; image grids; sequences. */
import { writeRunFile } from './runDir.ts';
import { imageGridPng, lossCurveSvg, partitionSvg, scatterSvg, sequencePanelsSvg } from '../report/index.ts';
import type { Evaluation } from '../evaluate/evaluate.ts';
import type { EpochRecord } from '../train/loop.ts';

export async function writePlots(dir: string, history: EpochRecord[], ev: Evaluation): Promise<void> {
  writeRunFile(dir, 'loss.svg', await lossCurveSvg(history, { title: 'training loss' }));
  if (ev.partition && ev.evalSet.plane)
    writeRunFile(
      dir,
      'partition.svg',
      await partitionSvg(
        [{ title: ev.evalSet.name, points: ev.evalSet.plane, states: ev.partition, field: ev.field }],
        { title: 'learned partition (data plane; light: the state predicted off the data)' },
      ),
    );
  if (ev.samples)
    writeRunFile(
      dir,
      'samples.svg',
      await scatterSvg(ev.samples.points, ev.samples.labels, 'data and generated samples', 'points'),
    );
  if (ev.sequences)
    writeRunFile(
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
      writeRunFile(
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
}
