/**
 * The per-term values of the history: each reported term's value summed over an epoch's steps, on the host (one read
 * per micro-batch, shared with the loss), and its epoch mean as report.json's history holds it.
 */
import * as tf from '../tf.ts';
import type { TermReporting, TermValues } from './loop.ts';

/** The loss and the estimated terms' values of one forward pass, read from the device together (one dataSync). */
export function readTogether(loss: tf.Scalar, values: readonly tf.Tensor[]): { loss: number; values: Float32Array[] } {
  const flat = tf.tidy(() => tf.concat([tf.reshape(loss, [1]), ...values.map((v) => tf.reshape(v, [-1]))]).dataSync());
  let at = 1;
  return {
    loss: flat[0],
    values: values.map((v) => {
      const part = flat.slice(at, at + v.size) as Float32Array;
      at += v.size;
      return part;
    }),
  };
}

/** Sums over steps of the estimated terms' values, in `reporting.terms` order (estimated ones only). */
export class TermSums {
  private sums: number[][];
  /** False when the epoch's earlier steps are unknown (resumed from a checkpoint that kept no term sums). */
  private known: boolean;

  constructor(
    private readonly reporting: TermReporting,
    restored: readonly (readonly number[])[] = [],
    resumedMidEpoch = false,
  ) {
    const estimated = reporting.terms.filter((t) => t.estimated).length;
    this.known = !resumedMidEpoch || restored.length === estimated;
    this.sums = this.known && resumedMidEpoch ? restored.map((s) => [...s]) : [];
  }

  /** Add one step's values (each term's mean over the step's micro-batches). */
  add(values: readonly ArrayLike<number>[]): void {
    values.forEach((v, i) => {
      this.sums[i] ??= new Array<number>(v.length).fill(0);
      for (let j = 0; j < v.length; j++) this.sums[i][j] += v[j];
    });
  }

  /** The sums so far, for a checkpoint taken mid-epoch. */
  partial(): number[][] {
    return this.sums.map((s) => [...s]);
  }

  /**
   * The epoch's mean of every term over `steps` steps, keyed as reported: a number (an array for a vector-valued term,
   * such as a categorical marginal), null where the estimator gives only a gradient. Undefined when unknown.
   */
  means(steps: number): TermValues | undefined {
    if (!this.known) return undefined;
    let i = 0;
    const out: TermValues = {};
    for (const { key, estimated } of this.reporting.terms) {
      if (!estimated) {
        out[key] = null;
        continue;
      }
      const mean = (this.sums[i++] ?? []).map((s) => s / steps);
      out[key] = mean.length === 1 ? mean[0] : mean;
    }
    return out;
  }
}
