/**
 * Equivalence of two objectives, with a reason. The prover (./prover) looks for a chain of named laws from one to the
 * other: found, the verdict is `proved`. Otherwise the numeric check decides between `refuted` and `unknown`: over
 * random parameter draws and batches, the losses they minimise must agree in value and in gradient with respect to
 * every network parameter; where they do not, the sizes (draws, batch, input, hidden units) are shrunk to the smallest
 * that still show the difference, the counterexample. Where a side has a term whose estimator gives only a gradient
 * (MIGE: its forward is a placeholder), the values mean nothing and only the gradients are compared.
 */
import * as tf from '../tf.ts';
import { print, printExpr, printExprIn, type Objective } from '../expr/index.ts';
import { lower } from '../lower/index.ts';
import { plan, type Plan, type PlanOptions } from '../plan/index.ts';
import { randomSetup, smallMlp, type Draw } from './randomSetup.ts';
import { printPath, printProof, prove, type Proof } from './prover/prove.ts';
import { boundPins, printBound, proveBound, type BoundProof } from './prover/bounds.ts';
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
  /** Look for a proof by the laws first (default true). */
  readonly prove?: boolean;
  /** Shrink a numeric difference to the smallest sizes that still show it (default true; not with a custom `setup`). */
  readonly shrink?: boolean;
  /** The prover's bounds: e-graph nodes (default 4000) and milliseconds (default 1000). */
  readonly maxNodes?: number;
  readonly maxMs?: number;
}

/** The numeric comparison: values and gradients over random draws. Evidence, never proof. */
export interface NumericReport {
  /** Values and gradients agree within tolerance in every draw. */
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
  /** The constant offset between the losses (mean of loss a − loss b, each minimised) when `upToConstant`. */
  readonly offset: number;
  /** The worst disagreement, in words. */
  readonly worst: string;
  /** Set when only the values disagree, by the same constant in every draw: loss a − loss b (the losses minimised). */
  readonly constantOffset?: number;
}

/** Sizes of a random setup: what a counterexample is shrunk over. */
export interface Sizes {
  readonly draws: number;
  readonly batch: number;
  readonly inputDim: number;
  readonly hidden: number;
}

/** Networks and batches where the two objectives differ: the smallest sizes found that still show it. */
export interface Counterexample {
  /** The sizes of the shrunk setup (absent with a custom `setup`, which is not shrunk). */
  readonly sizes?: Sizes;
  /** The numeric comparison at those sizes. */
  readonly report: NumericReport;
  /** Numeric checks the shrinking ran. */
  readonly tries: number;
}

/**
 * The verdict and its evidence. The numeric comparison's fields are kept at the top level (`equivalent` is, as before,
 * whether values and gradients agreed numerically) and also under `numeric`.
 */
export interface EquivalenceReport extends NumericReport {
  /** proved: a chain of laws; refuted: a numeric counterexample; unknown: neither (the numeric check agreed). */
  readonly verdict: 'proved' | 'refuted' | 'unknown';
  readonly proof?: Proof;
  readonly counterexample?: Counterexample;
  readonly numeric: NumericReport;
  /**
   * When `pins` estimate a term by a critic bound (the objective as estimated is then not the objective): a's estimate
   * ≤ or ≥ b's for every critic, by the bound laws (Donsker–Varadhan, NWJ) and an equality proof, or why not.
   * The verdict is then never `proved`: an equality proof never goes through a bound.
   */
  readonly bound?: BoundProof | { readonly refused: string };
}

/** The sizes of the default random setup. */
const DEFAULT_SIZES = { batch: 64, inputDim: 5, hidden: 8 } as const;

interface Eval {
  value: number;
  grads: Float32Array;
}

