/**
 * Issue 26, finding 8: every function the package exports checks its arguments at run time, for callers from plain
 * JavaScript. Each export is called with wrong arguments (a symbol for every parameter, as `any`) and must throw one
 * ArgumentError naming the function and the argument, never a TypeError from deep inside or ts-pattern's "Pattern
 * matching error"; the exports are enumerated, so a new export without checks fails here.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

const exports = api as unknown as Record<string, unknown>;
const call = (name: string, ...args: unknown[]): unknown => (exports[name] as (...a: unknown[]) => unknown)(...args);

/** Exports that are classes (constructed with `new`, not called): the errors the library throws, TermContext. */
const CLASSES = ['ArgumentError', 'DataError', 'EstimateError', 'ParseError', 'PlanError', 'SpecError', 'TermContext'];
/** Exports that take no arguments. */
const NO_ARGUMENTS = ['benchmarkTasks', 'nativeStatus'];

/** What an export throws or rejects with when called with `args`, or undefined. */
async function failureOf(name: string, args: readonly unknown[]): Promise<unknown> {
  try {
    const result = call(name, ...args);
    if (result instanceof Promise) await result;
  } catch (e) {
    return e;
  }
  return undefined;
}

const wrong = (fn: unknown): unknown[] =>
  Array.from({ length: Math.max(1, (fn as (...a: unknown[]) => unknown).length) }, () => Symbol('wrong'));

const functions = Object.entries(exports).filter(([, v]) => typeof v === 'function');
const checked = functions.map(([name]) => name).filter((name) => ![...CLASSES, ...NO_ARGUMENTS].includes(name));

describe('every exported function refuses wrong arguments with one error naming the function and the argument', () => {
  it('knows every export: the lists above name only exports, classes are classes', () => {
    for (const name of [...CLASSES, ...NO_ARGUMENTS]) expect(exports[name], name).toBeTypeOf('function');
    for (const name of CLASSES) expect(String(exports[name]), name).toMatch(/^class /);
    for (const name of NO_ARGUMENTS) expect((exports[name] as () => unknown).length, name).toBe(0);
    expect(checked.length).toBeGreaterThan(190);
  });

  it.each(checked)('%s', async (name) => {
    const e = await failureOf(name, wrong(exports[name]));
    expect(e, name).toBeInstanceOf(api.ArgumentError);
    const error = e as InstanceType<typeof api.ArgumentError>;
    expect(error.fn).toBe(name);
    expect(error.message).toMatch(new RegExp(`^${name}: \\w+(\\.\\w+|\\[\\d+\\])*: expected .+, got a symbol$`));
  });
});

