/**
 * Equivalence of two objectives: over random parameter draws and batches, the losses they minimise must agree in value
 * and in gradient with respect to every network parameter. Where a side has a term whose estimator gives only a
 * gradient (MIGE: its forward is a placeholder), the values mean nothing and only the gradients are compared.
 */
import * as tf from '../tf.ts';
import { print, type Objective } from '../expr/index.ts';
import { lower } from '../lower/index.ts';
import { plan, type Plan, type PlanOptions } from '../plan/index.ts';
import { randomSetup, type Draw } from './randomSetup.ts';
import { checkArgs, Obj, ObjectiveArg, optional } from '../api/arguments.ts';
import { EquivalenceOptionsArg } from '../api/planArguments.ts';

export interface EquivalenceOptions {
  /** Number of random draws (default 3). */
  readonly draws?: number;
  /** Produces the inputs and variables of draw i; default: `randomSetup` over both objectives. */
  readonly setup?: (draw: number) => Draw;
  /** Tolerances: |a−b| ≤ atol + rtol·max(|a|,|b|). Defaults 1e-4 and 1e-3 (float32). */
  readonly atol?: number;
  readonly rtol?: number;
  /** Values may differ by a constant (the same in every draw); gradients must still agree. */
  readonly upToConstant?: boolean;
  /**
   * Compare gradients only. Default: true exactly when a side has a term whose value is not estimated (the report's
   * `note` names them); false compares values all the same.
   */
  readonly gradientsOnly?: boolean;
  readonly hypers?: Record<string, number>;
  readonly pins?: [PlanOptions['pins'], PlanOptions['pins']];
}

export interface EquivalenceReport {
  readonly equivalent: boolean;
  readonly draws: number;
  /** What was compared: values and gradients, or (`gradientsOnly`) the gradients alone. */
  readonly compared: 'values-and-gradients' | 'gradients';
  /** Why only gradients were compared, when that was chosen automatically. */
  readonly note?: string;
  /** NaN when values were not compared. */
  readonly maxAbsValueDiff: number;
  readonly maxRelValueDiff: number;
  readonly maxAbsGradDiff: number;
  readonly maxRelGradDiff: number;
  /** The constant offset between the values (mean of a−b) when `upToConstant`. */
  readonly offset: number;
  /** The worst disagreement, in words. */
  readonly worst: string;
}

interface Eval {
  value: number;
  grads: Float32Array;
}

function evalLoss(p: Plan, d: Draw): Eval {
  const compiled = lower(p);
  const { value, grads } = tf.variableGrads(() => compiled.loss(d.inputs), d.variables);
  const flat = d.variables.map((v) => grads[v.name]?.dataSync() ?? new Float32Array(v.size));
  const out = new Float32Array(flat.reduce((s, g) => s + g.length, 0));
  let at = 0;
  for (const g of flat) {
    out.set(g, at);
    at += g.length;
  }
  const result = { value: value.dataSync()[0], grads: out };
  value.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  return result;
}

/** The terms of either plan whose value is not estimated, as `term (estimator)`. */
const gradientOnlyTerms = (plans: readonly Plan[]): string[] =>
  plans.flatMap((p) => p.terms.filter((t) => !t.valueEstimated).map((t) => `${t.term} (${t.estimator})`));

/**
 * Compare values and gradients of the losses of `a` and `b`; gradients only when `gradientsOnly`, which is chosen when
 * a side has a term whose value is not estimated.
 */
