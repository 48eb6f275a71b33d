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

/**
 * A Python expression, whether its first axis is the batch, and how tightly it binds (Python's precedence: a sum 1, a
 * product 2, a negation 3, a name, number or call 4), so the objective is written with only the parentheses Python
 * needs to evaluate it in the order of the tree.
 */
interface Py {
  readonly code: string;
  readonly batched: boolean;
  readonly binds: Binding;
  /** A negation's operand as written after a binary minus (a + (−b) is written a − b, the same float operation). */
  readonly subtrahend?: string;
}

const SUM = 1;
const PRODUCT = 2;
const NEGATION = 3;
const ATOM = 4;
type Binding = typeof SUM | typeof PRODUCT | typeof NEGATION | typeof ATOM;

/** The code, in parentheses when it binds less tightly than `least`. */
const operand = (p: Py, least: Binding): string => (p.binds < least ? `(${p.code})` : p.code);

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

/** Lower a plan's objective body to Python (throws TorchUnsupported naming the term and estimator). */
export function pythonObjective<N extends string>(p: Plan<N>): PythonObjective {
  const planned = new Map<string, TermPlan<N>>(p.terms.map((t) => [t.id, t]));
  const functions = new Map<string, string>(); // name → source
  const helpers = new Set<HelperName>();
  const calls = new Map<TermId, string>();

  const estimators: Estimators<string> = p.estimators ?? ESTIMATOR_MODULES;
  const term = (t: TermPlan<N>, node: Expr): Py => {
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
      if (existing === undefined || existing === source(name))
        return { code: `${name}(b)`, batched: python.perSample ?? false, binds: ATOM };
    }
  };

  // Two passes: the first counts each sub-expression and where it occurs; the second names those read more than once
  // outside one repeated parent (t1 = …), in the order they are first computed, so the objective reads like the
  // equation with its ratios named.
  const counts = new Map<string, number>();
  const parents: [child: string, parent: string][] = [];
  const names = new Map<string, string>();
  const lines: string[] = [];
  // each node twice: as emitted (with the names of named sub-expressions) and as its key (without: the same key in both
  // passes)
  interface Node {
    readonly emitted: Py;
    readonly key: Py;
  }
  const visit = (e: Expr, path: TermPath, naming: boolean): Node => {
    const t = planned.get(termId(path));
    if (t) {
      const py = term(t, e);
      // a per-sample term is reported as its mean over the minibatch, as the tfjs lowering reports it
      calls.set(t.id, py.batched ? `global_mean(${py.code})` : py.code);
      return { emitted: py, key: py };
    }
    const subs: Node[] = [];
    const sub = (i: number) => (subs[i] ??= visit(children(e)[i], [...path, i], naming));
    const emitted = arithmetic(e, (i) => sub(i).emitted);
    const key = arithmetic(e, (i) => sub(i).key);
    if (!naming) {
      counts.set(key.code, (counts.get(key.code) ?? 0) + 1);
      subs.forEach((c) => parents.push([c.key.code, key.code]));
      return { emitted, key };
    }
    if (!named.has(key.code)) return { emitted, key };
    let name = names.get(key.code);
    if (!name) {
      name = `t${names.size + 1}`;
      names.set(key.code, name);
      lines.push(`${name} = ${emitted.code}`);
    }
    return { emitted: { code: name, batched: emitted.batched, binds: ATOM }, key };
  };

  visit(p.objective.body, [], false);
  const count = (key: string) => counts.get(key) ?? 0;
  // repeated, not a constant or a single read, and read somewhere other than inside a parent repeated as often
  const named = new Set(
    parents.filter(([c, parent]) => count(c) >= 2 && !TRIVIAL.test(c) && count(parent) < count(c)).map(([c]) => c),
  );
  const body = visit(p.objective.body, [], true).emitted;
  if (body.batched) throw new TorchUnsupported(`the objective is not batch-free: ${printExpr(p.objective.body)}`);
  const keys = termKeys(p);
  const terms = p.terms.map((t) => {
    const call = calls.get(t.id);
    if (call === undefined)
      throw new Error(`internal: ${t.term} was planned but the PyTorch lowering did not reach it`);
    return { key: keys.get(t.id) ?? t.term, call: t.valueEstimated ? call : null };
  });
  return { functions: [...functions.values()], body: [...lines, `return ${body.code}`], helpers, terms };
}

/** Arithmetic nodes as Python (information terms never reach here: the planner planned them). */
function arithmetic(e: Expr, sub: (i: number) => Py): Py {
  const atom = (code: string, batched: boolean): Py => ({ code, batched, binds: ATOM });
  // a left-associative product: its right operand in parentheses when it is itself a product (a·(b/c) ≠ a·b/c in floats)
  const product = (op: '*' | '/'): Py => {
    const [a, b] = [sub(0), sub(1)];
    const code = `${operand(a, PRODUCT)} ${op} ${operand(b, NEGATION)}`;
    return { code, batched: a.batched || b.batched, binds: PRODUCT };
  };
  return match<Expr, Py>(e)
    .with({ kind: 'output' }, (n) => atom(`b.output(${encoderRef(n.enc)})`, true))
    .with({ kind: 'expect' }, () => atom(`global_mean(${sub(0).code})`, false))
    .with({ kind: 'sumStates' }, () => {
      const a = sub(0);
      return atom(`${operand(a, ATOM)}.sum(${a.batched ? 1 : 0})`, a.batched);
    })
    .with({ kind: 'log' }, (n) => {
      if (n.arg.kind === 'const') return atom(`math.log(${n.arg.value})`, false);
      const a = sub(0);
      return atom(`torch.log(${a.code})`, a.batched);
    })
    .with({ kind: 'neg' }, () => {
      const a = sub(0);
      return { code: `-${operand(a, NEGATION)}`, batched: a.batched, binds: NEGATION, subtrahend: operand(a, PRODUCT) };
    })
    .with({ kind: 'stopGradient' }, () => {
      const a = sub(0);
      return atom(`${operand(a, ATOM)}.detach()`, a.batched);
    })
    .with({ kind: 'add' }, (n) => {
      // a later operand that is itself a sum keeps its parentheses (a + (b + c) ≠ a + b + c in floats)
      const code = n.terms
        .map((_, i) => {
          const x = sub(i);
          if (i === 0) return x.code;
          return x.subtrahend === undefined ? ` + ${operand(x, PRODUCT)}` : ` - ${x.subtrahend}`;
        })
        .join('');
      return { code, batched: n.terms.some((_, i) => sub(i).batched), binds: SUM };
    })
    .with({ kind: 'mul' }, () => product('*'))
    .with({ kind: 'div' }, () => product('/'))
    .with({ kind: 'const' }, (n) => ({ code: String(n.value), batched: false, binds: n.value < 0 ? NEGATION : ATOM }))
    .with({ kind: 'hyper' }, (n) => atom(`HYPERS[${JSON.stringify(n.name)}]`, false))
    .with({ kind: P.union(...ESTIMATED_TERMS) }, (n) => {
      throw new Error(`internal: ${printExpr(n)} reached the PyTorch lowering without a plan`);
    })
    .exhaustive();
}
