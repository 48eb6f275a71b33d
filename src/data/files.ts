/** A user's own data: CSV and NumPy .npy files, with errors that say where the file is wrong. */
import { readFileSync } from 'node:fs';
import { DataError, type Dataset } from './types.ts';

function read(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError(field, `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function checkFinite(x: Float32Array, dim: number, where: string): void {
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new DataError('data', `${Number.isNaN(x[bad]) ? 'NaN' : 'an infinite value'} at row ${Math.floor(bad / dim) + 1}, column ${(bad % dim) + 1} of ${where}`);
}

/** A CSV of numbers (optional header, optional label column by name or index). */
export function loadCsv(path: string, o: { labelColumn?: string | number; header?: boolean } = {}): Dataset {
  const lines = read(path, 'data.path').toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new DataError('data.path', `${path} is empty`);
  const first = lines[0].split(',').map((c) => c.trim());
  const header = o.header ?? first.some((c) => c !== '' && Number.isNaN(Number(c)) && !/^nan$/i.test(c));
  const names = header ? first : first.map((_, i) => String(i));
  const labelAt = o.labelColumn === undefined ? -1 : typeof o.labelColumn === 'number' ? o.labelColumn : names.indexOf(o.labelColumn);
  if (o.labelColumn !== undefined && (labelAt < 0 || labelAt >= names.length)) throw new DataError('data.labelColumn', `no column ${o.labelColumn} in ${path} (columns: ${names.join(', ')})`);
  const rows = lines.slice(header ? 1 : 0);
  const dim = names.length - (labelAt >= 0 ? 1 : 0);
  const x = new Float32Array(rows.length * dim);
  const labels = labelAt >= 0 ? new Int32Array(rows.length) : undefined;
  rows.forEach((line, r) => {
    const cells = line.split(',');
    const lineNo = r + (header ? 2 : 1);
    if (cells.length !== names.length) throw new DataError('data', `${path}:${lineNo}: expected ${names.length} fields, got ${cells.length}`);
    let j = 0;
    cells.forEach((cell, c) => {
      const v = Number(cell.trim());
      if (cell.trim() === '' || (Number.isNaN(v) && !/^nan$/i.test(cell.trim()))) throw new DataError('data', `${path}:${lineNo}:${c + 1}: '${cell.trim()}' is not a number`);
      if (c === labelAt) labels![r] = v;
      else x[r * dim + j++] = v;
    });
  });
  checkFinite(x, dim, path);
  return { name: path, x, n: rows.length, dim, labels };
}

/** Parse a .npy (v1–v3, C order) into its numbers and shape. */
function parseNpy(buf: Buffer, path: string): { data: Float32Array; shape: number[] } {
  if (buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new DataError('data.path', `${path} is not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').filter((s) => s.trim()).map(Number);
  if (fortran) throw new DataError('data.path', `${path}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const body = buf.subarray(start + headerLen);
  const count = shape.reduce((a, b) => a * b, 1);
  const readers: Record<string, [number, (o: number) => number]> = {
    '<f4': [4, (o) => body.readFloatLE(o)], '<f8': [8, (o) => body.readDoubleLE(o)],
    '<i4': [4, (o) => body.readInt32LE(o)], '<i8': [8, (o) => Number(body.readBigInt64LE(o))],
    '|u1': [1, (o) => body.readUInt8(o)], '<u1': [1, (o) => body.readUInt8(o)],
  };
  const reader = descr && readers[descr];
  if (!reader) throw new DataError('data.path', `${path}: dtype ${descr} is not supported (use float32, float64, int32, int64 or uint8)`);
  if (body.length < count * reader[0]) throw new DataError('data.path', `${path} is truncated`);
  return { data: Float32Array.from({ length: count }, (_, i) => reader[1](i * reader[0])), shape };
}

/** A 2-D .npy of samples, with optional labels from a 1-D .npy. */
export function loadNpy(path: string, labelsPath?: string): Dataset {
  const { data, shape } = parseNpy(read(path, 'data.path'), path);
  if (shape.length !== 2) throw new DataError('data.path', `${path}: expected a 2-D array (samples × features), got shape (${shape.join(', ')})`);
  const [n, dim] = shape;
  checkFinite(data, dim, path);
  let labels: Int32Array | undefined;
  if (labelsPath) {
    const l = parseNpy(read(labelsPath, 'data.labels'), labelsPath);
    if (l.shape.length !== 1 || l.shape[0] !== n) throw new DataError('data.labels', `${labelsPath}: expected ${n} labels, got shape (${l.shape.join(', ')})`);
    labels = Int32Array.from(l.data);
  }
  return { name: path, x: data, n, dim, labels };
}
