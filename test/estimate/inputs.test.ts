/** What `estimateMI` refuses before any work, and the `auto` rule. */
import { describe, expect, it } from 'vitest';
import {
  autoEstimator,
  CRITIC_MIN_SAMPLES,
  GAUSSIAN_MAX_KURTOSIS_Z,
  KSG_MAX_DIM,
  estimateMI,
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
        /^auto runs gcmi, ksg: ksg needs at least 30 samples, got 20 \(k \+ 1 = 6/,
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
  // kurtosisZ 40: a sample Mardia's test finds far from Gaussian
  const nonGaussian = { n: 10_000, batch: 256, kurtosisZ: 40 };

  it('a non-Gaussian sample: the largest of GCMI, KSG in low dimension and InfoNCE given enough samples, and says why', () => {
    const low = autoEstimator({ ...nonGaussian, dims: 2 });
    expect(low.estimators).toEqual(['gcmi', 'ksg', 'infonce']);
    expect(low.reason).toMatch(/^the sample is not taken as Gaussian \(Mardia's kurtosis is 40\.0 standard errors/);
    expect(low.reason).toMatch(/KSG as dim\(X\)\+dim\(Y\) = 2 ≤ 6, InfoNCE as n = 10000 ≥ 1000 .*log 256 = 5\.55 nats/);
    expect(autoEstimator({ ...nonGaussian, dims: KSG_MAX_DIM }).estimators).toEqual(['gcmi', 'ksg', 'infonce']);
    const high = autoEstimator({ ...nonGaussian, dims: KSG_MAX_DIM + 1 });
    expect(high.estimators).toEqual(['gcmi', 'infonce']);
    expect(high.reason).toMatch(/not KSG as dim\(X\)\+dim\(Y\) = 7 > 6/);
    const few = autoEstimator({ ...nonGaussian, dims: 30, n: CRITIC_MIN_SAMPLES - 1 });
    expect(few.estimators).toEqual(['gcmi', 'ksg']);
    expect(few.reason).toMatch(
      /n = 999 < 1000 is too few to test for a Gaussian.*KSG as n = 999 < 1000 is too few to train a critic, not InfoNCE/,
    );
    expect(prepareEstimate(g.x, g.y).estimators).toEqual(['gcmi', 'ksg']);
  });

  it('CCA for a sample that passes Mardia’s kurtosis test, at any dimension, given enough samples to test', () => {
    const gaussian = autoEstimator({ dims: 50, n: 10_000, batch: 256, kurtosisZ: GAUSSIAN_MAX_KURTOSIS_Z - 0.1 });
    expect(gaussian.estimators).toEqual(['cca']);
    expect(gaussian.reason).toMatch(/Mardia's kurtosis is 2\.9 standard errors/);
    expect(autoEstimator({ dims: 2, n: 10_000, batch: 256, kurtosisZ: -1 }).estimators).toEqual(['cca']);
    expect(autoEstimator({ dims: 2, n: CRITIC_MIN_SAMPLES - 1, batch: 256, kurtosisZ: 0 }).estimators).not.toContain(
      'cca',
    );
    expect(
      autoEstimator({ dims: 2, n: 10_000, batch: 256, kurtosisZ: GAUSSIAN_MAX_KURTOSIS_Z + 0.1 }).estimators,
    ).not.toContain('cca');
    const big = gaussianPairs(5000, 2, 0.5, 3);
    expect(prepareEstimate(big.x, big.y).estimators).toEqual(['cca']);
  });

  it('CCA joins the candidates when the tails are lighter than a Gaussian’s, and never when they are heavier', () => {
    const light = autoEstimator({ dims: 10, n: 10_000, batch: 256, kurtosisZ: -GAUSSIAN_MAX_KURTOSIS_Z - 0.1 });
    expect(light.estimators).toEqual(['gcmi', 'infonce', 'cca']);
    expect(light.reason).toMatch(/, CCA as the tails are lighter than a Gaussian’s, as none of them/);
    expect(autoEstimator({ dims: 10, n: 999, batch: 256, kurtosisZ: -40 }).estimators).toEqual(['gcmi', 'ksg']);
    expect(autoEstimator({ ...nonGaussian, dims: 2 }).estimators).not.toContain('cca');
    // uniform X plus uniform noise: Mardia's z is far below −3
    const u = uniformNoise(5000, 0.1, 3);
    expect(prepareEstimate(u.x, u.y).estimators).toEqual(['gcmi', 'ksg', 'infonce', 'cca']);
  });

  it('reports the largest candidate, with every candidate’s estimate', async () => {
    // few samples: no critic is trained, so GCMI and KSG run; both must be finite and the larger reported
    const u = uniformNoise(600, 0.1, 5);
    const e = await estimateMI(u.x, u.y);
    expect(e.candidates!.map((c) => c.estimator)).toEqual(['gcmi', 'ksg']);
    const largest = Math.max(...e.candidates!.map((c) => c.estimate));
    expect(e.estimate).toBe(largest);
    expect(e.estimator).toBe(e.candidates!.find((c) => c.estimate === largest)!.estimator);
    expect(e.reason).toMatch(
      new RegExp(`read gcmi -?\\d\\.\\d{4}, ksg -?\\d\\.\\d{4}: ${e.estimator} is the largest$`),
    );
  });
});
