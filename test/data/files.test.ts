import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv, loadNpy, makeRng } from '../../src/data/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-data-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A .npy file as NumPy writes it: magic, version, header length, a padded dict header, then the raw C-order data. */
function npy(descr: string, shape: number[], data: Buffer, o: { version?: 1 | 2; fortran?: boolean } = {}): Buffer {
  const version = o.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  let header = `{'descr': '${descr}', 'fortran_order': ${o.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((pre + header.length) % 64)) + '\n';
  const head = Buffer.alloc(pre);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = version;
  if (version === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}
const f32 = (v: number[]) => Buffer.from(Float32Array.from(v).buffer);
const f64 = (v: number[]) => Buffer.from(Float64Array.from(v).buffer);
const i64 = (v: number[]) => Buffer.from(BigInt64Array.from(v.map(BigInt)).buffer);

describe('CSV', () => {
  it('round-trips a random table with a named label column', () => {
    const rng = makeRng(0);
    const rows = Array.from({ length: 50 }, () => [
      Math.fround(rng.normal()),
      Math.fround(1e3 * rng.normal()),
      rng.int(4),
      Math.fround(rng.uniform()),
    ]);
    const p = file('round.csv', ['a,b,class,c', ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const ds = loadCsv(p, { labelColumn: 'class' });
    expect([ds.n, ds.dim]).toEqual([50, 3]);
    expect(Array.from(ds.x)).toEqual(rows.flatMap((r) => [r[0], r[1], r[3]]));
    expect(Array.from(ds.labels!)).toEqual(rows.map((r) => r[2]));
  });

  it('detects a missing header, takes a label column by index, skips blank lines and CRLF', () => {
    const ds = loadCsv(file('plain.csv', '1,2,0\r\n\r\n3.5,-4e-1,1\r\n'), { labelColumn: 2 });
    expect([ds.n, ds.dim]).toEqual([2, 2]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3.5, Math.fround(-0.4)]);
    expect(Array.from(ds.labels!)).toEqual([0, 1]);
    expect(loadCsv(file('forced.csv', '1,2\n3,4\n'), { header: true }).n).toBe(1);
    expect(loadCsv(file('quoted.csv', '"u","y"\n1,0\n'), { labelColumn: 'y' }).dim).toBe(1);
  });

  it('says which file, line and column are wrong', () => {
    const missing = join(dir, 'missing.csv');
    expect(() => loadCsv(missing)).toThrow(new RegExp(`^data\\.path: cannot read ${esc(missing)} \\(ENOENT\\)$`));
    const ragged = file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n');
    expect(() => loadCsv(ragged)).toThrow(
      new RegExp(`^data: ${esc(ragged)}:3: expected 3 fields like the first header, got 2$`),
    );
    const word = file('word.csv', 'a,b\n1,2\n3,abc\n');
    expect(() => loadCsv(word)).toThrow(
      new RegExp(`^data: ${esc(word)}:3:2: 'abc' is not a number \\(line 3, column 2\\)$`),
    );
    const empty = file('emptycell.csv', '1,2\n3,\n');
    expect(() => loadCsv(empty)).toThrow(/:2:2: '' is not a number/);
    const nan = file('nan.csv', 'a,b,c\n1,2,3\n4,5,NaN\n');
    expect(() => loadCsv(nan)).toThrow(new RegExp(`^data: NaN at row 2, column 3 of ${esc(nan)} \\(line 3\\)$`));
    expect(() => loadCsv(file('inf.csv', '1,2\n-inf,3\n'))).toThrow(
      /^data: an infinite value at row 2, column 1 of .* \(line 2\)$/,
    );
    expect(() => loadCsv(file('infinity.csv', '1,Infinity\n'))).toThrow(/^data: an infinite value at row 1, column 2/);
    expect(() => loadCsv(nan, { labelColumn: 'y' })).toThrow(
      /^data\.labelColumn: no column y in .* \(columns: a, b, c\)$/,
    );
    expect(() => loadCsv(nan, { labelColumn: 3 })).toThrow(/^data\.labelColumn: no column 3/);
    expect(() => loadCsv(file('fraction.csv', 'x,y\n1,0\n2,0.5\n'), { labelColumn: 'y' })).toThrow(
      /^data\.labelColumn: label 0.5 at row 2 of .* is not an integer$/,
    );
    expect(() => loadCsv(file('blank.csv', '\n\n'))).toThrow(/^data\.path: .* is empty$/);
    expect(() => loadCsv(file('headonly.csv', 'a,b\n'))).toThrow(/^data\.path: .* has a header but no data rows$/);
    expect(() => loadCsv(file('onlylabel.csv', 'y\n1\n'), { labelColumn: 'y' })).toThrow(
      /^data\.labelColumn: .* no feature columns/,
    );
  });
});

describe('.npy', () => {
  it('round-trips float32, float64 and integer arrays (format v1 and v2) with labels of shape (n,) or (n, 1)', () => {
    const values = [1.5, -2, 3, 4, 5, 6];
    for (const [name, bytes, descr] of [
      ['f4', f32(values), '<f4'],
      ['f8', f64(values), '<f8'],
    ] as const) {
      for (const version of [1, 2] as const) {
        const p = file(`x-${name}-v${version}.npy`, npy(descr, [3, 2], bytes, { version }));
        const ds = loadNpy(p, file(`y-${name}-v${version}.npy`, npy('<i8', [3], i64([0, 2, 1]), { version })));
        expect([ds.n, ds.dim]).toEqual([3, 2]);
        expect(Array.from(ds.x)).toEqual(values);
        expect(Array.from(ds.labels!)).toEqual([0, 2, 1]);
      }
    }
    const ints = loadNpy(
      file('i4.npy', npy('<i4', [2, 2], Buffer.from(Int32Array.from([1, -2, 3, 4]).buffer))),
      file('y41.npy', npy('<i4', [2, 1], Buffer.from(Int32Array.from([1, 0]).buffer))),
    );
    expect(Array.from(ints.x)).toEqual([1, -2, 3, 4]);
    expect(Array.from(ints.labels!)).toEqual([1, 0]);
    expect(Array.from(loadNpy(file('u1.npy', npy('|u1', [1, 3], Buffer.from([0, 128, 255])))).x)).toEqual([
      0, 128, 255,
    ]);
  });

  it('says what is wrong with the file', () => {
    const good = file('good.npy', npy('<f4', [2, 2], f32([1, 2, 3, 4])));
    expect(() => loadNpy(join(dir, 'missing.npy'))).toThrow(/^data\.path: cannot read .*missing\.npy \(ENOENT\)$/);
    expect(() => loadNpy(file('text.npy', 'just some text'))).toThrow(/^data\.path: .*text\.npy is not a \.npy file$/);
    expect(() => loadNpy(file('nan.npy', npy('<f4', [2, 2], f32([1, NaN, 3, 4]))))).toThrow(
      /^data: NaN at row 1, column 2 of .*nan\.npy$/,
    );
    expect(() => loadNpy(file('inf.npy', npy('<f8', [2, 2], f64([1, 2, 3, -Infinity]))))).toThrow(
      /^data: an infinite value at row 2, column 2/,
    );
    expect(() => loadNpy(file('fortran.npy', npy('<f4', [2, 2], f32([1, 2, 3, 4]), { fortran: true })))).toThrow(
      /Fortran-ordered arrays are not supported/,
    );
    expect(() => loadNpy(file('big.npy', npy('>f4', [2, 2], f32([1, 2, 3, 4]))))).toThrow(
      /^data\.path: .*: dtype >f4 is not supported/,
    );
    expect(() => loadNpy(file('vector.npy', npy('<f4', [4], f32([1, 2, 3, 4]))))).toThrow(
      /expected a 2-D array \(samples × features\), got shape \(4\)$/,
    );
    expect(() => loadNpy(file('short.npy', npy('<f8', [3, 2], f64([1, 2, 3]))))).toThrow(
      /is truncated: shape \(3, 2\) needs 48 bytes of data, found 24$/,
    );
    expect(() => loadNpy(good, join(dir, 'nolabels.npy'))).toThrow(/^data\.labels: cannot read/);
    expect(() => loadNpy(good, file('y3.npy', npy('<i8', [3], i64([0, 1, 1]))))).toThrow(
      /^data\.labels: .*: expected 2 labels, shape \(2,\), got shape \(3\)$/,
    );
    expect(() => loadNpy(good, file('yfrac.npy', npy('<f8', [2], f64([0, 0.25]))))).toThrow(
      /^data\.labels: label 0.25 at row 2 of .* is not an integer$/,
    );
  });
});
