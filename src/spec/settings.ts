/**
 * A spec's run settings as `infobj explain` shows them: the name, seed, training and evaluation the run uses, each
 * field the spec left out marked with the rule that chose its value (src/spec/defaults.ts).
 */
import type { SpecDefault } from './defaults.ts';
import { normaliseTrain } from './normalise.ts';
import { ADAM_BETAS } from '../train/adam.ts';
import type { Spec } from './schema.ts';

/** The settings as data (`explain --json`): the effective values and the fields that are defaults. */
export interface SettingsDocument {
  readonly name: string;
  readonly seed: number;
  readonly train: Record<string, unknown>;
  readonly eval: Spec['eval'];
  readonly defaults: readonly SpecDefault[];
}

/** The training fields shown: the algorithm's own, and the optional ones only where set. */
function trainFields(spec: Spec): Record<string, unknown> {
  const t = normaliseTrain(spec.train);
  if (t.algorithm === 'em') return { algorithm: 'em', iterations: t.iterations, tolerance: t.tolerance };
  return {
    algorithm: 'gradient',
    optimizer: t.optimizer,
    lr: t.lr,
    batch: t.batch,
    epochs: t.epochs,
    ...(t.optimizer === 'adam' && t.betas.join() !== ADAM_BETAS.join() && { betas: t.betas }),
    ...(t.microBatch !== t.batch && { microBatch: t.microBatch, marginal: t.marginal }),
    ...(t.weightDecay !== 0 && { weightDecay: t.weightDecay }),
    ...(t.lrDecay && { lrDecay: t.lrDecay }),
    ...(t.averageWeights !== undefined && { averageWeights: t.averageWeights }),
  };
}

export const settingsDocument = (spec: Spec, defaults: readonly SpecDefault[]): SettingsDocument => ({
  name: spec.name,
  seed: spec.seed,
  train: trainFields(spec),
  eval: spec.eval,
  defaults,
});

const show = (v: unknown): string =>
  Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * The settings as text: one line each for name, seed, train and eval.metrics; a value the spec left out is followed by
 * `(default)` or `(default: <rule>)`.
 */
export function describeSettings(spec: Spec, defaults: readonly SpecDefault[]): string {
  const rule = (path: string) => {
    const d = defaults.find((x) => x.path === path);
    return d ? ` (default${d.rule ? `: ${d.rule}` : ''})` : '';
  };
  const train = Object.entries(trainFields(spec))
    .map(([k, v]) => `${k} ${show(v)}${rule(`train.${k}`)}`)
    .join(', ');
  const given = defaults.length
    ? `; ${defaults.length} field${defaults.length > 1 ? 's' : ''} from defaults`
    : '; every field from the spec';
  return [
    `settings${given}:`,
    `  name          ${spec.name}${rule('name')}`,
    `  seed          ${spec.seed}${rule('seed')}`,
    `  train         ${train}`,
    `  eval.metrics  ${show(spec.eval.metrics)}${rule('eval.metrics')}`,
  ].join('\n');
}