function evalLoss(p: Plan, d: Draw): Eval {
  const compiled = lower(p);
  // 0·Σ parameters: a loss constant in the parameters (the labels' entropy) has gradient 0, where tfjs refuses a loss
  // that no variable reaches
  const connected = () =>
    tf.add(compiled.loss(d.inputs), tf.mul(0, tf.addN(d.variables.map((v) => tf.sum(v))))) as tf.Scalar;
  const { value, grads } = tf.variableGrads(
    d.variables.length > 0 ? connected : () => compiled.loss(d.inputs),
    d.variables,
  );
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
 * Whether `a` and `b` optimise the same function: a proof by the laws (`proved`), else a shrunk numeric counterexample
 * (`refuted`), else `unknown` with the numeric agreement as evidence. The numeric check always runs: its fields are the
 * report's (`equivalent`, the largest differences) as they were before the prover.
 */
export function checkEquivalent(a: Objective, b: Objective, opts: EquivalenceOptions = {}): EquivalenceReport {
  checkArgs('checkEquivalent', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    options: [optional(EquivalenceOptionsArg), opts],
  });
  const bounds = [boundPins(a.body, opts.pins?.[0]), boundPins(b.body, opts.pins?.[1])] as const;
  const bounded = bounds[0].length + bounds[1].length > 0;
  const proverOptions = { upToConstant: opts.upToConstant, maxNodes: opts.maxNodes, maxMs: opts.maxMs };
  const proof = opts.prove === false || bounded ? undefined : prove(a, b, proverOptions);
  const bound = bounded && opts.prove !== false ? proveBound(a, b, bounds, proverOptions) : undefined;
  const numeric = compareNumerically(a, b, opts, opts.setup ?? randomSetup([a, b], { hypers: opts.hypers }));
  const base = { ...numeric, numeric, ...(bound && { bound }) };
  if (proof) return { ...base, verdict: 'proved', proof };
  if (numeric.equivalent) return { ...base, verdict: 'unknown' };
  const counterexample =
    opts.setup !== undefined || opts.shrink === false ? { report: numeric, tries: 0 } : shrink(a, b, opts);
  return { ...base, verdict: 'refuted', counterexample };
}

/** A difference that is a number (not NaN from a size too small for an estimator). */
const finiteDifference = (r: NumericReport): boolean =>
  !r.equivalent &&
  Number.isFinite(r.maxAbsGradDiff) &&
  (r.compared === 'gradients' || Number.isFinite(r.maxAbsValueDiff));

/** Candidates smaller than `now`, smallest first. */
const smaller = (now: number, least: number): number[] =>
  [...new Set([least, Math.ceil(now / 4), Math.ceil(now / 2), now - 1])]
    .filter((n) => n >= least && n < now)
    .sort((x, y) => x - y);

/**
 * Shrink the sizes of the random setup, one at a time and smallest candidate first, keeping a change while the two
 * objectives still differ by a finite amount; repeat until no size shrinks.
 */
function shrink(a: Objective, b: Objective, opts: EquivalenceOptions): Counterexample {
  let sizes: Sizes = { draws: opts.draws ?? 3, ...DEFAULT_SIZES };
  const check = (s: Sizes) =>
    compareNumerically(a, b, { ...opts, draws: s.draws }, randomSetup([a, b], { ...s, hypers: opts.hypers }));
  let report = check(sizes);
  let tries = 1;
  if (!finiteDifference(report)) return { sizes, report, tries };
  const least: Sizes = { draws: 1, batch: 2, inputDim: 1, hidden: 1 };
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of ['draws', 'batch', 'hidden', 'inputDim'] as const) {
      for (const n of smaller(sizes[key], least[key])) {
        const trial = { ...sizes, [key]: n };
        const r = check(trial);
        tries++;
        if (finiteDifference(r)) {
          [sizes, report, changed] = [trial, r, true];
          break;
        }
      }
    }
  }
  return { sizes, report, tries };
}

/**
 * Compare values and gradients of the losses of `a` and `b` over the draws of `setup`; gradients only when
 * `gradientsOnly`, which is chosen when a side has a term whose value is not estimated.
 */
