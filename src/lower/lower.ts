/**
 * Lowering: Objective + Plan → a tfjs function of (batch, networks). Arithmetic nodes are lowered here;
 * every planned term is lowered by its estimator. `loss` is what an optimiser minimises (−body for `max`).
 */
import { ESTIMATED_TERMS } from '../plan/sites.ts';
import * as tf from '../tf.ts';
import { match, P } from 'ts-pattern';
import {
  children,
  encoderKey,
  encoderUsesOf,
  printExpr,
  type Encoder,
  type Expr,
  type Objective,
} from '../expr/index.ts';
import { ESTIMATOR_MODULES, moduleOf, type EstimatorName, type Estimators } from '../estimators/registry.ts';
import { termId, type Plan, type TermId, type TermPath, type TermPlan } from '../plan/types.ts';
import { TermContext, type LowerInputs } from '../term/context.ts';
import { stopGradient } from '../term/ops.ts';
import { slopeFreeTerms } from './slopeFree.ts';
import { free, perSample, type Lowered } from '../term/value.ts';
import { checkArgs, Encoders, optional, PlanArg } from '../api/arguments.ts';

/** An objective ready to lower: the planned tree, the encoders it reads beyond those it names, hyper-parameter values. */
export interface PlannedObjective {
  readonly objective: Objective;
  readonly plan: Plan;
  readonly encoders: readonly Encoder[];
  readonly hypers: Readonly<Record<string, number>>;
}

export interface Compiled<N extends string = EstimatorName> {
  readonly plan: Plan<N>;
  /** The objective's value (batch-free scalar), in the objective's own sense. */
  value(inputs: LowerInputs): tf.Scalar;
  /** The quantity to minimise: value for `min`, −value for `max`. */
  loss(inputs: LowerInputs): tf.Scalar;
  /**
   * The loss and, from the same forward pass, the value of every planned term whose value is estimated, by id: batch-free
   * (a per-sample term as its minibatch mean), of the shape the term has (a categorical marginal is [K]).
   */
  lossWithTerms(inputs: LowerInputs): { loss: tf.Scalar; terms: readonly MeasuredTerm[] };
  /** The encoders whose batch marginal E_x[L(x)] the terms read on `inputs` (`train.marginal: batch`, src/train/wholeBatch.ts). */
  marginalsRead(inputs: LowerInputs): readonly Encoder[];
  /**
   * The minibatch marginal [S] of each of `read` on `inputs`, by one forward pass per network, and the raw outputs it
   * read (by `encoderKey`), which `inputs.outputs` can give back to a later call on the same rows.
   */
  microMarginals(
    inputs: LowerInputs,
    read: readonly Encoder[],
  ): { marginals: tf.Tensor1D[]; outputs: Record<string, tf.Tensor> };
  /** The loss as far as it depends on the batch marginals: the terms that cannot (slopeFree.ts) lowered as 0. */
  marginalLoss(inputs: LowerInputs): tf.Scalar;
  /** Value and each estimated scalar term's value (in plan order), for NaN diagnosis. */
  evaluate(inputs: LowerInputs): { value: number; terms: TermValue[] };
}

/** The batch-free value of one planned term whose value is estimated, as a tensor of the call. */
export type MeasuredTerm = { readonly id: TermId; readonly term: string; readonly value: tf.Tensor };

/** The value of one planned term in a call: keyed by its id, labelled by its printed text for display. */
export type TermValue = { readonly id: TermId; readonly term: string; readonly value: number };

/**
 * Compile a planned objective to tfjs. `env` adds encoders the objective does not mention but whose samples it reads
 * (an autoencoder's objective names only the decoder p(x|z); z comes from the encoder f).
 */
