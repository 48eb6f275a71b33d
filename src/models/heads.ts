/**
 * Multi-scale heads (Neural Bayes Appendix E): every hidden activation h_i of a CNN, and its 2×2 average-pooled
 * version, read as a categorical distribution over channels at each spatial location (softmax over channels); locations
 * are samples.
 */
import * as tf from '../tf.ts';
import type { ModelLike } from '../lower/index.ts';
import type { Network } from './network.ts';
import { checkArgs, NetworkArg, Numbers } from '../api/arguments.ts';

export interface Head {
  /** e.g. "h2" or "P(h2)". */
  readonly name: string;
  readonly channels: number;
  /** [B, H, W, C] activation ↦ [B·H·W, C] logits (the softmax over channels is the encoder's). */
  readonly model: ModelLike;
}

/** Hidden activations computed once per input tensor until `reset` (every head of one loss reads the same forward pass). */
function sharedHidden(net: Network) {
  let last: { x: tf.Tensor; hidden: tf.Tensor[] } | undefined;
  return {
    hidden: (x: tf.Tensor, training: boolean) => {
      if (last?.x !== x || last.hidden.some((h) => h.isDisposed)) last = { x, hidden: net.hidden(x, training) };
      return last.hidden;
    },
    reset: () => (last = undefined),
  };
}

const locations = (h: tf.Tensor) => tf.reshape(h, [-1, h.shape[h.rank - 1]]) as tf.Tensor2D;

/**
 * The heads of a CNN's hidden layers: each 4-D activation as is and 2×2 average-pooled (2-D hidden layers are skipped).
 * Call `reset` before each loss evaluation so that the heads share one forward pass inside it.
 */
export function multiScaleHeads(net: Network, inputShape: number[]): { heads: Head[]; reset: () => void } {
  checkArgs('multiScaleHeads', { net: [NetworkArg, net], inputShape: [Numbers, inputShape] });
  const probe = tf.tidy(() => net.hidden(tf.zeros([1, ...inputShape]), false).map((h) => h.shape));
  const { hidden, reset } = sharedHidden(net);
  const heads: Head[] = [];
  probe.forEach((shape, i) => {
    if (shape.length !== 4) return;
    const channels = shape[3];
    heads.push({ name: `h${i}`, channels, model: { apply: (x, training) => locations(hidden(x, training)[i]) } });
    if (shape[1] >= 2 && shape[2] >= 2)
      heads.push({
        name: `P(h${i})`,
        channels,
        model: { apply: (x, training) => locations(tf.avgPool(hidden(x, training)[i] as tf.Tensor4D, 2, 2, 'valid')) },
      });
  });
  return { heads, reset };
}
