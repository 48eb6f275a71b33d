/**
 * The compiled spec: everything a run needs, normalised and checked, and nothing a run must still decide from the spec.
 * `check`, `explain`, `gen` and `train` all start from it, so they accept exactly the same specs.
 */
import type { Augmentation, Dataset } from '../data/index.ts';
import type { PlannedObjective } from '../lower/index.ts';
import type { ObjectiveWarning } from '../plan/lint.ts';
import type { LatentPrior } from '../term/index.ts';
import type { MarginalScope } from '../train/wholeBatch.ts';
import type { RunData } from './data.ts';
import type { EvaluationPlan } from './evaluation.ts';
import type { EncoderSpec, Spec } from './schema.ts';
import type { VariableModel } from './variables.ts';

/** A network the run builds for an encoder: its architecture, input and raw output widths, and initialisation seed. */
export interface NetworkPlan {
  readonly encoder: EncoderSpec;
  /** Width of the flattened input: the data's, a latent prior's, another encoder's output, or their concatenation. */
  readonly input: number;
  /** Raw output width (a Gaussian gives a mean and a log-variance per dimension). */
  readonly output: number;
  /** The heads on the network's trunk (none unless the encoder declares `heads`): their names and raw output widths. */
  readonly heads: readonly { readonly name: string; readonly output: number }[];
  readonly seed: number;
}

/** Gradient training of the objective's networks. */
export interface GradientTraining {
  readonly algorithm: 'gradient';
  readonly lr: number;
  readonly batch: number;
  readonly epochs: number;
  /** Samples per gradient evaluation; the update averages batch / microBatch of them (the batch when not given). */
  readonly microBatch: number;
  /** Whose marginals E_x[L(x)] the micro-batches' terms read: their own, or the whole batch's (src/train/wholeBatch.ts). */
  readonly marginal: MarginalScope;
  readonly optimizer: 'adam' | 'sgd';
  /** Adam's [β₁, β₂]. */
  readonly betas: readonly [number, number];
  readonly checkpointEvery: number;
  /** Checkpoints kept on disk (older ones are pruned); all when undefined. */
  readonly keep?: number;
  /** Decoupled weight decay λ of the weight matrices (0: none). */
  readonly weightDecay: number;
  /** The decay d of the weights' moving averages that evaluation reads (none when undefined). */
  readonly averageWeights?: number;
  /** Step decay of the learning rate (none when undefined): lr·factor^⌊epoch / every⌋. */
  readonly lrDecay?: { readonly factor: number; readonly every: number };
  /** Optimiser updates per epoch (at least one: a spec giving none is refused). */
  readonly stepsPerEpoch: number;
}

/** EM of a Gaussian mixture: closed-form E and M steps over the whole data (lecture notes Appendix A.3.1). */
export interface EmTraining {
  readonly algorithm: 'em';
  readonly components: number;
  readonly iterations: number;
  readonly tolerance: number;
}

/** The spec's planned objective, and the warnings of objective lint (src/plan/lint.ts) and of unused encoders. */
export interface SpecPlan extends PlannedObjective {
  readonly warnings: readonly ObjectiveWarning[];
  /** What binds each variable the spec names: the data, its labels, a prior, a network (src/spec/variables.ts). */
  readonly variableModel: VariableModel;
  /** The variable bound to the data's one-hot labels, with its classes (none, or one). */
  readonly labels: Readonly<Record<string, number>>;
}

export interface CompiledSpec extends SpecPlan {
  /**
   * The spec as decoded, with the run's seed: only recorded (report.json, the run folder's marker), never read for a
   * decision — everything a run decides is a field of its own here, defaults filled.
   */
  readonly specRecord: Spec;
  /** The spec's name (it names the run folder). */
  readonly name: string;
  /** The run's seed (data, initial weights, noise, probes). */
  readonly seed: number;
  /** The metrics the run computes and the networks they read (src/spec/evaluation.ts). */
  readonly evaluation: EvaluationPlan;
  /** Bytes one checkpoint takes (the run folder is probed for room before training). */
  readonly checkpointBytes: number;
  readonly data: RunData;
  /** Training variables by name: X, and Y (a paired view or one-hot labels) when the objective reads it. */
  readonly variables: Readonly<Record<string, Dataset>>;
  /** Shape of one X sample as the networks take it: images as HWC, everything else flat. */
  readonly sample: readonly number[];
  /** Augmented views drawn per batch from a variable (`data.augment`: X' of X). */
  readonly views: readonly Augmentation[];
  /** Values per sample of every variable (data, latent priors, encoder outputs): the widths networks and critics read. */
  readonly widths: Readonly<Record<string, number>>;
  /** One network per declared encoder, in declaration order (none for a mixture, whose steps are closed-form). */
  readonly networks: readonly NetworkPlan[];
  /** Latent variables drawn from fixed priors each batch (a generator's noise and code). */
  readonly priors: Readonly<Record<string, LatentPrior>>;
  /** The encoder whose outputs the metrics read: `objective.encoder`, else the first. */
  readonly evaluated?: EncoderSpec;
  /** Neural Bayes Appendix E: the multi-scale heads' loss is added on the evaluated encoder's network. */
  readonly heads: 'output' | 'multiscale';
  readonly training: GradientTraining | EmTraining;
}
