/**
 * The objective as Python: each planned term one function of the batch context `b` (its estimator module's `pytorch`
 * lowering), the arithmetic between them one expression, as src/lower/lower.ts lowers it to tfjs. Every E_x[·] is
 * `global_mean`: the mean over the whole minibatch across processes, with its gradient.
 */
import { ESTIMATED_TERMS } from '../../plan/sites.ts';
import { match, P } from 'ts-pattern';
import { children, printExpr, type Expr } from '../../expr/index.ts';
import { ESTIMATOR_MODULES, moduleOf, type Estimators } from '../../estimators/registry.ts';
import { termKeys } from '../../plan/termKeys.ts';
import { termId, type Plan, type TermId, type TermPath, type TermPlan } from '../../plan/types.ts';
import { encoderRef, hasPytorchLowering, TorchUnsupported, type PythonTerm } from './lowering.ts';
import type { HelperName } from './runtime.ts';

/** A Python expression and whether its first axis is the batch. */
interface Py {
  readonly code: string;
  readonly batched: boolean;
}

/** Expressions not worth a name of their own: a network's output, a term's call, a hyper-parameter, a number. */
const TRIVIAL = /^(b\.output\("[^"]*"\)|\w+\(b\)|HYPERS\["[^"]*"\]|[-\d.e+/* ()]+)$/;

export interface PythonObjective {
  /** One `def name(b):` per distinct term, in the order the objective first reads them. */
  readonly functions: readonly string[];
  /** The objective's body: the repeated sub-expressions named (`t1 = …`), then `return …`. */
  readonly body: readonly string[];
  readonly helpers: ReadonlySet<HelperName>;
  /**
   * Every planned term in plan order, keyed as report.json's history keys it (termKeys), with the call that gives its
   * value in the objective's forward pass (memoised: no second pass); null where the estimator gives only a gradient.
   */
  readonly terms: readonly { readonly key: string; readonly call: string | null }[];
}

const indent = (lines: readonly string[]) => lines.map((l) => `    ${l}`).join('\n');

/** The docstring of a term's function: the term as printed, its estimator, the equation. */
const docstring = (t: TermPlan<string>, equation: string) =>
  `"""${t.term.replaceAll('\\', '\\\\').replaceAll('"""', "'''")} — ${t.estimator}: ${equation}."""`;

/** The code without the parentheses around all of it, if it has them. */
function unwrapped(code: string): string {
  if (!code.startsWith('(')) return code;
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
    if (depth === 0) return i === code.length - 1 ? code.slice(1, -1) : code;
  }
  return code;
}

