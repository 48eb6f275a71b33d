/** fast-check generators of random expression trees over a fixed set of encoders. */
import fc from 'fast-check';
import { encoder, variable, type Dist, type Expr, type Objective } from '../../src/expr/index.ts';

const X = variable('X');
export const encoders = [
  encoder(variable('Z'), X, { family: 'categorical', model: 'L', size: 4 }),
  encoder(variable('Y'), X, { family: 'bernoulli', model: 'B', size: 1 }),
  encoder(variable('W'), X, { family: 'gaussian', model: 'q', size: 3 }),
  encoder(variable('V'), X, { family: 'deterministic', model: 'f', size: 2 }),
] as const;
/** D: a data variable no encoder reads, paired with X row by row (a second view). */
export const env = { encoders, data: ['D'] };
const discrete = encoders.filter((e) => e.family === 'categorical' || e.family === 'bernoulli');

const anyEncoder = fc.constantFrom(...encoders);
const number = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
/** Positive weights summing to 1, as the builder and the parser require. */
const weights = (n: number) =>
  fc
    .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n })
    .map((ws) => ws.map((w) => w / ws.reduce((a, b) => a + b, 0)));

const leafDist: fc.Arbitrary<Dist> = fc.oneof(
  fc.constant<Dist>({ kind: 'data', v: 'X' }),
  anyEncoder.map((enc): Dist => ({ kind: 'conditional', enc })),
  anyEncoder.map((enc): Dist => ({ kind: 'marginal', enc })),
  fc
    .record({
      v: fc.constantFrom('Z', 'Y', 'W'),
      family: fc.constantFrom('uniform' as const, 'standard-normal' as const),
    })
    .map((r): Dist => ({ kind: 'prior', ...r })),
  fc.constantFrom(...discrete).chain((enc) =>
    fc
      .record({
        k: fc.integer({ min: 0, max: enc.family === 'bernoulli' ? 1 : enc.size - 1 }),
        complement: fc.boolean(),
      })
      .map((r): Dist => ({ kind: 'posterior', enc, ...r })),
  ),
);
const dist: fc.Arbitrary<Dist> = fc.oneof(
  { weight: 4, arbitrary: leafDist },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 2, max: 3 })
      .chain((n) => fc.record({ weights: weights(n), dists: fc.array(leafDist, { minLength: n, maxLength: n }) }))
      .map((r): Dist => ({ kind: 'mixture', ...r })),
  },
);

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  anyEncoder.map((enc): Expr => ({ kind: 'entropy', enc })),
  anyEncoder.map((enc): Expr => ({ kind: 'condEntropy', enc })),
  anyEncoder.map((enc): Expr => ({ kind: 'mutualInfo', enc })),
  anyEncoder.map((enc): Expr => ({ kind: 'output', enc })),
  fc.record({ p: dist, q: dist }).map((r): Expr => ({ kind: 'kl', ...r })),
  fc.record({ p: dist, q: dist }).map((r): Expr => ({ kind: 'crossEntropy', ...r })),
  fc
    .integer({ min: 2, max: 3 })
    .chain((n) => fc.record({ weights: weights(n), dists: fc.array(dist, { minLength: n, maxLength: n }) }))
    .map((r): Expr => ({ kind: 'jsd', ...r })),
  fc
    .record({ name: fc.constantFrom('smoothness' as const, 'uniformPrior' as const), enc: anyEncoder })
    .map((r): Expr => ({ kind: 'regulariser', ...r })),
  // I(Z;W), H(Z,W), H(Z|W) of two encoders of X read on the same sample
  fc
    .tuple(anyEncoder, anyEncoder, fc.constantFrom('info', 'joint', 'conditional'))
    .filter(([a, b]) => a.model !== b.model)
    .map(
      ([a, b, k]): Expr =>
        k === 'info' ? { kind: 'pairedInfo', a, b } : { kind: 'pairedEntropy', a, b, conditional: k === 'conditional' },
    ),
  // I(Z;D) of an encoder's output and the paired data variable D
  anyEncoder.map((enc): Expr => ({ kind: 'dataInfo', enc, v: 'D' })),
  dist.map((d): Expr => ({ kind: 'logDensity', dist: d })),
  dist.map((d): Expr => ({ kind: 'score', dist: d })),
  number.map((value): Expr => ({ kind: 'const', value })),
  fc.constantFrom('α', 'β', 'γ', 'lambda', 'beta_2').map((name): Expr => ({ kind: 'hyper', name })),
);

/** Random expression trees of bounded depth. */
export const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('e').map((body): Expr => ({ kind: 'expect', v: 'X', body })),
    tie('e').map((body): Expr => ({ kind: 'sumStates', body })),
    tie('e').map((arg): Expr => ({ kind: 'log', arg })),
    tie('e').map((arg): Expr => ({ kind: 'neg', arg })),
    tie('e').map((arg): Expr => ({ kind: 'stopGradient', arg })),
    fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((terms): Expr => ({ kind: 'add', terms })),
    fc.tuple(tie('e'), tie('e')).map(([left, right]): Expr => ({ kind: 'mul', left, right })),
    fc.tuple(tie('e'), tie('e')).map(([left, right]): Expr => ({ kind: 'div', left, right })),
  ),
})).e;

export const objective: fc.Arbitrary<Objective> = fc.record({
  sense: fc.constantFrom('max' as const, 'min' as const),
  body: expr,
});
