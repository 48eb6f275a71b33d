/**
 * Constants of an objective that are not numbers: a sub-expression of constants and hyper-parameters only whose value
 * is infinite or NaN (`1/0`, `log(−1)`, `1/β` with β = 0) or beyond float32 (`1e30·1e30`), and a constant float32
 * rounds to 0 (`1e-50`). `check` refuses them
 * naming the sub-expression; `train` would otherwise fail inside tfjs with its own text (issue 28, point 8).
 */
import { match, P } from 'ts-pattern';
import { children, printExpr, type Expr, type Objective } from '../expr/index.ts';
import { SpecError } from './errors.ts';

/** The value of `e` when it is made of constants and hyper-parameters only; undefined when it holds a term. */
function constantValue(e: Expr, hypers: Readonly<Record<string, number>>): number | undefined {
  const values = children(e).map((c) => constantValue(c, hypers));
  const args = values.every((v) => v !== undefined) ? (values as number[]) : undefined;
  const value = match(e)
    .with({ kind: 'const' }, (n) => n.value)
    .with({ kind: 'hyper' }, (n) => hypers[n.name])
    .with({ kind: 'neg' }, () => args && -args[0])
    .with({ kind: 'log' }, () => args && Math.log(args[0]))
    .with({ kind: 'stopGradient' }, () => args?.[0])
    .with({ kind: 'mul' }, () => args && args[0] * args[1])
    .with({ kind: 'div' }, () => args && args[0] / args[1])
    .with({ kind: 'add' }, () => args?.reduce((a, b) => a + b))
    // a term, or an expectation or sum over states (whose value depends on the data or the number of states)
    .with(
      {
        kind: P.union(
          'entropy',
          'condEntropy',
          'mutualInfo',
          'pairedInfo',
          'pairedEntropy',
          'dataInfo',
          'kl',
          'crossEntropy',
          'jsd',
          'regulariser',
          'output',
          'logDensity',
          'score',
          'expect',
          'sumStates',
        ),
      },
      () => undefined,
    )
    .exhaustive();
  if (e.kind === 'const' && e.value !== 0 && Math.fround(e.value) === 0)
    throw new SpecError([
      {
        path: 'objective',
        message: `${printExpr(e)} rounds to 0 in float32, which training uses (the smallest positive number is 1.4e-45): write 0, or a larger constant`,
      },
    ]);
  if (value !== undefined && !Number.isFinite(Math.fround(value))) {
    const what = Number.isNaN(value) ? 'not a number (NaN)' : Number.isFinite(value) ? 'beyond float32' : 'infinite';
    throw new SpecError([
      {
        path: 'objective',
        message: `${printExpr(e)} is ${what}: the objective's constants must be finite numbers (in float32)`,
      },
    ]);
  }
  return value;
}

/** Refuse an objective with a constant sub-expression that is infinite, NaN or beyond float32, naming it. */
export function checkConstants(objective: Objective, hypers: Readonly<Record<string, number>>): void {
  constantValue(objective.body, hypers);
}