/** Lower a plan's objective body to Python (throws TorchUnsupported naming the term and estimator). */
export function pythonObjective<N extends string>(p: Plan<N>): PythonObjective {
  const planned = new Map<string, TermPlan<N>>(p.terms.map((t) => [t.id, t]));
  const functions = new Map<string, string>(); // name → source
  const helpers = new Set<HelperName>();
  const calls = new Map<TermId, string>();

  const estimators: Estimators<string> = p.estimators ?? ESTIMATOR_MODULES;
  const term = (t: TermPlan<N>, node: Expr): string => {
    const lowering = moduleOf(estimators, t.estimator).pytorch;
    if (!lowering || !hasPytorchLowering(lowering))
      throw new TorchUnsupported(
        `${t.term}: its estimator ${t.estimator} has no PyTorch lowering${lowering ? ` (it needs ${lowering.missing})` : ''}`,
      );
    let python: PythonTerm;
    try {
      python = lowering.lower(node, t);
    } catch (e) {
      if (e instanceof TorchUnsupported) throw new TorchUnsupported(`${t.term}: ${e.message}`);
      throw e;
    }
    python.helpers.forEach((h) => helpers.add(h));
    const source = (name: string) =>
      `@once_per_batch\ndef ${name}(b):\n${indent([docstring(t, lowering.equation), ...python.body])}`;
    for (let i = 1; ; i++) {
      const name = i === 1 ? python.name : `${python.name}_${i}`;
      const existing = functions.get(name);
      if (existing === undefined) functions.set(name, source(name));
      if (existing === undefined || existing === source(name)) return `${name}(b)`;
    }
  };

  // Two passes: the first counts each sub-expression and where it occurs; the second names those read more than once
  // outside one repeated parent (t1 = …), in the order they are first computed, so the objective reads like the
  // equation with its ratios named.
  const counts = new Map<string, number>();
  const parents: [child: string, parent: string][] = [];
  const names = new Map<string, string>();
  const lines: string[] = [];
  const visit = (e: Expr, path: TermPath, naming: boolean): Py & { key: string } => {
    const t = planned.get(termId(path));
    if (t) {
      const call = term(t, e);
      calls.set(t.id, call);
      return { code: call, key: call, batched: false };
    }
    const subs: (Py & { key: string })[] = [];
    const sub = (i: number) => (subs[i] ??= visit(children(e)[i], [...path, i], naming));
    const emitted = arithmetic(e, sub);
    const key = arithmetic(e, (i) => ({ code: sub(i).key, batched: sub(i).batched })).code;
    if (!naming) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      subs.forEach((c) => parents.push([c.key, key]));
      return { ...emitted, key };
    }
    if (!named.has(key)) return { ...emitted, key };
    let name = names.get(key);
    if (!name) {
      name = `t${names.size + 1}`;
      names.set(key, name);
      lines.push(`${name} = ${unwrapped(emitted.code)}`);
    }
    return { code: name, key, batched: emitted.batched };
  };

  visit(p.objective.body, [], false);
  const count = (key: string) => counts.get(key) ?? 0;
  // repeated, not a constant or a single read, and read somewhere other than inside a parent repeated as often
  const named = new Set(
    parents.filter(([c, parent]) => count(c) >= 2 && !TRIVIAL.test(c) && count(parent) < count(c)).map(([c]) => c),
  );
  const body = visit(p.objective.body, [], true);
  if (body.batched) throw new TorchUnsupported(`the objective is not batch-free: ${printExpr(p.objective.body)}`);
  const keys = termKeys(p);
  const terms = p.terms.map((t) => {
    const call = calls.get(t.id);
    if (call === undefined)
      throw new Error(`internal: ${t.term} was planned but the PyTorch lowering did not reach it`);
    return { key: keys.get(t.id) ?? t.term, call: t.valueEstimated ? call : null };
  });
  return { functions: [...functions.values()], body: [...lines, `return ${unwrapped(body.code)}`], helpers, terms };
}

/** Arithmetic nodes as Python (information terms never reach here: the planner planned them). */
function arithmetic(e: Expr, sub: (i: number) => Py): Py {
  const binary = (op: string): Py => {
    const [a, b] = [sub(0), sub(1)];
    return { code: `(${a.code} ${op} ${b.code})`, batched: a.batched || b.batched };
  };
  return match(e)
    .with({ kind: 'output' }, (n) => ({ code: `b.output(${encoderRef(n.enc)})`, batched: true }))
    .with({ kind: 'expect' }, () => ({ code: `global_mean(${sub(0).code})`, batched: false }))
    .with({ kind: 'sumStates' }, () => {
      const a = sub(0);
      return { code: `${a.code}.sum(${a.batched ? 1 : 0})`, batched: a.batched };
    })
    .with({ kind: 'log' }, (n) => {
      if (n.arg.kind === 'const') return { code: `math.log(${n.arg.value})`, batched: false };
      const a = sub(0);
      return { code: `torch.log(${a.code})`, batched: a.batched };
    })
    .with({ kind: 'neg' }, () => {
      const a = sub(0);
      return { code: `-${a.code}`, batched: a.batched };
    })
    .with({ kind: 'stopGradient' }, () => {
      const a = sub(0);
      return { code: `${a.code}.detach()`, batched: a.batched };
    })
    .with({ kind: 'add' }, (n) => {
      // a + (−b) is written a − b (the same float operation)
      const parts = n.terms.map((t, i) => ({
        ...sub(i),
        minus: i > 0 && t.kind === 'neg' && sub(i).code.startsWith('-'),
      }));
      const code = parts
        .map((x, i) => (i === 0 ? x.code : x.minus ? ` - ${x.code.slice(1)}` : ` + ${x.code}`))
        .join('');
      return { code: `(${code})`, batched: parts.some((x) => x.batched) };
    })
    .with({ kind: 'mul' }, () => binary('*'))
    .with({ kind: 'div' }, () => binary('/'))
    .with({ kind: 'const' }, (n) => ({ code: String(n.value), batched: false }))
    .with({ kind: 'hyper' }, (n) => ({ code: `HYPERS[${JSON.stringify(n.name)}]`, batched: false }))
    .with({ kind: P.union(...ESTIMATED_TERMS) }, (n) => {
      throw new Error(`internal: ${printExpr(n)} reached the PyTorch lowering without a plan`);
    })
    .exhaustive();
}
