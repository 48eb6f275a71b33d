/**
 * Every dispatch over node kinds is exhaustive: the tables are keyed by exactly `Expr['kind']`, and a table or a
 * `match(…).exhaustive()` that misses a kind does not compile. The `@ts-expect-error` lines are checked by
 * test/typecheck.test.ts (tsc fails on an unused one), so this file proves that a missing kind is a compile error.
 */
import { match, P } from 'ts-pattern';
import { describe, expect, it } from 'vitest';
import { children, type Expr } from '../../src/expr/index.ts';
import { PRECEDENCE } from '../../src/expr/print.ts';
import { TERM_KINDS } from '../../src/plan/rules.ts';
import { LINEAR_IN_CHILDREN } from '../../src/plan/sites.ts';

type Kind = Expr['kind'];
/** true exactly when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// the tables' keys are exactly the node kinds: one more or one fewer kind changes these types
const precedenceKeys: Same<keyof typeof PRECEDENCE, Kind> = true;
const termKeys: Same<keyof typeof TERM_KINDS, Kind> = true;
const linearKeys: Same<keyof typeof LINEAR_IN_CHILDREN, Kind> = true;

/** A tree with one more node kind, as if a stage had not caught up with it yet. */
type Grown = Kind | 'newKind';
// @ts-expect-error — a table over the current kinds misses 'newKind', so it is not a table over Grown
const staleTable: Record<Grown, boolean> = TERM_KINDS;
const { score: droppedScore, ...withoutScore } = PRECEDENCE;
// @ts-expect-error — a table missing a kind ('score') does not compile
const missingKind: Record<Kind, number> = withoutScore;

const leaves = ['entropy', 'condEntropy', 'mutualInfo', 'kl', 'jsd', 'crossEntropy', 'regulariser', 'output'] as const;
const newerLeaves = ['pairedInfo', 'pairedEntropy', 'dataInfo'] as const;
const moreLeaves = ['logDensity', 'score', 'const', 'hyper'] as const;
/** The arity of every node kind, written as the stages write their dispatch. */
const arity = (e: Expr | { kind: 'newKind' }) =>
  match(e)
    .with({ kind: P.union('expect', 'sumStates', 'log', 'neg', 'stopGradient') }, () => 1)
    .with({ kind: P.union('mul', 'div') }, () => 2)
    .with({ kind: 'add' }, (n) => n.terms.length)
    .with({ kind: P.union(...leaves, ...moreLeaves, ...newerLeaves) }, () => 0)
    // @ts-expect-error — 'newKind' is not handled, so `.exhaustive()` does not type-check
    .exhaustive();

describe('exhaustive dispatch over node kinds', () => {
  it('the tables are keyed by exactly the node kinds', () => {
    expect([precedenceKeys, termKeys, linearKeys]).toEqual([true, true, true]);
    expect(Object.keys(PRECEDENCE).sort()).toEqual(Object.keys(TERM_KINDS).sort());
    expect(Object.keys(LINEAR_IN_CHILDREN).sort()).toEqual(Object.keys(TERM_KINDS).sort());
    expect([staleTable, missingKind].every((t) => typeof t === 'object') && droppedScore === 4).toBe(true);
  });

  it('a match over every kind agrees with children()', () => {
    const x: Expr = { kind: 'hyper', name: 'β' };
    const nodes: Expr[] = [
      x,
      { kind: 'neg', arg: x },
      { kind: 'mul', left: x, right: x },
      { kind: 'add', terms: [x, x, x] },
    ];
    expect(nodes.map(arity)).toEqual(nodes.map((n) => children(n).length));
  });
});
