/**
 * One prepared run: what `train`, `gen`'s program, `eval` and the playground build from a compiled spec, so that they
 * train and evaluate the same thing — the networks (encoders', critics'), the multi-scale heads' loss when the spec asks
 * for it, and the trainable bound to the data variables, the augmented views and the latent priors.
 */
import { multiScaleLoss } from '../objectives/multiscale.ts';
import type { Network } from '../models/index.ts';
import type { CompiledSpec } from '../spec/compiled.ts';
import type { Trainable } from '../train/loop.ts';
import { makeTrainable } from '../train/trainable.ts';
import { runNetworks } from './networks.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

export interface PreparedRun {
  /** Every network, in the order checkpoints store them. */
  readonly nets: Record<string, Network>;
  /** The multi-scale heads (Neural Bayes Appendix E) whose loss is added on the evaluated encoder; none unless asked. */
  readonly heads: readonly string[];
  readonly trainable: Trainable;
  /** Free the networks' weights. */
  dispose(): void;
}

/** Build the networks and the trainable of a compiled spec (with fresh weights, seeded by the spec). */
export function prepareRun(compiled: CompiledSpec): PreparedRun {
  checkArgs('prepareRun', { compiled: [Obj('a CompiledSpec (from compileSpec)'), compiled] });
  const nets = runNetworks(compiled);
  const evaluated = compiled.evaluated;
  const heads =
    compiled.heads === 'multiscale' && evaluated
      ? multiScaleLoss(nets[evaluated.name], [...compiled.sample])
      : undefined;
  const trainable = makeTrainable(
    compiled,
    nets,
    compiled.variables,
    compiled.sample,
    heads?.loss,
    compiled.priors,
    compiled.views,
    compiled.training.algorithm === 'gradient' ? compiled.training.marginal : 'micro-batch',
  );
  return {
    nets,
    heads: heads?.heads ?? [],
    trainable,
    dispose: () => Object.values(nets).forEach((n) => n.dispose()),
  };
}
