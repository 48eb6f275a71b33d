/**
 * A seeded fuzz of malformed specs and data files (issue 14, point 8 and "done when"): every case goes in-process
 * through `infobj check` (runCli, the function the command line runs) and must end with exit code 1 and one line
 * `error: <spec file>: <field or line:column>: …`, naming the data file too when that is what is wrong — never a stack
 * trace, never a hang, never accepted. A few valid controls must pass, so the harness cannot reject everything.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../src/cli/commands.ts';
import { makeRng } from '../../src/data/rng.ts';
import { BASE_SPEC, variant } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-fuzz-'));
const rng = makeRng(14);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];

interface Case {
  readonly name: string;
  /** The spec file's text (or bytes) and extension. */
  readonly text: string | Buffer;
  readonly ext?: 'yaml' | 'json';
  /** Text the message must contain after the file: a field path, or a data file's name. */
  readonly place?: string;
  readonly data?: { readonly file: string; readonly bytes: string | Buffer };
}

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

// 1. a field given a value of the wrong type or range (the field is known, so the message must name it)
const POSITIVE_INT_BAD = ['-3', '0', '2.5', '"7"', 'abc', 'null', '[]', '{}', 'true', '.nan', '.inf', '1e400'];
const NUMBER_BAD = ['abc', 'null', '[]', '{}', 'true', '.nan', '.inf', '-.inf', '"1"'];
const ENUM_BAD = ['nope', '5', '[]', '{}', 'null', '""', 'true'];
const FIELDS: [path: string, line: string, make: (v: string) => string, bad: readonly string[]][] = [
  ['seed', 'seed: 1', (v) => `seed: ${v}`, ['-1', '2.5', '"1"', 'abc', 'null', '[]', '{}', '.nan', '1e400']],
  ['data.n', 'n: 200', (v) => `n: ${v}`, [...POSITIVE_INT_BAD, '1e12']],
  ['data.noise', 'noise: 0.1', (v) => `noise: ${v}`, [...NUMBER_BAD, '-1']],
  ['data.embed.dim', 'dim: 8', (v) => `dim: ${v}`, [...POSITIVE_INT_BAD, '1', '1e12']],
  ['data.shape', 'shape: moons', (v) => `shape: ${v}`, ENUM_BAD],
  ['data.embed.rotation', 'rotation: random', (v) => `rotation: ${v}`, ENUM_BAD],
  ['model.encoders[0].size', 'size: 1', (v) => `size: ${v}`, [...POSITIVE_INT_BAD, '1e12']],
  ['model.encoders[0].family', 'family: bernoulli', (v) => `family: ${v}`, ENUM_BAD],
  ['model.encoders[0].name', 'name: L', (v) => `name: ${v}`, ['"1x"', '"a b"', '[]', '{}', 'null', '5']],
  ['model.encoders[0].net.kind', 'kind: mlp', (v) => `kind: ${v}`, ENUM_BAD],
  ['model.encoders[0].net.hidden[0]', 'hidden: [16, 16]', (v) => `hidden: [${v}, 16]`, [...POSITIVE_INT_BAD, '1e9']],
  [
    'model.encoders[0].net.batchNorm',
    'batchNorm: true',
    (v) => `batchNorm: ${v}`,
    ['yes please', '1', '[]', 'null', '"true"'],
  ],
  ['objective.hypers.β', 'β: 1', (v) => `β: ${v}`, NUMBER_BAD],
  ['objective.preset', 'preset: dms', (v) => `preset: ${v}`, ENUM_BAD],
  ['train.lr', 'lr: 0.001', (v) => `lr: ${v}`, [...NUMBER_BAD, '-1', '0']],
  ['train.batch', 'batch: 100', (v) => `batch: ${v}`, [...POSITIVE_INT_BAD, '1e12', '201']],
  ['train.epochs', 'epochs: 2', (v) => `epochs: ${v}`, ['-1', '2.5', '"2"', 'abc', 'null', '[]', '{}', '.nan', '.inf']],
  ['train.optimizer', 'optimizer: adam', (v) => `optimizer: ${v}`, ENUM_BAD],
  ['eval.metrics[0]', 'metrics: [ari', (v) => `metrics: [${v}`, ['nope', '5', '[]', '{}', 'null']],
  [
    'name',
    'name: tiny',
    (v) => `name: ${v}`,
    ['"a/b"', '""', '5', '[]', '{}', 'a'.repeat(300), `"${'x/'.repeat(50_000)}"`],
  ],
];
for (const [path, line, make, bad] of FIELDS) {
  for (const v of bad) add({ name: `${path} = ${v.slice(0, 20)}`, text: variant(line, make(v)), place: `${path}:` });
}

