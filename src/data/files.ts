/** A user's own data: CSV and NumPy .npy files, with errors that say where the file is wrong. */
import { DataError, type Dataset } from './types.ts';
import { checkArgs, Name, Obj, optional } from '../api/arguments.ts';
import { readBounded, TooLarge } from './readBounded.ts';

/** The most bytes a data file may hold (counted as read: a device or a pipe without an end is refused). */
export const MAX_DATA_BYTES = 512 * 2 ** 20;

/** A NUL byte: the file is binary, not text (refused in the first chunk read, so `/dev/zero` ends at once). */
const refuseBinary = (path: string, field: string) => (chunk: Buffer) => {
  if (chunk.includes(0)) throw new DataError(field, `${path} is not a CSV text file (it holds NUL bytes)`);
};

const NPY_MAGIC = '\x93NUMPY';

/** A .npy starts with its magic string: anything else is refused in the first chunk read. */
const refuseNonNpy = (path: string, field: string) => {
  let first = true;
  return (chunk: Buffer) => {
    if (first && chunk.subarray(0, NPY_MAGIC.length).toString('latin1') !== NPY_MAGIC.slice(0, chunk.length))
      throw new DataError(field, `${path} is not a .npy file`);
    first = false;
  };
};

function read(path: string, field: string, look?: (chunk: Buffer) => void): Buffer {
  try {
    return readBounded(path, MAX_DATA_BYTES, look);
  } catch (e) {
    if (e instanceof DataError) throw e;
    if (e instanceof TooLarge)
      throw new DataError(
        field,
        `${path} holds more than ${MAX_DATA_BYTES / 2 ** 20} MB, the most a data file may hold`,
      );
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(
      field,
      `cannot read ${path} (${code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message)})`,
    );
  }
}

/** The first NaN or infinite value of a row-major table, as a DataError naming its 1-based row and column. */
function checkFinite(x: Float32Array, dim: number, where: string): void {
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new DataError(
      'data',
      `${Number.isNaN(x[bad]) ? 'NaN' : 'an infinite value'} at row ${Math.floor(bad / dim) + 1}, column ${(bad % dim) + 1} of ${where}`,
    );
}

/** Class labels must be integers: the first that is not, as a DataError. */
function checkLabels(labels: ArrayLike<number>, field: string, where: string): Int32Array {
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]))
      throw new DataError(field, `label ${labels[i]} at row ${i + 1} of ${where} is not an integer`);
  }
  return Int32Array.from(labels);
}

/** A decimal number as CSV writers write it (not `0x10`, `0b1` or `1_000`, which Number() would read too). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: decimal numbers, plus nan / inf / -inf as NumPy writes them (which the finiteness check then rejects). */
function parseCell(cell: string): number {
  if (/^[+-]?inf(inity)?$/i.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(cell)) return NaN;
  return DECIMAL.test(cell) ? Number(cell) : NaN;
}

/** A cell without the spaces around it and its quotes (`"1.5"` is the number 1.5). */
const unquote = (c: string) => c.trim().replace(/^"(.*)"$/, '$1');

/** Text of a file for a message: at most 40 characters, control characters escaped (`\u001b`, `\u0000`). */
export const escaped = (text: string): string => {
  const shown = JSON.stringify(text.slice(0, 40)).slice(1, -1);
  return text.length > 40 ? `${shown}… (${text.length} characters)` : shown;
};

/** A cell or name of a file, quoted and `escaped`, for a message. */
export const excerpt = (text: string): string => `'${escaped(text)}'`;