export function checkEquivalent(a: Objective, b: Objective, opts: EquivalenceOptions = {}): EquivalenceReport {
  checkArgs('checkEquivalent', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    options: [optional(EquivalenceOptionsArg), opts],
  });
  const draws = opts.draws ?? 3;
  const atol = opts.atol ?? 1e-4;
  const rtol = opts.rtol ?? 1e-3;
  const plans = [plan(a, { pins: opts.pins?.[0] }), plan(b, { pins: opts.pins?.[1] })] as const;
  const unvalued = gradientOnlyTerms(plans);
  const gradientsOnly = opts.gradientsOnly ?? unvalued.length > 0;
  const note =
    opts.gradientsOnly === undefined && gradientsOnly
      ? `values not compared: ${unvalued.join(', ')} ${unvalued.length > 1 ? 'give' : 'gives'} only a gradient (value not estimated)`
      : undefined;
  const setup = opts.setup ?? randomSetup([a, b], { hypers: opts.hypers });
  const results: [Eval, Eval][] = [];
  for (let i = 0; i < draws; i++) {
    const d = setup(i);
    try {
      results.push([evalLoss(plans[0], d), evalLoss(plans[1], d)]);
    } finally {
      d.dispose();
    }
  }
  const offset =
    opts.upToConstant && !gradientsOnly ? results.reduce((s, [x, y]) => s + x.value - y.value, 0) / draws : 0;
  let ok = true;
  let [maxAbsV, maxRelV, maxAbsG, maxRelG] = gradientsOnly ? [Number.NaN, Number.NaN, 0, 0] : [0, 0, 0, 0];
  let worst = 'none';
  let worstExcess = -Infinity;
  const compare = (x: number, y: number, what: string) => {
    const abs = Math.abs(x - y);
    const scale = Math.max(Math.abs(x), Math.abs(y));
    const rel = scale > 0 ? abs / scale : 0;
    const excess = abs - (atol + rtol * scale);
    if (!(excess <= 0)) ok = false; // NaN counts as a failure
    if (excess > worstExcess || Number.isNaN(excess)) {
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
      worst = `${what}: ${x} vs ${y} (|Δ| = ${abs.toExponential(3)}, rel ${rel.toExponential(3)})`;
    }
    return [abs, rel];
  };
  results.forEach(([x, y], i) => {
    if (!gradientsOnly) {
      const [av, rv] = compare(x.value - offset, y.value, `value, draw ${i}`);
      maxAbsV = Math.max(maxAbsV, av);
      maxRelV = Math.max(maxRelV, rv);
    }
    if (x.grads.length !== y.grads.length)
      throw new Error(`the objectives use different parameters (${x.grads.length} vs ${y.grads.length})`);
    x.grads.forEach((g, j) => {
      const [ag, rg] = compare(g, y.grads[j], `gradient[${j}], draw ${i}`);
      maxAbsG = Math.max(maxAbsG, ag);
      maxRelG = Math.max(maxRelG, rg);
    });
  });
  return {
    equivalent: ok,
    draws,
    compared: gradientsOnly ? 'gradients' : 'values-and-gradients',
    ...(note && { note }),
    maxAbsValueDiff: maxAbsV,
    maxRelValueDiff: maxRelV,
    maxAbsGradDiff: maxAbsG,
    maxRelGradDiff: maxRelG,
    offset,
    worst,
  };
}

/** A readable summary of a report. */
export function describeReport(a: Objective, b: Objective, r: EquivalenceReport): string {
  checkArgs('describeReport', { a: [ObjectiveArg, a], b: [ObjectiveArg, b], report: [Obj('an EquivalenceReport'), r] });
  return [
    `${r.equivalent ? 'equivalent' : 'NOT equivalent'} over ${r.draws} draws, ${r.compared === 'gradients' ? 'gradients only' : 'values and gradients'}`,
    `  a: ${print(a)}`,
    `  b: ${print(b)}`,
    ...(r.note ? [`  note: ${r.note}`] : []),
    r.compared === 'gradients'
      ? '  values: not compared'
      : `  max |Δ value| = ${r.maxAbsValueDiff.toExponential(3)} (rel ${r.maxRelValueDiff.toExponential(3)})${r.offset ? `, constant offset ${r.offset.toPrecision(6)}` : ''}`,
    `  max |Δ gradient| = ${r.maxAbsGradDiff.toExponential(3)} (rel ${r.maxRelGradDiff.toExponential(3)})`,
    `  worst: ${r.worst}`,
  ].join('\n');
}
