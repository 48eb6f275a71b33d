/**
 * The `elbo` metric: the value of a `max` ELBO objective on the validation set (nats per sample), in eval mode,
 * averaged over a few noise draws — after training (`val_elbo`) and at the networks' initial weights (`val_elbo_init`).
 */
import * as tf from '../tf.ts';
import type { Dataset } from '../data/index.ts';
import { lower, type PlannedObjective } from '../lower/index.ts';
import type { Network } from '../models/index.ts';
import type { CompiledSpec } from '../spec/compiled.ts';
import { trainingVariables } from '../spec/data.ts';
import { buildNetworks } from '../run/networks.ts';
import { gatherRows } from '../train/trainable.ts';

const CHUNK = 500;
const DRAWS = 4;

/** The objective's value on the variables `vars`: the mean over samples, chunk by chunk, and over DRAWS noise seeds. */
export function objectiveOn(
  p: PlannedObjective,
  nets: Record<string, Network>,
  vars: Record<string, Dataset>,
  sample: readonly number[],
  seed: number,
): number {
  const compiled = lower(p.plan, p.encoders);
  const n = vars.X.n;
  let total = 0;
  for (let draw = 0; draw < DRAWS; draw++)
    for (let start = 0; start < n; start += CHUNK) {
      const idx = Int32Array.from({ length: Math.min(CHUNK, n - start) }, (_, i) => start + i);
      total +=
        idx.length *
        tf.tidy(() => {
          const batch = Object.fromEntries(
            Object.entries(vars).map(([v, ds]) => [v, gatherRows(ds, idx, v === 'X' ? sample : [ds.dim])]),
          );
          return compiled
            .value({ batch, models: nets, hypers: p.hypers, seed: seed * 31 + draw + 1, training: false })
            .dataSync()[0];
        });
    }
  return total / (n * DRAWS);
}

/** `val_elbo` of the trained networks and `val_elbo_init` of the same networks rebuilt at their initial weights. */
export function elboMetrics(compiled: CompiledSpec, nets: Record<string, Network>): Record<string, number> {
  const { data, seed } = compiled;
  if (!data.val) return {};
  const vars = trainingVariables(compiled.labels, { train: data.val });
  const initial = buildNetworks(compiled.networks, data.train);
  const sample = compiled.sample;
  const metrics = {
    val_elbo: objectiveOn(compiled, nets, vars, sample, seed),
    val_elbo_init: objectiveOn(compiled, initial, vars, sample, seed),
  };
  Object.values(initial).forEach((n) => n.dispose());
  return metrics;
}
