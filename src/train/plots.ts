/** The plots of a run: the loss curve, and for 2-D synthetic data the points coloured by the learned partition. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lossCurveSvg, scatterSvg } from '../report/index.ts';
import type { Evaluation } from './evaluate.ts';
import type { EpochRecord } from './loop.ts';

export async function writePlots(dir: string, history: EpochRecord[], ev: Evaluation): Promise<void> {
  writeFileSync(join(dir, 'loss.svg'), await lossCurveSvg(history, { title: 'training loss' }));
  if (ev.partition && ev.evalSet.plane) writeFileSync(join(dir, 'partition.svg'), await scatterSvg(ev.evalSet.plane, ev.partition, 'learned partition (data plane)'));
}