function compareNumerically(
  a: Objective,
  b: Objective,
  opts: EquivalenceOptions,
  setup: (draw: number) => Draw,
): NumericReport {
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
  const results: [Eval, Eval][] = [];
  for (let i = 0; i < draws; i++) {
    const d = withCritics(setup(i), plans, i);
    try {
      results.push([evalLoss(plans[0], d), evalLoss(plans[1], d)]);
    } finally {
      d.dispose();
    }
  }
  const offset =
    opts.upToConstant && !gradientsOnly ? results.reduce((s, [x, y]) => s + x.value - y.value, 0) / draws : 0;
  let ok = true;
  let gradientsAgree = true;
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
      if (!within(g, y.grads[j], atol, rtol)) gradientsAgree = false;
      maxAbsG = Math.max(maxAbsG, ag);
      maxRelG = Math.max(maxRelG, rg);
    });
  });
  const gaps = results.map(([x, y]) => x.value - offset - y.value);
  const constantGap =
    !ok && gradientsAgree && !gradientsOnly && gaps.every((g) => within(g, gaps[0], atol, rtol)) ? gaps[0] : undefined;
  return {
    equivalent: ok,
    draws,
    compared: gradientsOnly ? 'gradients' : 'values-and-gradients',
    ...(constantGap !== undefined && { constantOffset: constantGap }),
    ...(note && { note }),
    maxAbsValueDiff: maxAbsV,
    maxRelValueDiff: maxRelV,
    maxAbsGradDiff: maxAbsG,
    maxRelGradDiff: maxRelG,
    offset,
    worst,
  };
}

/**
 * The draw with a random critic for every network the plans declare that the setup has not built (a critic bound's
 * critic, a discriminator): a small tanh MLP over its inputs' widths, seeded by the draw. Its parameters are not compared
 * (the critic is fixed, so a bound's value is its value at that critic).
 */
function withCritics(d: Draw, plans: readonly Plan[], draw: number): Draw {
  const needs = plans.flatMap((p) => p.terms.flatMap((t) => (t.network ? [t.network] : [])));
  const missing = [...new Map(needs.map((n) => [n.id, n])).values()].filter((n) => !(n.id in d.inputs.models));
  if (missing.length === 0) return d;
  const widthOf = (v: string) => {
    const t = d.inputs.batch[v];
    if (!t) throw new Error(`a critic reads ${v}, which the setup's batch does not have`);
    return t.shape.slice(1).reduce((x, y) => x * y, 1);
  };
  const critics = missing.map((n, i) => {
    const input = n.inputs.reduce((sum, { variable, size }) => sum + (size ?? widthOf(variable)), 0);
    return [n.id, smallMlp(input, n.outputs ?? 1, 5000 + 1000 * draw + 10 * i)] as const;
  });
  return {
    ...d,
    inputs: { ...d.inputs, models: { ...d.inputs.models, ...Object.fromEntries(critics) } },
    dispose: () => {
      d.dispose();
      critics.forEach(([, m]) => m.variables.forEach((v) => v.dispose()));
    },
  };
}

/** |x − y| ≤ atol + rtol·max(|x|, |y|) (false for NaN). */
const within = (x: number, y: number, atol: number, rtol: number) =>
  Math.abs(x - y) <= atol + rtol * Math.max(Math.abs(x), Math.abs(y));

/** A counterexample in words: the sizes and the worst difference there. */
export function describeCounterexample(c: Counterexample): string {
  checkArgs('describeCounterexample', { counterexample: [Obj('a Counterexample (from checkEquivalent)'), c] });
  const at = c.sizes
    ? `${c.sizes.draws} draw${c.sizes.draws > 1 ? 's' : ''} of networks with ${c.sizes.hidden} hidden unit${c.sizes.hidden > 1 ? 's' : ''} on inputs of dimension ${c.sizes.inputDim}, batches of ${c.sizes.batch}`
    : 'the given setup';
  return `counterexample (shrunk in ${c.tries} checks): ${at}; ${c.report.worst}`;
}

/** A readable summary of a report: the verdict with its proof or counterexample, then the numeric comparison. */
export function describeReport(a: Objective, b: Objective, r: EquivalenceReport): string {
  checkArgs('describeReport', { a: [ObjectiveArg, a], b: [ObjectiveArg, b], report: [Obj('an EquivalenceReport'), r] });
  const bound = r.bound ? ['refused' in r.bound ? `not bounded: ${r.bound.refused}` : printBound(a, b, r.bound)] : [];
  const verdict =
    r.verdict === 'proved' && r.proof
      ? [printProof(a, b, r.proof)]
      : r.verdict === 'refuted' && r.counterexample
        ? [`refuted: ${describeCounterexample(r.counterexample)}`]
        : [`unknown: no proof within the bounds; the numeric check is evidence, not proof`];
  return [...bound, ...verdict, describeNumeric(a, b, r.numeric ?? r)].join('\n');
}