// 2. unknown fields at every level, with seeded names
const word = () => Array.from({ length: 3 + rng.int(8) }, () => 'abcdefghijklmnopqrstuvwxyz'[rng.int(26)]).join('');
const UNKNOWN_AT: [path: string, line: string, make: (k: string) => string][] = [
  ['', 'seed: 1', (k) => `seed: 1\n${k}: 1`],
  ['data.', 'noise: 0.1', (k) => `noise: 0.1\n  ${k}: 1`],
  ['data.embed.', 'rotation: random', (k) => `rotation: random, ${k}: 1`],
  ['model.encoders[0].', 'size: 1', (k) => `size: 1\n      ${k}: 1`],
  ['model.encoders[0].net.', 'batchNorm: true', (k) => `batchNorm: true, ${k}: 1`],
  ['objective.', 'preset: dms', (k) => `preset: dms\n  ${k}: 1`],
  ['train.', 'epochs: 2', (k) => `epochs: 2, ${k}: 1`],
  ['eval.', 'kmeans] }', (k) => `kmeans], ${k}: 1 }`],
];
for (const [path, line, make] of UNKNOWN_AT) {
  for (let i = 0; i < 3; i++) {
    const k = word();
    add({ name: `unknown ${path}${k}`, text: variant(line, make(k)), place: `${path}${k}: unknown field` });
  }
}

// 3. required fields removed (name, seed, train's lr, batch and epochs and eval.metrics have defaults: defaults.test.ts)
const REQUIRED: [path: string, line: string][] = [
  ['data.kind', '  kind: synthetic\n'],
  ['data.shape', '  shape: moons\n'],
  ['data.n', '  n: 200\n'],
  ['model.encoders[0].family', '      family: bernoulli\n'],
  ['model.encoders[0].size', '      size: 1\n'],
  ['objective', 'objective:\n  preset: dms\n  hypers: { β: 1 }\n'],
];
for (const [path, line] of REQUIRED) add({ name: `missing ${path}`, text: variant(line, ''), place: `${path}:` });

// 4. whole sections of the wrong kind
for (const section of ['data', 'model', 'train', 'eval', 'objective']) {
  for (const v of ['5', '[]', 'null', '"text"']) {
    const start = BASE_SPEC.indexOf(`${section}:`);
    const after = BASE_SPEC.slice(start).search(/\n[a-z]/);
    const next = after < 0 ? BASE_SPEC.length : start + after + 1;
    add({
      name: `${section} = ${v}`,
      text: `${BASE_SPEC.slice(0, start)}${section}: ${v}\n${BASE_SPEC.slice(next)}`,
      place: section,
    });
  }
}

// 5. broken syntax: truncation at seeded offsets, duplicate keys, bad indentation, deep nesting, bombs, garbage
const LINE_COLUMN = /^\d+:\d+: invalid (YAML|JSON)/;
for (let i = 0; i < 25; i++) {
  const seeded = 5 + rng.int(BASE_SPEC.length - 8);
  // a cut at the end of a line can leave a whole spec (train and eval have defaults): cut inside the line instead
  const cut = /[\n}]/.test(BASE_SPEC[seeded - 1]) ? seeded - 2 : seeded;
  add({ name: `truncated at ${cut}`, text: BASE_SPEC.slice(0, cut) });
}
for (const line of ['seed: 1', 'name: tiny', '  n: 200', '      size: 1'])
  add({ name: `duplicate ${line.trim()}`, text: variant(line, `${line}\n${line}`), place: 'Map keys must be unique' });
