/** The networks a compiled spec asks for: one per encoder, and the critics and discriminators its plan needs. */
import { cnnCifar, cnnMnist, gaussianChannel, mlp, vrnn, type Network, type Vrnn } from '../models/index.ts';
import type { Dataset } from '../data/index.ts';
import type { PlannedObjective } from '../lower/index.ts';
import type { CompiledSpec, NetworkPlan } from '../spec/compiled.ts';
import type { NetworkNeed } from '../plan/types.ts';
import { checkArgs, DatasetArg, List, Num, Obj } from '../api/arguments.ts';

/** The one VRNN module of the plans with a vrnn network, sized by its posterior: d_z = size/T, d_x = data.dim/T. */
function vrnnOf(plans: readonly NetworkPlan[], data: Dataset): Vrnn | undefined {
  const posterior = plans.find((p) => p.encoder.net.kind === 'vrnn' && p.encoder.net.part === 'posterior');
  if (!posterior) return undefined;
  const { size, net } = posterior.encoder;
  const steps = data.steps ?? 1;
  return vrnn({
    steps,
    stepDim: data.dim / steps,
    latentDim: size / steps,
    units: net.units!,
    hidden: net.hidden!,
    seed: posterior.seed,
  });
}

/** One network per plan, by encoder name (an mlp with its heads on its trunk); the parts of a VRNN share one module. */
export function buildNetworks(plans: readonly NetworkPlan[], data: Dataset): Record<string, Network> {
  checkArgs('buildNetworks', { plans: [List('a list of network plans'), plans], data: [DatasetArg, data] });
  const nets: Record<string, Network> = {};
  const recurrent = vrnnOf(plans, data);
  for (const { encoder: e, input, output, heads, seed } of plans) {
    switch (e.net.kind) {
      case 'mlp':
        nets[e.name] = mlp({
          input,
          hidden: e.net.hidden ?? [],
          output,
          batchNorm: e.net.batchNorm ?? true,
          activation: 'relu',
          inputDropout: e.net.inputDropout,
          seed,
          heads,
        });
        break;
      case 'cnn-mnist':
        nets[e.name] = cnnMnist({ output, widthScale: e.net.widthScale, seed });
        break;
      case 'cnn-cifar':
        nets[e.name] = cnnCifar({ output, widthScale: e.net.widthScale, seed });
        break;
      case 'gaussian-channel':
        nets[e.name] = gaussianChannel({ rho: data.rho ?? 0, trainable: e.net.trainable ?? true });
        break;
      case 'vrnn':
        nets[e.name] = recurrent![e.net.part!];
        break;
    }
  }
  return nets;
}

/**
 * A declared network's MLP (no BatchNorm, ReLU): the inputs' widths summed (the plan's size for an input, else its
 * variable's width), hidden 256-256, its outputs.
 */
export const criticShape = (need: NetworkNeed, widths: Readonly<Record<string, number>>) => ({
  input: need.inputs.reduce((sum, { variable, size }) => sum + (size ?? widths[variable]), 0),
  hidden: [256, 256],
  output: need.outputs ?? 1,
});

/**
 * Exactly the networks the plan declares (`TermPlan.network`), under their ids: a critic T(x, z) → [B, 1] of a bound ([B, 2] when it declares two outputs), a
 * discriminator T(x) of a JSD between sampled distributions; MLP 256-256, ReLU, term i seeded seed·1000 + 500 + i. An
 * input's width is the plan's size for it (the critic's z), else that of its variable.
 */
export function buildCritics(
  p: PlannedObjective,
  widths: Readonly<Record<string, number>>,
  seed: number,
): Record<string, Network> {
  checkArgs('buildCritics', {
    planned: [Obj('a PlannedObjective (from lower)'), p],
    widths: [Obj('widths by variable'), widths],
    seed: [Num, seed],
  });
  const nets: Record<string, Network> = {};
  p.plan.terms.forEach((t, i) => {
    if (!t.network) return;
    nets[t.network.id] = mlp({
      ...criticShape(t.network, widths),
      batchNorm: false,
      activation: 'relu',
      seed: seed * 1000 + 500 + i,
    });
  });
  return nets;
}

/** Every network a compiled spec trains, in the order its checkpoints store them: the encoders', then the critics'. */
export const runNetworks = (c: CompiledSpec): Record<string, Network> => ({
  ...buildNetworks(c.networks, c.data.train),
  ...buildCritics(c, c.widths, c.seed),
});
