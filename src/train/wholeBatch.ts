/**
 * Micro-batches that share the marginals of their whole batch (`train.marginal: batch`). A batch of B rows split into
 * M micro-batches c has the loss J = (1/M) Σ_c J_c(L_c, m), with m = E_batch[L(x)] the whole batch's marginal (the
 * same for every c): Neural Bayes App. C trains on batches of 5,000 whose marginal a micro-batch alone estimates
 * worse (App. D). Its exact gradient, without the batch in memory at once, takes three passes over the micro-batches:
 *   1. m = (1/M) Σ_c m_c, forward only;
 *   2. G = ∂J/∂m = (1/M) Σ_c ∂J_c/∂m at m, from pass 1's outputs (no network runs);
 *   3. each micro-batch's gradient of J_c(L_c, sg(m)) + sg(G)·(m_c − sg(m_c)) (the loop's usual pass): by the chain
 *      rule their mean is ∇J, since ∂m/∂θ = (1/M) Σ_c ∂m_c/∂θ.
 * The noise of a micro-batch is drawn from its seed in every pass, so the three see the same L_c. BatchNorm's running
 * statistics are put back after passes 1 and 2: they move once per micro-batch, as without.
 */
import * as tf from '../tf.ts';
import { encoderKey, type Encoder } from '../expr/index.ts';
import type { Compiled } from '../lower/index.ts';
import type { LowerInputs, WholeBatch } from '../term/context.ts';

/** Whose marginals E_x[L(x)] a micro-batch's terms read: its own (the default), or the whole batch's. */
export const MARGINAL_SCOPES = ['micro-batch', 'batch'] as const;
export type MarginalScope = (typeof MARGINAL_SCOPES)[number];

/** What the passes need of a trainable: its compiled objective, its inputs on rows, and its state to put back. */
export interface WholeBatchHost {
  readonly compiled: Pick<Compiled, 'marginalsRead' | 'microMarginals' | 'marginalLoss'>;
  inputs(idx: Int32Array, seed: number): LowerInputs;
  state(): tf.Tensor[];
  setState(ts: tf.Tensor[]): void;
}

export class WholeBatchMarginals {
  private read?: readonly Encoder[];
  private prepared?: WholeBatch;

  constructor(private readonly host: WholeBatchHost) {}

  /** The marginals and slopes of the batch being trained, for its micro-batches' losses; none between batches. */
  get current(): WholeBatch | undefined {
    return this.prepared;
  }

  /**
   * Passes 1 and 2 over the micro-batches of `idx` (each `micro` rows, the c-th drawing its noise from `seedOf(c)`).
   * Pass 2 reads the encoders' outputs of pass 1 instead of running the networks again, and lowers the terms that read
   * no marginal and enter the objective linearly as 0 (src/lower/slopeFree.ts): it costs next to nothing.
   */
  begin(idx: Int32Array, micro: number, seedOf: (c: number) => number): void {
    this.end();
    const h = this.host;
    const parts = idx.length / micro;
    const rows = (c: number) => h.inputs(idx.subarray(c * micro, (c + 1) * micro), seedOf(c));
    const saved = h.state().map((t) => t.clone());
    const outputs: Record<string, tf.Tensor>[] = [];
    try {
      this.read ??= h.compiled.marginalsRead(rows(0));
      const read = this.read;
      if (read.length === 0)
        throw new Error('train.marginal: batch, but no term reads a batch marginal E_x[L(x)] (nothing to share)');
      const marginals = meanOver(parts, (c) =>
        tf.tidy(() => {
          const pass = h.compiled.microMarginals(rows(c), read);
          outputs.push(pass.outputs);
          Object.values(pass.outputs).forEach((t) => tf.keep(t));
          return pass.marginals;
        }),
      );
      const at = marginals.map((m) => tf.variable(m, true));
      const slopes = meanOver(parts, (c) =>
        tf.tidy(() => {
          const given = { ...rows(c), outputs: outputs[c], wholeBatch: { marginals: keyed(read, at) } };
          const { grads } = tf.variableGrads(() => h.compiled.marginalLoss(given), at);
          return at.map((v) => (grads[v.name] ?? tf.zerosLike(v)) as tf.Tensor1D);
        }),
      );
      at.forEach((v) => v.dispose());
      this.prepared = { marginals: keyed(read, marginals), slopes: keyed(read, slopes) };
    } finally {
      outputs.forEach((o) => tf.dispose(Object.values(o)));
      h.setState(saved);
      tf.dispose(saved);
    }
  }

  /** Free the batch's marginals and slopes. */
  end(): void {
    if (!this.prepared) return;
    tf.dispose([...Object.values(this.prepared.marginals), ...Object.values(this.prepared.slopes ?? {})]);
    this.prepared = undefined;
  }
}

/** The mean over c = 0..parts−1 of a list of tensors per c, summed as they come (one micro-batch's tensors at a time). */
function meanOver(parts: number, each: (c: number) => tf.Tensor1D[]): tf.Tensor1D[] {
  let sums: tf.Tensor1D[] = [];
  for (let c = 0; c < parts; c++) {
    const next = each(c);
    const added = c === 0 ? next : next.map((t, i) => tf.add(sums[i], t) as tf.Tensor1D);
    if (c > 0) tf.dispose([...sums, ...next]);
    sums = added;
  }
  const means = sums.map((s) => tf.div(s, parts) as tf.Tensor1D);
  tf.dispose(sums);
  return means;
}

const keyed = (read: readonly Encoder[], ts: readonly tf.Tensor[]): Record<string, tf.Tensor1D> =>
  Object.fromEntries(read.map((enc, i) => [encoderKey(enc), ts[i] as tf.Tensor1D]));