add({ name: 'bad indentation', text: variant('  shape: moons', ' shape: moons'), place: 'invalid YAML' });
add({ name: 'tab indentation', text: variant('  shape: moons', '\tshape: moons'), place: 'invalid YAML' });
let deep = 'x: 1';
for (let i = 0; i < 600; i++) deep = `a:\n${deep.replace(/^/gm, ' ')}`;
add({
  name: 'a 600-deep mapping',
  text: `${BASE_SPEC}extra:\n${deep.replace(/^/gm, '  ')}\n`,
  place: 'nested deeper than',
});
add({
  name: '40-deep flow lists',
  text: variant('β: 1', `β: ${'['.repeat(40)}${']'.repeat(40)}`),
  place: 'nested deeper than',
});
add({
  name: '10,000 nested parentheses',
  text: variant('preset: dms\n  hypers: { β: 1 }', `text: "max ${'('.repeat(10_000)}I(X;Z)${')'.repeat(10_000)}"`),
  place: 'objective.text:1:',
});
add({
  name: 'unbalanced objective',
  text: variant('preset: dms\n  hypers: { β: 1 }', 'text: "max I(X;Z"'),
  place: 'objective.text:1:',
});
const bomb = [
  'a: &a [x,x,x,x,x,x,x,x,x]',
  ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
].join('\n');
add({ name: 'alias bomb', text: `${bomb}\n`, place: 'aliases expand to too many values' });
add({ name: 'empty file', text: '', place: '(top level):' });
add({ name: 'a bare list', text: '- 1\n- 2\n', place: '(top level):' });
add({ name: 'a bare number', text: '42\n', place: '(top level):' });
add({ name: 'a 2 MB spec', text: `${BASE_SPEC}# ${'x'.repeat(2 ** 21)}\n`, place: '(file): the file has' });
add({ name: 'binary garbage', text: Buffer.from(Array.from({ length: 300 }, () => rng.int(256))) });
add({ name: 'NUL bytes', text: Buffer.alloc(64) });
add({ name: 'BOM and garbage', text: '\ufeff{{{:::]]]' });