export function lower<N extends string = EstimatorName>(p: Plan<N>, env: readonly Encoder[] = []): Compiled<N> {
  checkArgs('lower', { plan: [PlanArg, p], env: [optional(Encoders), env] });
  const estimators: Estimators<string> = p.estimators ?? ESTIMATOR_MODULES;
  const planned = new Map<TermId, TermPlan<N>>(p.terms.map((t) => [t.id, t]));
  // by identity, not model name: one network on two views (Φ(X), Φ(X')) is two encoders
  const encoders = new Map([...env.map((e) => [encoderKey(e), e] as const), ...encoderUsesOf(p.objective.body)]);

  const slopeFree = slopeFreeTerms(p, estimators);

  /** The objective's value on `inputs`; terms in `zeroed` are lowered as 0 (the marginals' slopes, slopeFree.ts). */
  const run = (
    inputs: LowerInputs,
    record?: Map<TermId, Lowered>,
    ctx = new TermContext(inputs, encoders),
    zeroed: ReadonlySet<TermId> = new Set(),
  ): tf.Scalar => {
    const visit = (e: Expr, path: TermPath): Lowered => {
      const term = planned.get(termId(path));
      if (term && zeroed.has(term.id)) return free(tf.scalar(0));
      if (term) {
        const out = moduleOf(estimators, term.estimator).lower(e, ctx, term);
        record?.set(term.id, out);
        return out;
      }
      const sub = (i: number) => visit(children(e)[i], [...path, i]);
      return lowerArithmetic(e, sub, ctx);
    };
    const body = visit(p.objective.body, []);
    if (body.batched || body.t.rank !== 0)
      throw new Error(
        `the objective is not a scalar (shape [${body.t.shape}]${body.batched ? ', per sample' : ''}): wrap per-sample terms in E_x[…] and sum states with Σ_k[…]`,
      );
    return body.t as tf.Scalar;
  };

  const signed = (v: tf.Scalar) => (p.objective.sense === 'max' ? tf.neg(v) : v);
  /** The loss of a call's value; in a micro-batch of a whole batch, plus the marginals' slopes (worth 0, see WholeBatch). */
  const lossOf = (v: tf.Scalar, ctx: TermContext) =>
    ctx.inputs.wholeBatch?.slopes ? (tf.add(signed(v), ctx.marginalSlopes()) as tf.Scalar) : signed(v);
  const lossAndContext = (inputs: LowerInputs) => {
    const ctx = new TermContext(inputs, encoders);
    return lossOf(run(inputs, undefined, ctx), ctx);
  };
  /** The value, and the batch-free value of each estimated term (in plan order). */
  const measured = (inputs: LowerInputs) => {
    const record = new Map<TermId, Lowered>();
    const ctx = new TermContext(inputs, encoders);
    const value = run(inputs, record, ctx);
    const terms = p.terms.flatMap(({ id, term, valueEstimated }): MeasuredTerm[] => {
      const out = record.get(id);
      if (!out) throw new Error(`internal: ${term} was planned but the lowering did not reach it`);
      return valueEstimated ? [{ id, term, value: out.batched ? tf.mean(out.t, 0) : out.t }] : [];
    });
    return { value, terms, ctx };
  };

  return {
    plan: p,
    value: (inputs) => run(inputs),
    loss: lossAndContext,
    lossWithTerms: (inputs) => {
      const { value, terms, ctx } = measured(inputs);
      return { loss: lossOf(value, ctx), terms };
    },
    marginalsRead: (inputs) => {
      const ctx = new TermContext(inputs, encoders);
      tf.tidy(() => {
        run(inputs, undefined, ctx);
      });
      return ctx.marginalsRead;
    },
    microMarginals: (inputs, read) => {
      const ctx = new TermContext({ ...inputs, wholeBatch: undefined }, encoders);
      return {
        marginals: read.map((enc) => ctx.batchMarginal(enc)),
        outputs: Object.fromEntries(read.map((enc) => [encoderKey(enc), ctx.forward(enc)])),
      };
    },
    marginalLoss: (inputs) => signed(run(inputs, undefined, undefined, slopeFree)),
    evaluate: (inputs) =>
      tf.tidy(() => {
        const { value, terms } = measured(inputs);
        const scalars = terms.flatMap(({ id, term, value: t }) =>
          t.rank === 0 ? [{ id, term, value: t.dataSync()[0] }] : [],
        );
        return { value: value.dataSync()[0], terms: scalars };
      }),
  };
}

/** Arithmetic nodes; information terms never reach here because the planner planned them. */
function lowerArithmetic(e: Expr, sub: (i: number) => Lowered, ctx: TermContext): Lowered {
  const combine = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => {
    const [a, b] = [sub(0), sub(1)];
    return { t: f(a.t, b.t), batched: a.batched || b.batched };
  };
  return match(e)
    .with({ kind: 'output' }, (n) => perSample(ctx.output(n.enc)))
    .with({ kind: 'expect' }, () => {
      const body = sub(0);
      if (!body.batched) throw new Error(`E_x[…] of a batch-free quantity: ${printExpr(e)}`);
      return free(tf.mean(body.t, 0));
    })
    .with({ kind: 'sumStates' }, () => {
      const body = sub(0);
      const axis = body.batched ? 1 : 0;
      if (body.t.rank <= axis)
        throw new Error(
          `Σ_k over a quantity without a state axis: ${printExpr(e)} (a Bernoulli L(x) is a scalar: write L and 1−L)`,
        );
      return { t: tf.sum(body.t, axis), batched: body.batched };
    })
    .with({ kind: 'log' }, () => {
      const a = sub(0);
      return { t: tf.log(a.t), batched: a.batched };
    })
    .with({ kind: 'neg' }, () => {
      const a = sub(0);
      return { t: tf.neg(a.t), batched: a.batched };
    })
    .with({ kind: 'stopGradient' }, () => {
      const a = sub(0);
      return { t: stopGradient(a.t), batched: a.batched };
    })
    .with({ kind: 'add' }, (n) => {
      const parts = n.terms.map((_, i) => sub(i));
      return { t: parts.map((x) => x.t).reduce((a, b) => tf.add(a, b)), batched: parts.some((x) => x.batched) };
    })
    .with({ kind: 'mul' }, () => combine(tf.mul))
    .with({ kind: 'div' }, () => combine(tf.div))
    .with({ kind: 'const' }, (n) => free(tf.scalar(n.value)))
    .with({ kind: 'hyper' }, (n) => free(tf.scalar(ctx.hyper(n.name))))
    .with({ kind: P.union(...ESTIMATED_TERMS) }, (n) => {
      throw new Error(`internal: ${printExpr(n)} reached the lowering without a plan`);
    })
    .exhaustive();
}
