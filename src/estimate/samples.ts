/**
 * Paired samples of X and Y as the estimators read them (rows are samples), their checks — one message naming the
 * problem, raised before any work — standardisation, and column groups (`0-1,4`) of a table.
 */
import { standardise } from '../data/transforms.ts';
import type { Points } from './knn.ts';
import { checkArgs, PositiveInt, Str } from '../api/arguments.ts';

/** Samples of one variable: rows of numbers, or a row-major table. */
export type SampleInput =
  | readonly (readonly number[])[]
  | { readonly values: ArrayLike<number>; readonly n: number; readonly dim: number };

/** Bad samples or options of an estimate: the message is the whole story (`estimate: …`). */
export class EstimateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EstimateError';
  }
}

/** A table of samples as float64 rows, checked: rectangular, finite, at least one row and column. */
export function toPoints(input: SampleInput, name: string): Points {
  if (Array.isArray(input)) {
    const rows = input as readonly (readonly number[])[];
    if (rows.length === 0) throw new EstimateError(`${name} has no samples`);
    const dim = rows[0].length;
    const ragged = rows.findIndex((r) => r.length !== dim);
    if (ragged >= 0)
      throw new EstimateError(
        `${name} is ragged: row ${ragged + 1} has ${rows[ragged].length} values, row 1 has ${dim}`,
      );
    return checked({ values: Float64Array.from(rows.flat()), n: rows.length, dim }, name);
  }
  const t = input as Exclude<SampleInput, readonly (readonly number[])[]>;
  if (t.values.length !== t.n * t.dim)
    throw new EstimateError(`${name}: expected ${t.n} × ${t.dim} = ${t.n * t.dim} values, got ${t.values.length}`);
  return checked({ values: Float64Array.from(t.values), n: t.n, dim: t.dim }, name);
}

function checked(p: Points, name: string): Points {
  if (p.n === 0) throw new EstimateError(`${name} has no samples`);
  if (p.dim === 0) throw new EstimateError(`${name} has no columns`);
  const bad = p.values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new EstimateError(
      `${name}: ${Number.isNaN(p.values[bad]) ? 'NaN' : 'an infinite value'} at row ${Math.floor(bad / p.dim) + 1}, column ${(bad % p.dim) + 1}`,
    );
  return p;
}

/** X and Y must pair row by row. */
export function checkPaired(x: Points, y: Points): void {
  if (x.n !== y.n)
    throw new EstimateError(
      `X has ${x.n} samples and Y has ${y.n}: the rows must pair up (sample i of X with sample i of Y)`,
    );
}

/** Every column to zero mean and unit variance (a constant column to zeros), as the benchmark protocol does. */
export function standardised(p: Points): Points {
  const values = Float64Array.from(p.values);
  standardise(values, p.n, p.dim);
  return { values, n: p.n, dim: p.dim };
}

/** The rows `idx` of p. */
export function rows(p: Points, idx: ArrayLike<number>): Points {
  const v = new Float64Array(idx.length * p.dim);
  for (let r = 0; r < idx.length; r++) v.set(p.values.subarray(idx[r] * p.dim, (idx[r] + 1) * p.dim), r * p.dim);
  return { values: v, n: idx.length, dim: p.dim };
}

/**
 * A column group: 0-based indices and inclusive ranges separated by commas, `0`, `0-2`, `0,3-4`; each column once.
 * `width` is the table's number of columns.
 */
export function parseColumns(text: string, width: number, flag: string): number[] {
  checkArgs('parseColumns', { text: [Str, text], width: [PositiveInt, width], flag: [Str, flag] });
  const cols: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m)
      throw new EstimateError(`${flag}: '${part}' is not a column index or range (write 0-based indices like 0,2-3)`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a) throw new EstimateError(`${flag}: the range ${part} runs backwards`);
    for (let c = a; c <= b; c++) {
      if (c >= width)
        throw new EstimateError(
          `${flag}: column ${c} does not exist (the table has ${width}, numbered 0-${width - 1})`,
        );
      if (cols.includes(c)) throw new EstimateError(`${flag}: column ${c} is listed twice`);
      cols.push(c);
    }
  }
  return cols;
}

/** The columns `cols` of p. */
export function columns(p: Points, cols: readonly number[]): Points {
  const v = new Float64Array(p.n * cols.length);
  for (let i = 0; i < p.n; i++) cols.forEach((c, j) => (v[i * cols.length + j] = p.values[i * p.dim + c]));
  return { values: v, n: p.n, dim: cols.length };
}
