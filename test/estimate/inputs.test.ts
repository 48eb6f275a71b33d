/** What `estimateMI` refuses before any work, and the `auto` rule. */
import { describe, expect, it } from 'vitest';
import {
  autoEstimator,
  CRITIC_MIN_SAMPLES,
  GAUSSIAN_MAX_KURTOSIS_Z,
  KSG_MAX_DIM,
  parseColumns,
  prepareEstimate,
} from '../../src/estimate/index.ts';
import { gaussianPairs, uniformNoise } from './fixtures.ts';

const g = gaussianPairs(100, 1, 0.5, 1);

describe('estimateMI inputs', () => {
  it('one clear message for each bad input', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => prepareEstimate(g.x, g.y.slice(1)), /^X has 100 samples and Y has 99: the rows must pair up/],
      [() => prepareEstimate([[1], [2, 3]], [[1], [2]]), /^X is ragged: row 2 has 2 values, row 1 has 1$/],
      [() => prepareEstimate(g.x, [...g.y.slice(0, 5), [Number.NaN], ...g.y.slice(6)]), /^Y: NaN at row 6, column 1$/],
      [
        () => prepareEstimate(g.x.slice(0, 20), g.y.slice(0, 20)),
        /^ksg needs at least 30 samples, got 20 \(k \+ 1 = 6/,
      ],
      [
        () => prepareEstimate(g.x.slice(0, 10), g.y.slice(0, 10), { estimator: 'infonce' }),
        /^infonce needs at least 16/,
      ],
      [
        () => prepareEstimate(g.x, g.y, { estimator: 'smil' }),
        /^unknown estimator 'smil' \(did you mean smile\?\); known: auto, ksg/,
      ],
      [() => prepareEstimate(g.x, g.y, { estimator: 'jsd-critic' }), /^unknown estimator 'jsd-critic'/],
      [() => prepareEstimate(g.x, g.y, { steps: 0 }), /^steps: expected an integer ≥ 1, got 0/],
      [() => prepareEstimate([], []), /^X has no samples/],
    ];
    for (const [run, message] of cases) expect(run).toThrow(message);
  });

  it('column groups: indices and inclusive ranges, 0-based', () => {
    expect(parseColumns('0-1,4', 5, '--x-cols')).toEqual([0, 1, 4]);
    expect(parseColumns('2', 3, '--y-cols')).toEqual([2]);
    expect(() => parseColumns('1-0', 3, '--x-cols')).toThrow(/--x-cols: the range 1-0 runs backwards/);
    expect(() => parseColumns('0,3', 3, '--x-cols')).toThrow(
      /column 3 does not exist \(the table has 3, numbered 0-2\)/,
    );
    expect(() => parseColumns('a', 3, '--x-cols')).toThrow(/'a' is not a column index or range/);
    expect(() => parseColumns('0,0', 3, '--x-cols')).toThrow(/column 0 is listed twice/);
  });
});

describe('auto', () => {
  // kurtosisZ 40: a sample (and normal scores) Mardia's test finds far from Gaussian
  it('KSG in low dimension or with few samples, InfoNCE otherwise, and says why', () => {
    const low = autoEstimator({ dims: 2, n: 10_000, batch: 256, kurtosisZ: 40, scoresKurtosisZ: 40 });
    expect(low.estimator).toBe('ksg');
    expect(low.reason).toMatch(/^dim\(X\)\+dim\(Y\) = 2 ≤ 3 and n = 10000 \(Czyż et al\. 2023/);
    expect(autoEstimator({ dims: KSG_MAX_DIM, n: 50, batch: 256, kurtosisZ: 40, scoresKurtosisZ: 40 }).estimator).toBe(
      'ksg',
    );
    expect(
      autoEstimator({
        dims: KSG_MAX_DIM + 1,
        n: CRITIC_MIN_SAMPLES - 1,
        batch: 256,
        kurtosisZ: 40,
        scoresKurtosisZ: 40,
      }).estimator,
    ).toBe('ksg');
    const high = autoEstimator({ dims: 30, n: CRITIC_MIN_SAMPLES, batch: 256, kurtosisZ: -40, scoresKurtosisZ: -40 });
    expect(high.estimator).toBe('infonce');
    expect(high.reason).toMatch(/log 256 = 5\.55 nats/);
    expect(prepareEstimate(g.x, g.y).estimator).toBe('ksg');
  });

  it('CCA for a sample that passes Mardia’s kurtosis test, at any dimension, given enough samples to test', () => {
    const gaussian = autoEstimator({
      dims: 50,
      n: 10_000,
      batch: 256,
      kurtosisZ: GAUSSIAN_MAX_KURTOSIS_Z - 0.1,
      scoresKurtosisZ: 0,
    });
    expect(gaussian.estimator).toBe('cca');
    expect(gaussian.reason).toMatch(/Mardia's kurtosis is 2\.9 standard errors/);
    expect(autoEstimator({ dims: 2, n: 10_000, batch: 256, kurtosisZ: -1, scoresKurtosisZ: 0 }).estimator).toBe('cca');
    expect(
      autoEstimator({ dims: 2, n: CRITIC_MIN_SAMPLES - 1, batch: 256, kurtosisZ: 0, scoresKurtosisZ: 0 }).estimator,
    ).toBe('ksg');
    expect(
      autoEstimator({ dims: 2, n: 10_000, batch: 256, kurtosisZ: GAUSSIAN_MAX_KURTOSIS_Z + 0.1, scoresKurtosisZ: 40 })
        .estimator,
    ).toBe('ksg');
    const big = gaussianPairs(5000, 2, 0.5, 3);
    expect(prepareEstimate(big.x, big.y).estimator).toBe('cca');
    const u = uniformNoise(5000, 0.1, 3);
    expect(prepareEstimate(u.x, u.y).estimator).toBe('ksg');
  });

  it('GCMI when the sample is not Gaussian but its normal scores are: an increasing transform of each column', () => {
    const copula = autoEstimator({ dims: 10, n: 10_000, batch: 256, kurtosisZ: 30, scoresKurtosisZ: -1.2 });
    expect(copula.estimator).toBe('gcmi');
    expect(copula.reason).toMatch(/its normal scores look so \(-1\.2/);
    const big = gaussianPairs(5000, 2, 0.5, 3);
    const cubed = big.x.map((r) => r.map((v) => v ** 3));
    const exp = big.y.map((r) => r.map(Math.exp));
    expect(prepareEstimate(cubed, exp).estimator).toBe('gcmi');
  });
});
