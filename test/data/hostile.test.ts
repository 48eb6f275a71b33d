/**
 * Hostile data files (issue 28, points 6 and 9): .npy headers are read strictly (a known dtype, a shape of non-negative
 * integers, the file named in every error); CSV cells are decimal numbers, quoted or not, never `0x10`; a message shows
 * at most a short excerpt of the file, with control characters escaped. A seeded fuzz of malformed files must end in a
 * DataError of one bounded line each time — never another error, a stack trace or a hang.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv, loadNpy, loadNpyTable } from '../../src/data/files.ts';
import { makeRng } from '../../src/data/rng.ts';
import { DataError } from '../../src/data/types.ts';
import { writeNpy } from '../estimate/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-hostile-'));
const at = (name: string) => join(dir, name);

/** A .npy file of format 1.0 with `header` as its dict and `body` after it. */
function npy(name: string, header: string, body = Buffer.alloc(64)): string {
  const padded = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(padded.length, 8);
  writeFileSync(at(name), Buffer.concat([head, Buffer.from(padded, 'latin1'), body]));
  return at(name);
}

/** A message as the command line prints it must be one line, short, with no raw control character. */
function expectBounded(message: string): void {
  expect(message.length).toBeLessThan(1000);
  const control = [...message].find((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  expect(control, 'a raw control character').toBeUndefined();
}

function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  return 'NO ERROR';
}

describe('.npy headers are read strictly', () => {
  const cases: [name: string, header: string, message: RegExp][] = [
    ['constructor', "{'descr': 'constructor', 'fortran_order': False, 'shape': (2, 2), }", /dtype constructor is not/],
    ['proto', "{'descr': '__proto__', 'fortran_order': False, 'shape': (2, 2), }", /dtype __proto__ is not supported/],
    ['fraction', "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5, 2), }", /header cannot be read/],
    ['negative', "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", /header cannot be read/],
    ['no shape', "{'descr': '<f8', 'fortran_order': False, }", /needs descr, fortran_order and shape/],
    ['twice', "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", /gives 'descr' twice/],
    ['unknown', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", /cannot be read|unknown key/],
    ['not a dict', "['descr', '<f8']", /is not a dict/],
    ['huge', "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 2), }", /beyond 2\^53/],
    ['order', "{'descr': '<f8', 'fortran_order': maybe, 'shape': (2,), }", /header cannot be read/],
  ];
  for (const [name, header, message] of cases)
    it(`${name}: refused, naming the file`, () => {
      const file = npy(`${name}.npy`, header);
      for (const load of [() => loadNpyTable(file, '--x'), () => loadNpy(file)]) {
        const text = errorOf(load);
        expect(text).toMatch(message);
        expect(text).toContain(file);
        expectBounded(text);
      }
    });

  it('a valid header in any key order still reads', () => {
    const file = npy('order.npy', "{'shape': (2, 1), 'fortran_order': False, 'descr': '<f8'}", Buffer.alloc(16));
    expect(loadNpyTable(file, '--x')).toMatchObject({ n: 2, dim: 1 });
  });
});

describe('CSV cells', () => {
  it('quoted numbers are numbers; 0x10, 1_000 and 0b1 are not', () => {
    writeFileSync(at('quoted.csv'), 'a,b\n"1.5","2"\n3,"-4e2"\n');
    expect(Array.from(loadCsv(at('quoted.csv')).x)).toEqual([1.5, 2, 3, -400]);
    for (const cell of ['0x10', '1_000', '0b1', 'Infinityx']) {
      writeFileSync(at('hex.csv'), `a,b\n1,${cell}\n`);
      expect(errorOf(() => loadCsv(at('hex.csv')))).toMatch(new RegExp(`'${cell}' is not a number`));
    }
  });

  it('a 1 MB cell, escape sequences and NULs are shown as a short escaped excerpt', () => {
    writeFileSync(at('big.csv'), `a,b\n1,${'x'.repeat(1_000_000)}\n`);
    const big = errorOf(() => loadCsv(at('big.csv')));
    expect(big).toMatch(/'x{40}… \(1000000 characters\)' is not a number/);
    expectBounded(big);
    writeFileSync(at('escape.csv'), 'a,b\n1,\u001b[31mred\u0007\n');
    const escaped = errorOf(() => loadCsv(at('escape.csv')));
    expect(escaped).toContain("'\\u001b[31mred\\u0007' is not a number");
    expectBounded(escaped);
  });
});

describe('a seeded fuzz of malformed data files', () => {
  it('every one ends in a bounded DataError or is read', () => {
    const rng = makeRng(2809);
    writeNpy(at('good.npy'), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    writeFileSync(at('good.csv'), 'a,b,label\n1,2,0\n3.5,-4,1\n5e-1,6,0\n');
    const seeds = { npy: readFileSync(at('good.npy')), csv: readFileSync(at('good.csv')) };
    const junk = [
      '\u0000',
      '\u001b[2J',
      '\r',
      '\n',
      ',',
      '"',
      "'",
      '(',
      ')',
      '-',
      '9'.repeat(30),
      'é',
      '\uFFFF',
      '}',
      '{',
    ];
    const counts = { files: 0, refused: 0, read: 0 };
    for (let i = 0; i < 320; i++) {
      const kind = i % 2 ? 'npy' : 'csv';
      let bytes = Buffer.from(seeds[kind]);
      const edits = 1 + rng.int(4);
      for (let e = 0; e < edits; e++) {
        const where = rng.int(bytes.length + 1);
        const edit = [
          () =>
            Buffer.concat([bytes.subarray(0, where), Buffer.from(junk[rng.int(junk.length)]), bytes.subarray(where)]),
          () => bytes.subarray(0, where), // truncated
          () => {
            const copy = Buffer.from(bytes);
            if (where < copy.length) copy[where] = rng.int(256);
            return copy;
          },
        ][rng.int(3)];
        bytes = edit();
      }
      const file = at(`fuzz-${i}.${kind}`);
      writeFileSync(file, bytes);
      counts.files++;
      const load = kind === 'npy' ? () => loadNpyTable(file, '--x') : () => loadCsv(file, { labelColumn: 'label' });
      const text = errorOf(load);
      if (text === 'NO ERROR') counts.read++;
      else {
        counts.refused++;
        expectBounded(text);
      }
    }
    console.log(`data fuzz: ${JSON.stringify(counts)}`);
    expect(counts.files).toBeGreaterThanOrEqual(300);
    expect(counts.refused).toBeGreaterThan(counts.files / 4);
  });
});
