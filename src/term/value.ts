/** A lowered sub-expression: a tensor and whether its first axis is the batch. */
import type * as tf from '../tf.ts';

export interface Lowered {
  readonly t: tf.Tensor;
  readonly batched: boolean;
}

/** A batch-free value. */
export const free = (t: tf.Tensor): Lowered => ({ t, batched: false });
/** A per-sample value. */
export const perSample = (t: tf.Tensor): Lowered => ({ t, batched: true });