/** The numeric comparison in words. */
function describeNumeric(a: Objective, b: Objective, r: NumericReport): string {
  return [
    `numerically ${r.equivalent ? 'equivalent' : 'NOT equivalent'} over ${r.draws} draw${r.draws > 1 ? 's' : ''}, ${r.compared === 'gradients' ? 'gradients only' : 'values and gradients'}`,
    `  a: ${print(a)}`,
    `  b: ${print(b)}`,
    ...(r.note ? [`  note: ${r.note}`] : []),
    r.compared === 'gradients'
      ? '  values: not compared'
      : `  max |Δ value| = ${r.maxAbsValueDiff.toExponential(3)} (rel ${r.maxRelValueDiff.toExponential(3)})${r.offset ? `, constant offset of the losses (loss a − loss b) ${r.offset.toPrecision(6)}` : ''}`,
    `  max |Δ gradient| = ${r.maxAbsGradDiff.toExponential(3)} (rel ${r.maxRelGradDiff.toExponential(3)})`,
    `  worst: ${r.worst}`,
    ...(r.constantOffset !== undefined
      ? [
          `  the gradients agree and the values differ by the same constant in every draw (loss a − loss b = ${r.constantOffset.toPrecision(6)}): equal up to a constant (upToConstant, explain --up-to-constant)`,
        ]
      : []),
  ].join('\n');
}

/**
 * A report as JSON (what `infobj explain --equivalent-to … --json` prints under `equivalence`): the verdict, the proof's
 * steps as printed (law, direction, where, the subterm and its result), the counterexample's sizes and worst entry,
 * and the numeric comparison.
 */
export function equivalenceJson(a: Objective, b: Objective, r: EquivalenceReport) {
  checkArgs('equivalenceJson', {
    a: [ObjectiveArg, a],
    b: [ObjectiveArg, b],
    report: [Obj('an EquivalenceReport'), r],
  });
  const { equivalent, draws, compared, note, maxAbsValueDiff, maxRelValueDiff, maxAbsGradDiff, maxRelGradDiff, worst } =
    r.numeric;
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    a: print(a),
    b: print(b),
    verdict: r.verdict,
    ...(r.proof && {
      proof: {
        text: printProof(a, b, r.proof),
        chained: r.proof.chained,
        laws: r.proof.laws,
        ...(r.proof.constant && { constant: printExpr(r.proof.constant) }),
        steps: r.proof.steps.map((s) => ({
          law: s.law,
          direction: s.direction,
          at: printPath(s.path),
          before: printExprIn(s.before, s.before),
          after: printExprIn(s.after, s.after),
          result: printExprIn(s.result, s.result),
        })),
      },
    }),
    ...(r.bound && {
      bound:
        'refused' in r.bound
          ? { refused: r.bound.refused }
          : {
              text: printBound(a, b, r.bound),
              relation: r.bound.relation,
              steps: r.bound.steps.map((s) => ({
                side: s.side,
                law: s.law,
                estimator: s.estimator,
                term: printExpr(s.term),
                coefficient: s.coefficient,
                step: s.text,
                tight: s.tight,
              })),
              laws: r.bound.equality.laws,
            },
    }),
    ...(r.counterexample && {
      counterexample: {
        text: describeCounterexample(r.counterexample),
        ...(r.counterexample.sizes && { sizes: r.counterexample.sizes }),
        worst: r.counterexample.report.worst,
      },
    }),
    numeric: {
      equivalent,
      draws,
      compared,
      ...(note && { note }),
      maxAbsValueDiff: finite(maxAbsValueDiff),
      maxRelValueDiff: finite(maxRelValueDiff),
      maxAbsGradDiff: finite(maxAbsGradDiff),
      maxRelGradDiff: finite(maxRelGradDiff),
      worst,
    },
  };
}