/** A CSV of numbers (header detected unless `header` is given; optional label column by name or 0-based index). */
export function loadCsv(path: string, o: { labelColumn?: string | number; header?: boolean } = {}): Dataset {
  checkArgs('loadCsv', { path: [Name, path], options: [optional(Obj('options { labelColumn?, header? }')), o] });
  const lines = read(path, 'data.path', refuseBinary(path, 'data.path')).toString('utf8').split(/\r?\n/);
  const rowsAt = lines.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  if (rowsAt.length === 0) throw new DataError('data.path', `${path} is empty`);
  const first = lines[rowsAt[0]].split(',').map(unquote);
  const header = o.header ?? first.some((c) => c !== '' && Number.isNaN(parseCell(c)) && !/^[+-]?nan$/i.test(c));
  const names = header ? first : first.map((_, i) => String(i));
  const labelAt =
    o.labelColumn === undefined ? -1 : typeof o.labelColumn === 'number' ? o.labelColumn : names.indexOf(o.labelColumn);
  if (o.labelColumn !== undefined && !(Number.isInteger(labelAt) && labelAt >= 0 && labelAt < names.length)) {
    const shown = `${names.slice(0, 10).map(escaped).join(', ')}${names.length > 10 ? `, … (${names.length} in all)` : ''}`;
    throw new DataError(
      'data.labelColumn',
      `no column ${escaped(String(o.labelColumn))} in ${path} (columns: ${shown})`,
    );
  }
  const rows = rowsAt.slice(header ? 1 : 0);
  if (rows.length === 0) throw new DataError('data.path', `${path} has a header but no data rows`);
  const dim = names.length - (labelAt >= 0 ? 1 : 0);
  if (dim === 0) throw new DataError('data.labelColumn', `${path} has no feature columns besides the label column`);
  const x = new Float32Array(rows.length * dim);
  const labels = labelAt >= 0 ? new Float64Array(rows.length) : undefined;
  rows.forEach((at, r) => {
    const cells = lines[at].split(',').map(unquote);
    const where = `${path}:${at + 1}`;
    if (cells.length !== names.length)
      throw new DataError(
        'data',
        `${where}: expected ${names.length} fields like the first ${header ? 'header' : 'row'}, got ${cells.length}`,
      );
    let j = 0;
    cells.forEach((cell, c) => {
      const v = parseCell(cell);
      if (Number.isNaN(v) && !/^[+-]?nan$/i.test(cell))
        throw new DataError(
          'data',
          `${where}:${c + 1}: ${excerpt(cell)} is not a number (line ${at + 1}, column ${c + 1})`,
        );
      if (c === labelAt) labels![r] = v;
      else if (Number.isFinite(Math.fround(v))) x[r * dim + j++] = v;
      else if (Number.isFinite(v))
        throw new DataError(
          'data',
          `${excerpt(cell)} at row ${r + 1}, column ${c + 1} of ${path} (line ${at + 1}) is beyond float32's range (±3.4e38)`,
        );
      else
        throw new DataError(
          'data',
          `${Number.isNaN(v) ? 'NaN' : 'an infinite value'} at row ${r + 1}, column ${c + 1} of ${path} (line ${at + 1})`,
        );
    });
  });
  return { name: path, x, n: rows.length, dim, labels: labels && checkLabels(labels, 'data.labelColumn', path) };
}

/** Readers of the supported little-endian dtypes: bytes per value and how to read one at a byte offset. */
const DTYPES: Record<string, [number, (b: Buffer, o: number) => number]> = {
  '<f4': [4, (b, o) => b.readFloatLE(o)],
  '<f8': [8, (b, o) => b.readDoubleLE(o)],
  '|i1': [1, (b, o) => b.readInt8(o)],
  '|u1': [1, (b, o) => b.readUInt8(o)],
  '<i2': [2, (b, o) => b.readInt16LE(o)],
  '<u2': [2, (b, o) => b.readUInt16LE(o)],
  '<i4': [4, (b, o) => b.readInt32LE(o)],
  '<u4': [4, (b, o) => b.readUInt32LE(o)],
  '<i8': [8, (b, o) => Number(b.readBigInt64LE(o))],
};

/** One `'key': value` of a .npy header: a quoted string, True/False, or a tuple of integers. */
const HEADER_ENTRY = /\s*'(\w+)'\s*:\s*('[^']*'|True|False|\((?:\s*\d+\s*,)*(?:\s*\d+\s*)?\))\s*(,|(?=\}))/y;

/**
 * The .npy header, a Python dict literal, read strictly: exactly the keys descr (a quoted dtype), fortran_order (True or
 * False) and shape (a tuple of non-negative integers), each once; anything else is an error naming the file.
 */
function parseNpyHeader(
  header: string,
  path: string,
  field: string,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const bad = (why: string) => new DataError(field, `${path}: the .npy header ${why}`);
  const text = header.trimEnd();
  if (!text.startsWith('{') || !text.endsWith('}')) throw bad('is not a dict');
  const entries = new Map<string, string>();
  let at = 1;
  for (;;) {
    const rest = /\s*\}$/y;
    rest.lastIndex = at;
    if (rest.test(text)) break;
    HEADER_ENTRY.lastIndex = at;
    const m = HEADER_ENTRY.exec(text);
    if (!m) throw bad(`cannot be read at character ${at + 1} (${excerpt(text.slice(at, at + 20))})`);
    if (entries.has(m[1])) throw bad(`gives '${m[1]}' twice`);
    entries.set(m[1], m[2]);
    at = HEADER_ENTRY.lastIndex;
  }
  const unknown = [...entries.keys()].find((k) => !['descr', 'fortran_order', 'shape'].includes(k));
  if (unknown) throw bad(`has an unknown key ${excerpt(unknown)}`);
  const [descr, order, shape] = ['descr', 'fortran_order', 'shape'].map((k) => entries.get(k));
  if (descr === undefined || order === undefined || shape === undefined)
    throw bad('needs descr, fortran_order and shape');
  if (!descr.startsWith("'")) throw bad(`gives descr ${excerpt(descr)}, not a quoted dtype`);
  if (order !== 'True' && order !== 'False') throw bad(`gives fortran_order ${excerpt(order)}, not True or False`);
  if (!shape.startsWith('(')) throw bad(`gives shape ${excerpt(shape)}, not a tuple of non-negative integers`);
  const dims = shape
    .slice(1, -1)
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  if (!dims.every(Number.isSafeInteger)) throw bad(`gives a shape beyond 2^53 − 1: ${excerpt(shape)}`);
  return { descr: descr.slice(1, -1), fortranOrder: order === 'True', shape: dims };
}

