/**
 * Samples from files for `infobj estimate` (Node only: src/core.ts does not export it): a .npy (2-D, or 1-D as one
 * column) or a CSV of numbers (header detected), optionally a group of its columns (`0-1,4`).
 */
import { loadCsv, loadNpyTable } from '../data/files.ts';
import { DataError, type Dataset } from '../data/types.ts';
import type { Points } from './knn.ts';
import { columns, EstimateError, parseColumns } from './samples.ts';
import { checkArgs, Name, optional, Str } from '../api/arguments.ts';

/** The table of `path` as float64 points; file errors as one line naming the flag. */
function table(path: string, flag: string): Points {
  let ds: Dataset;
  try {
    ds = path.toLowerCase().endsWith('.npy') ? loadNpyTable(path, flag) : loadCsv(path);
  } catch (e) {
    if (e instanceof DataError) throw new EstimateError(`${flag}: ${e.message.slice(e.path.length + 2)}`);
    throw e;
  }
  return { values: Float64Array.from(ds.x), n: ds.n, dim: ds.dim };
}

/** The samples of one variable: the table of `path`, or the columns `cols` of it. */
export function readSamples(path: string, cols: string | undefined, flag: string, colsFlag: string): Points {
  checkArgs('readSamples', {
    path: [Name, path],
    cols: [optional(Str), cols],
    flag: [Str, flag],
    colsFlag: [Str, colsFlag],
  });
  const t = table(path, flag);
  return cols === undefined ? t : columns(t, parseColumns(cols, t.dim, colsFlag));
}
