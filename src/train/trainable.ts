/** A planned objective as something the loop can train: a loss over sample indices. */
import * as tf from '../tf.ts';
import { augmentRows, type Augmentation } from '../data/augment.ts';
import type { Dataset } from '../data/index.ts';
import { lower, type LatentPrior, type LowerInputs, type PlannedObjective } from '../lower/index.ts';
import type { Network } from '../models/index.ts';
import { termKeys } from '../plan/index.ts';
import type { TermReporting, Trainable } from './loop.ts';
import { checkArgs, Fn, List, Numbers, Obj, oneOf, optional } from '../api/arguments.ts';
import { MARGINAL_SCOPES, WholeBatchMarginals, type MarginalScope } from './wholeBatch.ts';

/** Rows `idx` of a row-major matrix as a tensor of shape [idx.length, ...sample]. */
export function gatherRows(ds: Dataset, idx: Int32Array, sample: readonly number[]): tf.Tensor {
  const out = new Float32Array(idx.length * ds.dim);
  for (let i = 0; i < idx.length; i++) out.set(ds.x.subarray(idx[i] * ds.dim, (idx[i] + 1) * ds.dim), i * ds.dim);
  return tf.tensor(out, [idx.length, ...sample]);
}

/**
 * Bind the lowered objective to the networks and the data variables (X shaped as `sample`, the others flat); `extra`
 * adds a loss over the same inputs (the multi-scale heads); `priors` are latents drawn afresh for every batch (a GAN's
 * noise); `views` are augmented copies of a variable (X' of X), drawn from the step's seed so a resumed run draws the
 * same. `marginal: 'batch'` makes the micro-batches of a batch share its marginals (src/train/wholeBatch.ts).
 */
export function makeTrainable(
  p: PlannedObjective,
  nets: Record<string, Network>,
  vars: Readonly<Record<string, Dataset>>,
  sample: readonly number[],
  extra?: (inputs: LowerInputs) => tf.Scalar,
  priors: Readonly<Record<string, LatentPrior>> = {},
  views: readonly Augmentation[] = [],
  marginal: MarginalScope = 'micro-batch',
): Trainable {
  checkArgs('makeTrainable', {
    planned: [Obj('a PlannedObjective (from lower)'), p],
    nets: [Obj('networks by name'), nets],
    vars: [Obj('datasets by variable'), vars],
    sample: [Numbers, sample],
    extra: [optional(Fn), extra],
    priors: [Obj('latent priors by variable'), priors],
    views: [List('a list of augmentations'), views],
    marginal: [oneOf(MARGINAL_SCOPES), marginal],
  });
  const compiled = lower(p.plan, p.encoders);
  const withExtra = (loss: tf.Scalar, inputs: LowerInputs) => (extra ? tf.add(loss, extra(inputs)) : loss) as tf.Scalar;
  const lossOf = (inputs: LowerInputs) => withExtra(compiled.loss(inputs), inputs);
  const keys = termKeys(p.plan);
  const reporting: TermReporting = {
    terms: p.plan.terms.map((t) => ({ key: keys.get(t.id) ?? t.term, estimated: t.valueEstimated })),
    lossWithValues: (idx, seed) =>
      tf.tidy(() => {
        const batch = inputs(idx, seed);
        const { loss, terms } = compiled.lossWithTerms(batch);
        return { loss: withExtra(loss, batch), values: terms.map((t) => t.value) };
      }),
  };
  const names = Object.keys(nets);
  const shapeOf = (v: string, ds: Dataset) => (v === 'X' ? sample : [ds.dim]);
  const view = (aug: Augmentation, idx: Int32Array, seed: number): tf.Tensor => {
    const ds = vars[aug.of];
    const rows = new Float32Array(idx.length * ds.dim);
    idx.forEach((r, i) => rows.set(ds.x.subarray(r * ds.dim, (r + 1) * ds.dim), i * ds.dim));
    const x = augmentRows(rows, ds.dim, aug, seed, ds.imageShape);
    return tf.tensor(x, [idx.length, ...shapeOf(aug.of, ds)]);
  };
  const rowInputs = (idx: Int32Array, seed: number): LowerInputs => {
    for (const k of names) nets[k].reseed?.(seed); // input dropout's mask: the step's
    return {
      batch: {
        ...Object.fromEntries(Object.entries(vars).map(([v, ds]) => [v, gatherRows(ds, idx, shapeOf(v, ds))])),
        ...Object.fromEntries(views.map((aug) => [aug.name, view(aug, idx, seed)])),
      },
      models: nets,
      hypers: p.hypers,
      priors,
      seed,
      training: true,
    };
  };
  const getState = () => names.flatMap((k) => nets[k].getWeights());
  const setState = (ts: tf.Tensor[]) => {
    let at = 0;
    for (const k of names) {
      const count = nets[k].getWeights().length;
      nets[k].setWeights(ts.slice(at, at + count));
      at += count;
    }
  };
  const shared =
    marginal === 'batch'
      ? new WholeBatchMarginals({ compiled, inputs: rowInputs, state: getState, setState })
      : undefined;
  const inputs = (idx: Int32Array, seed: number): LowerInputs => ({
    ...rowInputs(idx, seed),
    ...(shared?.current && { wholeBatch: shared.current }),
  });
  const n = Object.values(vars)[0].n;
  return {
    samples: n,
    variables: names.flatMap((k) => nets[k].trainableVariables),
    loss: (idx, seed) => tf.tidy(() => lossOf(inputs(idx, seed))),
    terms: (idx, seed) => tf.tidy(() => compiled.evaluate(inputs(idx, seed)).terms),
    reporting,
    state: getState,
    setState,
    ...(shared && {
      beginBatch: (idx: Int32Array, micro: number, seedOf: (m: number) => number) => shared.begin(idx, micro, seedOf),
      endBatch: () => shared.end(),
    }),
  };
}