/** Parse a .npy (format v1, v2 or v3, C order) into its numbers (float64) and shape. */
function parseNpy(buf: Buffer, path: string, field: string): { data: Float64Array; shape: number[] } {
  if (buf.length < 10 || buf.subarray(0, 6).toString('latin1') !== NPY_MAGIC)
    throw new DataError(field, `${path} is not a .npy file`);
  const major = buf[6];
  if (major < 1 || major > 3)
    throw new DataError(field, `${path}: .npy format version ${major} is not supported (1, 2 or 3)`);
  const start = major === 1 ? 10 : 12;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  if (start + headerLen > buf.length) throw new DataError(field, `${path} is truncated in its header`);
  const header = buf.subarray(start, start + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const { descr, fortranOrder, shape } = parseNpyHeader(header, path, field);
  if (fortranOrder)
    throw new DataError(field, `${path}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const dtype = descr.replace(/^=/, '<');
  if (!Object.hasOwn(DTYPES, dtype))
    throw new DataError(
      field,
      `${path}: dtype ${escaped(descr)} is not supported (little-endian float32/64, int8/16/32/64, uint8/16/32)`,
    );
  const [size, readAt] = DTYPES[dtype];
  const body = buf.subarray(start + headerLen);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * size))
    throw new DataError(field, `${path}: shape (${shape.join(', ')}) holds more values than a file can`);
  if (body.length < count * size)
    throw new DataError(
      field,
      `${path} is truncated: shape (${shape.join(', ')}) needs ${count * size} bytes of data, found ${body.length}`,
    );
  return { data: Float64Array.from({ length: count }, (_, i) => readAt(body, i * size)), shape };
}

/** A .npy of samples as a table: a 2-D array (samples × features), or a 1-D one as a single column. */
export function loadNpyTable(path: string, field: string): Dataset {
  checkArgs('loadNpyTable', { path: [Name, path], field: [Name, field] });
  const { data, shape } = parseNpy(read(path, field, refuseNonNpy(path, field)), path, field);
  if (shape.length !== 1 && shape.length !== 2)
    throw new DataError(
      field,
      `${path}: expected a 1-D or 2-D array (samples × features), got shape (${shape.join(', ')})`,
    );
  const [n, dim] = [shape[0], shape[1] ?? 1];
  const x = Float32Array.from(data);
  checkFinite(x, dim, path);
  return { name: path, x, n, dim };
}

/** A 2-D .npy of samples (float or integer dtype), with optional integer labels from a second .npy of shape (n,) or (n, 1). */
export function loadNpy(path: string, labelsPath?: string): Dataset {
  checkArgs('loadNpy', { path: [Name, path], labelsPath: [optional(Name), labelsPath] });
  const { data, shape } = parseNpy(read(path, 'data.path', refuseNonNpy(path, 'data.path')), path, 'data.path');
  if (shape.length !== 2)
    throw new DataError(
      'data.path',
      `${path}: expected a 2-D array (samples × features), got shape (${shape.join(', ')})`,
    );
  const [n, dim] = shape;
  const x = Float32Array.from(data);
  checkFinite(x, dim, path);
  let labels: Int32Array | undefined;
  if (labelsPath) {
    const l = parseNpy(
      read(labelsPath, 'data.labels', refuseNonNpy(labelsPath, 'data.labels')),
      labelsPath,
      'data.labels',
    );
    if (l.shape[0] !== n || l.shape.length > 2 || (l.shape.length === 2 && l.shape[1] !== 1)) {
      throw new DataError(
        'data.labels',
        `${labelsPath}: expected ${n} labels, shape (${n},), got shape (${l.shape.join(', ')})`,
      );
    }
    labels = checkLabels(l.data, 'data.labels', labelsPath);
  }
  return { name: path, x, n, dim, labels };
}