describe("the wrong calls of issue 26's new user are refused where they are made", () => {
  const js = api as unknown as Record<string, (...a: unknown[]) => unknown>;
  const X = api.variable('X');
  const Z = api.variable('Z');
  const L = api.encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
  const mim = api.maximize(api.I(X, Z, L));
  const families = 'expected one of categorical, bernoulli, gaussian, deterministic';

  it.each([
    [
      'a misspelt family',
      () => js.encoder(Z, X, { family: 'categoricl', model: 'L', size: 3 }),
      `encoder: spec.family: ${families}, got "categoricl"`,
    ],
    [
      'a missing family',
      () => js.encoder(Z, X, { model: 'L', size: 3 }),
      `encoder: spec.family: ${families}, got undefined`,
    ],
    [
      'an encoder without model',
      () => js.encoder(Z, X, { family: 'categorical', size: 3 }),
      'encoder: spec.model: expected a non-empty string, got undefined',
    ],
    [
      'a string objective',
      () => js.maximize('I(X;Z)'),
      'maximize: body: expected an Expr (from H, I, KL, add, …), got "I(X;Z)"',
    ],
    [
      'KL of encoders',
      () => js.KL(L, L),
      'KL: p: expected a distribution (data, conditional, marginal, prior, posterior or mixture), got the encoder L',
    ],
    [
      'a string pin',
      () => js.plan(mim, { pins: ['mige'] }),
      'plan: options.pins[0]: expected a pin { expr, estimator }, got "mige"',
    ],
    [
      'a misspelt pin',
      () => js.plan(mim, { pins: [{ expr: mim.body, estimator: 'mgie' }] }),
      'plan: options.pins[0].estimator: expected one of identically-zero, plugin-theorem2,',
    ],
    [
      'plan(undefined)',
      () => js.plan(undefined),
      'plan: objective: expected an Objective (from maximize/minimize), got undefined',
    ],
    [
      'variable(42)',
      () => js.variable(42),
      'variable: name: expected a variable name (a letter then letters, digits, primes or underscores), got 42',
    ],
    [
      'variable("not a name!")',
      () => js.variable('not a name!'),
      'variable: name: expected a variable name (a letter then letters, digits, primes or underscores), got "not a name!"',
    ],
    [
      'a gaussian prior',
      () => js.prior(Z, 'gaussian'),
      'prior: family: expected one of uniform, standard-normal, got "gaussian"',
    ],
    [
      'a term of a string',
      () => js.add(api.H(Z, L), 'H(Z)'),
      'add: terms[1]: expected an Expr or a number, got "H(Z)"',
    ],
    [
      'a nested bad family',
      () => js.print({ sense: 'max', body: { kind: 'entropy', enc: { ...L, family: 'gauss' } } }),
      `print: objective.body.enc.family: ${families}, got "gauss"`,
    ],
    [
      'checkEquivalent of a string',
      () => js.checkEquivalent(mim, 'max H(Z)'),
      'checkEquivalent: b: expected an Objective (from maximize/minimize), got "max H(Z)"',
    ],
    [
      'lower of an objective',
      () => js.lower(mim),
      'lower: plan.objective: expected an Objective (from maximize/minimize), got undefined',
    ],
  ])('%s', (_, wrongCall, message) => {
    expect(wrongCall).toThrow(api.ArgumentError);
    expect(wrongCall).toThrow(message);
  });

  it('useBackend lists the backends', async () => {
    await expect(api.useBackend('gpu' as never)).rejects.toThrow(
      'useBackend: backend: expected one of wasm, cpu, got "gpu"',
    );
  });

  it('estimateMI names its option', async () => {
    await expect(api.estimateMI([[1]], [[2]], { steps: 'many' as never })).rejects.toThrow(
      'estimateMI: options.steps: expected a number, got "many"',
    );
  });

  it("the whole-objective checks read the model of variables' fields: labels, heads, observed targets", () => {
    const Y = api.labels('Y', 3);
    const W = api.variable('W');
    const clf = api.encoder(Y, Z, { family: 'categorical', model: 'clf', size: 3 });
    const over = api.encoder(W, X, { family: 'categorical', model: 'L', head: 'over', size: 5 });
    const objective = api.maximize(
      api.add(api.Idata(Z, Y, L), api.H(W, over), api.neg(api.CE(api.conditional(clf), api.data(Y)))),
    );
    expect(clf.observedTarget).toBe(true);
    expect(() => api.lower(api.plan(objective))).not.toThrow();
    expect(api.print(objective)).toBe('max I(Z;Y) + H(W) − CE(p(y|z), p(y))');
    const relabelled = { ...objective, body: { kind: 'dataInfo', enc: L, v: 'Y', labels: { states: 'three' } } };
    expect(() => js.print(relabelled)).toThrow('print: objective.body.labels.states: expected number, got "three"');
    const headless = { sense: 'max', body: { kind: 'entropy', enc: { ...over, head: 5 } } };
    expect(() => js.print(headless)).toThrow('print: objective.body.enc.head: expected string, got 5');
    expect(() => js.encoder(W, X, { family: 'categorical', model: 'L', size: 5, observedTarget: 'yes' })).toThrow(
      'encoder: spec.observedTarget: expected true or false, got "yes"',
    );
    expect(() => js.data({ kind: 'var', name: 'Y', labels: { states: 0 } })).toThrow(
      'data: x.labels.states: expected a positive integer, got 0',
    );
  });

  it('valid calls are unchanged', () => {
    expect(api.print(api.rewrite(mim, 'mi-as-entropies'))).toBe('max H(Z) − H(Z|X)');
    expect(api.explain(api.plan(mim, { pins: [] }))).toMatch(/I\(X;Z\) {2}plugin-theorem2/);
  });
});