// 6. JSON specs: syntax errors, duplicate keys, wrong types
const json = JSON.stringify(parseYaml(BASE_SPEC));
add({ name: 'JSON trailing comma', text: json.replace(/}$/, ',}'), ext: 'json', place: 'invalid JSON' });
add({ name: 'JSON cut', text: json.slice(0, 100), ext: 'json', place: 'invalid JSON' });
add({ name: 'JSON single quotes', text: json.replace(/"/g, "'"), ext: 'json', place: 'invalid JSON' });
add({
  name: 'JSON duplicate name',
  text: json.replace('{"name":"tiny"', '{"name":"tiny","name":"other"'),
  ext: 'json',
  place: 'Map keys must be unique',
});
add({
  name: 'JSON duplicate seed',
  text: json.replace('"seed":1', '"seed":1,"seed":2'),
  ext: 'json',
  place: 'Map keys must be unique',
});
add({
  name: 'JSON batch as text',
  text: json.replace('"batch":100', '"batch":"100"'),
  ext: 'json',
  place: 'train.batch:',
});
add({
  name: 'JSON deep',
  text: json.replace('"seed":1', `"seed":${'['.repeat(4000)}${']'.repeat(4000)}`),
  ext: 'json',
  place: 'nested deeper than',
});

// 7. data files: the spec names them, the message must name the file and the field
const csvSpec = (file: string, batch = 2) =>
  variant(
    '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
    `  kind: csv\n  path: ${join(dir, file)}`,
  )
    .replace('batch: 100', `batch: ${batch}`)
    .replace('metrics: [ari, nmi, kmeans]', 'metrics: []'); // unlabelled data: nothing to score a partition against
const npySpec = (file: string, batch = 2) => csvSpec(file, batch).replace('kind: csv', 'kind: npy');
const CSV_BAD: [name: string, bytes: string, place: string][] = [
  ['NaN', 'a,b\n1,2\n3,NaN\n5,6\n', 'data:'],
  ['1e39 (beyond float32)', 'a,b\n1,2\n3,1e39\n5,6\n', 'data:'],
  ['-1e39', 'a,b\n1,2\n3,-1e39\n5,6\n', 'data:'],
  ['inf', 'a,b\n1,2\ninf,4\n5,6\n', 'data:'],
  ['a ragged row', 'a,b\n1,2\n3\n5,6\n', 'data:'],
  ['a word', 'a,b\n1,2\n3,abc\n5,6\n', 'data:'],
  ['an empty cell', 'a,b\n1,2\n3,\n5,6\n', 'data:'],
  ['nothing', '', 'data.path:'],
  ['blank lines only', '\n\n\n', 'data.path:'],
  ['a header only', 'a,b\n', 'data.path:'],
  ['one row for a batch of 2 (no step)', 'a,b\n1,2\n', 'train.batch:'],
];
for (const [name, bytes, place] of CSV_BAD) {
  const file = `fuzz-${cases.length}.csv`;
  add({ name: `CSV with ${name}`, text: csvSpec(file), place, data: { file, bytes } });
}
for (let i = 0; i < 10; i++) {
  const rows = Array.from({ length: 4 }, () => `${rng.normal()},${rng.normal()}`);
  const r = rng.int(4);
  rows[r] = pick([`${rng.normal()},nan`, `1e${39 + rng.int(300)},1`, `${rng.normal()}`, `x${rng.int(9)},1`, `,`]);
  const file = `fuzz-${cases.length}.csv`;
  add({
    name: `CSV random damage ${i}`,
    text: csvSpec(file),
    place: 'data',
    data: { file, bytes: `a,b\n${rows.join('\n')}\n` },
  });
}
add({ name: 'missing CSV', text: csvSpec('absent.csv'), place: 'data.path:' });

function npy(descr: string, shape: number[], body: Buffer, magic = '\x93NUMPY'): Buffer {
  const dims = `${shape.join(', ')}${shape.length === 1 ? ',' : ''}`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write(magic, 0, 'latin1');
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}
const f32 = (v: number[]) => Buffer.from(Float32Array.from(v).buffer);
const NPY_BAD: [name: string, bytes: Buffer, place: string][] = [
  ['no rows (zero steps)', npy('<f4', [0, 3], Buffer.alloc(0)), 'train.batch:'],
  ['a truncated body', npy('<f4', [10, 3], f32([1, 2, 3])), 'data.path:'],
  ['a bad magic', npy('<f4', [2, 2], f32([1, 2, 3, 4]), 'NOTNPY'), 'data.path:'],
  ['three dimensions', npy('<f4', [2, 2, 2], f32([1, 2, 3, 4, 5, 6, 7, 8])), 'data.path:'],
  ['an unsupported dtype', npy('<c8', [2, 2], Buffer.alloc(32)), 'data.path:'],
  ['a NaN', npy('<f4', [3, 2], f32([1, 2, NaN, 4, 5, 6])), 'data:'],
  [
    'float64 beyond float32',
    npy('<f8', [3, 2], Buffer.from(Float64Array.from([1, 2, 1e300, 4, 5, 6]).buffer)),
    'data:',
  ],
  ['a cut header', npy('<f4', [2, 2], f32([1, 2, 3, 4])).subarray(0, 20), 'data.path:'],
  ['two bytes', Buffer.from([0x93, 0x4e]), 'data.path:'],
];
for (const [name, bytes, place] of NPY_BAD) {
  const file = `fuzz-${cases.length}.npy`;
  add({ name: `npy with ${name}`, text: npySpec(file), place, data: { file, bytes } });
}

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly file: string;
  readonly ms: number;
}

async function check(c: Case, index: number): Promise<Outcome> {
  const file = join(dir, `case-${index}.${c.ext ?? 'yaml'}`);
  writeFileSync(file, c.text);
  if (c.data) writeFileSync(join(dir, c.data.file), c.data.bytes);
  let stderr = '';
  const t0 = performance.now();
  const code = await runCli(['check', file], { stdout: () => {}, stderr: (t) => (stderr += t) });
  return { code, stderr, file, ms: performance.now() - t0 };
}

describe('fuzz: malformed specs and data files', () => {
  it('valid controls pass (YAML, flow-style YAML starting with {, JSON, CSV data)', async () => {
    const flow = `{ ${Object.entries(parseYaml(BASE_SPEC) as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ')} }`;
    const csv = { file: 'good.csv', bytes: 'a,b\n1,2\n3,4\n5,6\n7,8\n' };
    const controls: Case[] = [
      { name: 'yaml', text: BASE_SPEC },
      { name: 'flow', text: flow },
      { name: 'json', text: json, ext: 'json' },
      { name: 'csv', text: csvSpec('good.csv'), data: csv },
    ];
    for (const [i, c] of controls.entries()) {
      const r = await check(c, 10_000 + i);
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
    }
  });

  it(`${cases.length} seeded cases: each refused with one line naming the file and the place, no trace`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const r = await check(c, i);
      const lines = r.stderr.trimEnd().split('\n');
      const prefix = `error: ${r.file}: `;
      const rest = lines[0].startsWith(prefix) ? lines[0].slice(prefix.length) : '';
      const problems = [
        r.code !== 1 && `exit code ${r.code}`,
        lines.length !== 1 && `${lines.length} lines`,
        !rest && 'the spec file is not named first',
        rest &&
          !(LINE_COLUMN.test(rest) || /^[(\p{L}_][\p{L}\p{N}_.[\]() -]*(:\d+:\d+)?: /u.test(rest)) &&
          'no field or line:column',
        c.place && !rest.includes(c.place) && `not naming ${c.place}`,
        c.data && !rest.includes(c.data.file) && !rest.includes('train.batch') && `not naming ${c.data.file}`,
        /\n\s+at |Maximum call stack|RangeError|TypeError/.test(r.stderr) && 'a stack trace or raw error',
        r.stderr.length > 1000 && `${r.stderr.length} characters`,
        r.ms > 5000 && `${r.ms.toFixed(0)} ms`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${c.name}: ${problems.join(', ')} — ${r.stderr.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('720 seeded mutations of a valid spec: each accepted, or refused with one bounded, escaped line', async () => {
    const mutate = makeRng(2808);
    const JUNK = [
      '\u0000',
      '\u0007',
      '\u001b[31m',
      '\t',
      ':',
      ': :',
      '{',
      '[',
      ']',
      '*a',
      '&a ',
      '!!js/function ',
      '- ',
      '"',
      "'",
      '#',
      '\r',
      '\u2028',
      'é',
      '9'.repeat(40),
      '1e400',
      '-0',
      '9007199254740993',
      '.nan',
      '~',
    ];
    const lines = BASE_SPEC.split('\n');
    const counts = { cases: 0, accepted: 0, refused: 0 };
    const failures: string[] = [];
    for (let i = 0; i < 720; i++) {
      let text = BASE_SPEC;
      for (let e = 1 + mutate.int(3); e > 0; e--) {
        const at = mutate.int(text.length + 1);
        const kind = mutate.int(4);
        if (kind === 0) text = text.slice(0, at) + JUNK[mutate.int(JUNK.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + mutate.int(20));
        else if (kind === 2) text = text.slice(0, at) + lines[mutate.int(lines.length)] + text.slice(at);
        else text = text.replace(/\d+(\.\d+)?/g, (m) => (mutate.int(6) === 0 ? JUNK[17 + mutate.int(5)] : m));
      }
      const r = await check({ name: `mutation ${i}`, text }, 20_000 + i);
      counts.cases++;
      if (r.code === 0) {
        counts.accepted++;
        continue;
      }
      counts.refused++;
      const control = [...r.stderr.trimEnd()].find((c) => c.charCodeAt(0) < 0x20 && c !== '\n');
      const problems = [
        r.code !== 1 && `exit code ${r.code}`,
        r.stderr
          .trimEnd()
          .split('\n')
          .filter((l) => l.startsWith('error: ')).length !== 1 && 'not one error line',
        /\n\s+at |Maximum call stack|RangeError|TypeError/.test(r.stderr) && 'a stack trace or raw error',
        r.stderr.length > 1000 && `${r.stderr.length} characters`,
        control !== undefined && `a raw control character ${JSON.stringify(control)}`,
        r.ms > 5000 && `${r.ms.toFixed(0)} ms`,
      ].filter(Boolean);
      if (problems.length)
        failures.push(`mutation ${i}: ${problems.join(', ')} — ${JSON.stringify(r.stderr.slice(0, 200))}`);
    }
    console.log(`spec fuzz: ${cases.length} cases + ${JSON.stringify(counts)}`);
    expect(failures).toEqual([]);
    expect(cases.length + counts.refused).toBeGreaterThanOrEqual(1000);
  });
});
