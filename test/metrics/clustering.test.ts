import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/data/index.ts';
import { adjustedRandIndex, normalizedMutualInfo } from '../../src/metrics/index.ts';

const L = (...v: number[]) => Int32Array.from(v);

/** ARI from pair counting over all pairs (scikit-learn's pair_confusion_matrix form), independent of the contingency sums. */
function pairCountingARI(a: Int32Array, b: Int32Array): number {
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      const [sameA, sameB] = [a[i] === a[j], b[i] === b[j]];
      if (sameA && sameB) tp++;
      else if (!sameA && sameB) fp++;
      else if (sameA && !sameB) fn++;
      else tn++;
    }
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

/** MI as H(a) + H(b) − H(a, b), normalised by the arithmetic mean of the entropies. */
function entropyNMI(a: Int32Array, b: Int32Array): number {
  const H = (keys: string[]) => {
    const counts = new Map<string, number>();
    keys.forEach((k) => counts.set(k, (counts.get(k) ?? 0) + 1));
    return -[...counts.values()].reduce((s, c) => s + (c / keys.length) * Math.log(c / keys.length), 0);
  };
  const [ha, hb] = [H(Array.from(a, String)), H(Array.from(b, String))];
  if (ha === 0 && hb === 0) return 1;
  return (ha + hb - H(Array.from(a, (v, i) => `${v},${b[i]}`))) / ((ha + hb) / 2);
}

describe('adjusted Rand index', () => {
  it('matches scikit-learn on known cases', () => {
    expect(adjustedRandIndex(L(0, 0, 1, 1), L(0, 0, 1, 2))).toBeCloseTo(0.5714285714285715, 14);
    expect(adjustedRandIndex(L(0, 0, 1, 2), L(0, 0, 1, 1))).toBeCloseTo(0.5714285714285715, 14);
    expect(adjustedRandIndex(L(0, 0, 1, 1), L(1, 1, 0, 0))).toBe(1);
    expect(adjustedRandIndex(L(0, 0, 1, 1), L(0, 1, 0, 1))).toBeCloseTo(-0.5, 14);
    expect(adjustedRandIndex(L(0, 0, 0, 0), L(0, 1, 2, 3))).toBeCloseTo(0, 14);
    // (2 − 6·3/15) / (4.5 − 1.2)
    expect(adjustedRandIndex(L(0, 0, 0, 1, 1, 1), L(0, 0, 1, 1, 2, 2))).toBeCloseTo(0.8 / 3.3, 14);
    expect(adjustedRandIndex(L(0, 1, 2), L(5, 6, 7))).toBe(1); // all singletons on both sides
    expect(adjustedRandIndex(L(3), L(4))).toBe(1);
  });

  it('equals the pair-counting definition on random labelings', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([a, b]) => {
          expect(adjustedRandIndex(Int32Array.from(a), Int32Array.from(b))).toBeCloseTo(
            pairCountingARI(Int32Array.from(a), Int32Array.from(b)),
            10,
          );
        },
      ),
      { numRuns: 200, seed: 1 },
    );
  });

  it('is ≈ 0 for independent labelings and rejects different lengths', () => {
    const rng = makeRng(0);
    const a = Int32Array.from({ length: 5000 }, () => rng.int(3));
    const b = Int32Array.from({ length: 5000 }, () => rng.int(4));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.005);
    expect(() => adjustedRandIndex(L(0, 1), L(0))).toThrow(/labelings differ in length: 2 vs 1/);
  });
});

describe('normalised mutual information (arithmetic mean, scikit-learn default)', () => {
  it('known values: 1 for a relabelling, hand-computed otherwise, 0 against a constant', () => {
    expect(normalizedMutualInfo(L(0, 0, 1, 1, 2, 2), L(5, 5, 3, 3, 4, 4))).toBeCloseTo(1, 14);
    expect(normalizedMutualInfo(L(0, 0, 1, 1), L(0, 0, 1, 2))).toBeCloseTo(0.8, 14); // ln2 / ((ln2 + 1.5 ln2) / 2)
    expect(normalizedMutualInfo(L(0, 0, 0, 1, 1, 1), L(0, 0, 1, 1, 2, 2))).toBeCloseTo(
      ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2),
      14,
    );
    expect(normalizedMutualInfo(L(0, 0, 0, 0), L(0, 1, 2, 3))).toBe(0);
    expect(normalizedMutualInfo(L(1, 1, 1), L(2, 2, 2))).toBe(1);
  });

  it('equals (H(a) + H(b) − H(a,b)) / mean entropy on random labelings, symmetric, in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([a, b]) => {
          const [x, y] = [Int32Array.from(a), Int32Array.from(b)];
          const nmi = normalizedMutualInfo(x, y);
          expect(nmi).toBeCloseTo(Math.max(0, entropyNMI(x, y)), 10);
          expect(normalizedMutualInfo(y, x)).toBeCloseTo(nmi, 12);
          expect(nmi).toBeGreaterThanOrEqual(0);
          expect(nmi).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
      { numRuns: 200, seed: 2 },
    );
  });

  it('is ≈ 0 for independent labelings', () => {
    const a = Int32Array.from({ length: 4000 }, (_, i) => i % 2);
    const b = Int32Array.from({ length: 4000 }, (_, i) => Math.floor(i / 2) % 2);
    expect(normalizedMutualInfo(a, b)).toBeLessThan(1e-12); // exactly independent
    const rng = makeRng(1);
    const c = Int32Array.from({ length: 20000 }, () => rng.int(10));
    const d = Int32Array.from({ length: 20000 }, () => rng.int(10));
    expect(normalizedMutualInfo(c, d)).toBeLessThan(0.005); // plug-in bias ≈ 81 / (2n ln 10) ≈ 0.001
  });
});
