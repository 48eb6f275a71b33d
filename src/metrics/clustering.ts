/** Agreement between two labelings: adjusted Rand index and normalised mutual information (as scikit-learn defines them). */
import { checkArgs, Labels } from '../api/arguments.ts';

/** Contingency table of two labelings with the row and column sums. */
function contingency(a: Int32Array, b: Int32Array) {
  if (a.length !== b.length) throw new Error(`labelings differ in length: ${a.length} vs ${b.length}`);
  const ia = new Map<number, number>();
  const ib = new Map<number, number>();
  a.forEach((v) => ia.has(v) || ia.set(v, ia.size));
  b.forEach((v) => ib.has(v) || ib.set(v, ib.size));
  const table = Array.from({ length: ia.size }, () => new Float64Array(ib.size));
  a.forEach((v, i) => table[ia.get(v)!][ib.get(b[i])!]++);
  const rows = table.map((r) => r.reduce((s, x) => s + x, 0));
  const cols = Array.from({ length: ib.size }, (_, j) => table.reduce((s, r) => s + r[j], 0));
  return { table, rows, cols, n: a.length };
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): (Σ_ij C(n_ij,2) − E) / (½[Σ_i C(a_i,2) + Σ_j C(b_j,2)] − E) with
 * E = Σ_i C(a_i,2)·Σ_j C(b_j,2) / C(n,2); 1 for identical partitions, ≈ 0 for independent ones, negative below chance.
 */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  checkArgs('adjustedRandIndex', { a: [Labels, a], b: [Labels, b] });
  const { table, rows, cols, n } = contingency(a, b);
  if (n < 2) return 1; // no pairs to disagree on (scikit-learn returns 1 here too)
  const sumCells = table.reduce((s, r) => s + r.reduce((t, x) => t + pairs(x), 0), 0);
  const sumRows = rows.reduce((s, x) => s + pairs(x), 0);
  const sumCols = cols.reduce((s, x) => s + pairs(x), 0);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (sumCells - expected) / (max - expected);
}

/** Normalised mutual information I(a;b) / ½[H(a) + H(b)], the arithmetic-mean normalisation (scikit-learn's default). */
export function normalizedMutualInfo(a: Int32Array, b: Int32Array): number {
  checkArgs('normalizedMutualInfo', { a: [Labels, a], b: [Labels, b] });
  const { table, rows, cols, n } = contingency(a, b);
  const entropy = (counts: number[]) => -counts.reduce((s, c) => (c > 0 ? s + (c / n) * Math.log(c / n) : s), 0);
  let mi = 0;
  table.forEach((r, i) =>
    r.forEach((c, j) => {
      if (c > 0) mi += (c / n) * Math.log((c * n) / (rows[i] * cols[j]));
    }),
  );
  const ha = entropy(rows);
  const hb = entropy(cols);
  if (ha === 0 && hb === 0) return 1;
  const norm = (ha + hb) / 2;
  return norm === 0 ? 0 : Math.max(0, mi / norm);
}
