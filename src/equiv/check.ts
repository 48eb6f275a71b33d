/**
 * Equivalence of two objectives: over random parameter draws and batches, the losses they minimise must agree in value
 * and in gradient with respect to every network parameter.
 */
import * as tf from '@tensorflow/tfjs';
import { print, type Objective } from '../expr/index.ts';
import { lower } from '../lower/index.ts';
import { plan, type PlanOptions } from '../plan/index.ts';
import { randomSetup, type Draw } from './randomSetup.ts';
import { checkArgs, EquivalenceOptionsArg, Obj, ObjectiveArg, optional } from '../api/arguments.ts';

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
  readonly hypers?: Record<string, number>;
  readonly pins?: [PlanOptions['pins'], PlanOptions['pins']];
}

export interface EquivalenceReport {
  readonly equivalent: boolean;
  readonly draws: number;
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

function evalLoss(o: Objective, d: Draw, pins: PlanOptions['pins']): Eval {
  const compiled = lower(plan(o, { pins }));
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

/** Compare values and gradients of the losses of `a` and `b`. */
export function checkEquivalent(a: Objective, b: Objective, opts: EquivalenceOptions = {}): EquivalenceReport {
  checkArgs('checkEquivalent', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    options: [optional(EquivalenceOptionsArg), opts],
  });
  const draws = opts.draws ?? 3;
  const atol = opts.atol ?? 1e-4;
  const rtol = opts.rtol ?? 1e-3;
  const setup = opts.setup ?? randomSetup([a, b], { hypers: opts.hypers });
  const results: [Eval, Eval][] = [];
  for (let i = 0; i < draws; i++) {
    const d = setup(i);
    try {
      results.push([evalLoss(a, d, opts.pins?.[0]), evalLoss(b, d, opts.pins?.[1])]);
    } finally {
      d.dispose();
    }
  }
  const offset = opts.upToConstant ? results.reduce((s, [x, y]) => s + x.value - y.value, 0) / draws : 0;
  let ok = true;
  let [maxAbsV, maxRelV, maxAbsG, maxRelG] = [0, 0, 0, 0];
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
    const [av, rv] = compare(x.value - offset, y.value, `value, draw ${i}`);
    maxAbsV = Math.max(maxAbsV, av);
    maxRelV = Math.max(maxRelV, rv);
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
    `${r.equivalent ? 'equivalent' : 'NOT equivalent'} over ${r.draws} draws`,
    `  a: ${print(a)}`,
    `  b: ${print(b)}`,
    `  max |Δ value| = ${r.maxAbsValueDiff.toExponential(3)} (rel ${r.maxRelValueDiff.toExponential(3)})${r.offset ? `, constant offset ${r.offset.toPrecision(6)}` : ''}`,
    `  max |Δ gradient| = ${r.maxAbsGradDiff.toExponential(3)} (rel ${r.maxRelGradDiff.toExponential(3)})`,
    `  worst: ${r.worst}`,
  ].join('\n');
}
