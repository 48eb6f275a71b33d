/**
 * What the engine's loop saves and resumes from, and the interface of where it keeps it. The loop imports no file
 * system: a run gives it a store (src/run/checkpoints.ts keeps checkpoints in the run folder, fsynced and verified).
 */
import type * as tf from '../tf.ts';

/** A named tensor, as tfjs optimisers give and take their state. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

export interface CheckpointState<H> {
  /** Epochs completed. */
  readonly epoch: number;
  /** Steps completed in the epoch after `epoch` (0 at an epoch boundary). */
  readonly step: number;
  /** Sum of the losses of those steps (to finish the epoch's mean exactly). */
  readonly partialLoss: number;
  /** Sums of the reported terms' values over those steps (one array per estimated term), for the epoch's term means. */
  readonly partialTerms: readonly (readonly number[])[];
  readonly history: H[];
  readonly networks: tf.Tensor[];
  /** The optimiser's slots as `getWeights` gives them. */
  readonly optimizer: NamedTensor[];
  /** Optimiser state `getWeights` leaves out (Adam's running β powers). */
  readonly optimizerExtra: NamedTensor[];
  /** The trainable variables' moving averages (`averageWeights`), in the model's `variables` order; none without. */
  readonly averages?: tf.Tensor[];
}

/** A checkpoint that cannot be used: which one, and what is wrong with it. */
export class CheckpointError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`checkpoint ${dir} is damaged: ${reason}`);
  }
}

/** Where checkpoints go: the loop saves, resumes from the newest intact one, and prunes old ones. */
export interface CheckpointStore {
  /** Write a checkpoint; returns where it is, for messages. */
  save<H>(state: CheckpointState<H>): string;
  /** The newest intact checkpoint; each damaged one is reported and the previous one tried; throws if none is. */
  loadLatest<H>(onDamaged?: (e: CheckpointError) => void): { at: string; state: CheckpointState<H> };
  /** Keep the newest `keep` checkpoints. */
  prune(keep: number): void;
}
