/**
 * Optimiser state that tfjs' `getWeights` leaves out. Adam keeps the running products β₁ᵗ and β₂ᵗ (accBeta1/2) for its
 * bias correction; `setWeights` recomputes them as pow(β, t + 1), which differs from the product in the last bits, so a
 * resumed run would drift from an uninterrupted one. They are saved and restored bit for bit. SGD has none.
 */
import * as tf from '../tf.ts';
import type { NamedTensor } from './checkpoints.ts';

export type OptimizerName = 'adam' | 'sgd';

/** The private fields of tfjs' AdamOptimizer that hold the running β powers. */
interface AdamBetaPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

const ADAM_EXTRA = ['accBeta1', 'accBeta2'] as const;

function adamBetaPowers(optimizer: tf.Optimizer): AdamBetaPowers {
  const fields = optimizer as unknown as Partial<AdamBetaPowers>;
  if (!(fields.accBeta1 instanceof tf.Variable) || !(fields.accBeta2 instanceof tf.Variable)) {
    throw new Error('this tfjs AdamOptimizer keeps no accBeta1/accBeta2; exact resume cannot restore its state');
  }
  return fields as AdamBetaPowers;
}

/** Copies of the optimiser's extra state, to be written into a checkpoint. */
export function optimizerExtraState(optimizer: tf.Optimizer, name: OptimizerName): NamedTensor[] {
  switch (name) {
    case 'adam': {
      const powers = adamBetaPowers(optimizer);
      return ADAM_EXTRA.map((field) => ({ name: field, tensor: powers[field] }));
    }
    case 'sgd':
      return [];
  }
}

/** Put saved extra state back (after `setWeights`, which overwrites it with an approximation). */
export function restoreOptimizerExtraState(optimizer: tf.Optimizer, name: OptimizerName, saved: NamedTensor[]): void {
  switch (name) {
    case 'adam': {
      const powers = adamBetaPowers(optimizer);
      for (const field of ADAM_EXTRA) {
        const value = saved.find((n) => n.name === field);
        if (!value) throw new Error(`the checkpoint holds no Adam ${field}; it was written by an older version`);
        powers[field].assign(value.tensor as tf.Scalar);
      }
      return;
    }
    case 'sgd':
      if (saved.length)
        throw new Error(`the checkpoint holds optimiser state ${saved.map((n) => n.name).join(', ')} that SGD has not`);
      return;
  }
}
