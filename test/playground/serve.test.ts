/**
 * The playground server survives every request (issue 28, point 1): a seeded fuzz of malformed request lines, URLs
 * (bad percent-encoding, overlong UTF-8, NULs, traversal), methods, header sizes and bodies, sent as raw bytes to
 * the server in its own process on 127.0.0.1. After every request the process must still be alive and must still
 * serve a good file; no request may hang; nothing outside the served folder may be returned.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor } from '../../playground/serve.mjs';
import { makeRng } from '../../src/data/rng.ts';

const root = mkdtempSync(join(tmpdir(), 'infobj-serve-'));
const dir = join(root, 'dist');
mkdirSync(join(dir, 'sub'), { recursive: true });
writeFileSync(join(dir, 'index.html'), '<p>index</p>');
writeFileSync(join(dir, 'sub', 'index.html'), '<p>sub</p>');
writeFileSync(join(root, 'secret.txt'), 'SECRET');
mkdirSync(join(root, 'dist-other'));
writeFileSync(join(root, 'dist-other', 'x.txt'), 'SECRET');

let child: ChildProcess;
let port = 0;
let exited: string | undefined;

beforeAll(async () => {
  const program = `import('./playground/serve.mjs').then((m) => m.serve(${JSON.stringify(dir)}, 0))
    .then((s) => console.log(s.address().port));`;
  child = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
    child.once('exit', () => reject(new Error('the server did not start')));
  });
});
afterAll(() => {
  child?.kill();
});

/**
 * Sends `bytes` and returns everything the server answers until it closes the connection. A request the server is
 * still waiting on after 300 ms (an incomplete one) is half-closed; no answer or close after 5 s is a `hang`.
 */
function send(bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const halfClose = setTimeout(() => socket.end(), 300);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('hang');
    }, 5000);
    socket.on('data', (b: Buffer) => {
      clearTimeout(halfClose);
      chunks.push(b);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(halfClose);
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes);
  });
}

const request = (method: string, target: string, extra = '') =>
  `${method} ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${extra}\r\n`;

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

const rng = makeRng(28);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
const PIECES = ['%', '%c0%af', '%2e%2e', '..', '/', '%00', '%ff', '%e0%80', '\\', '%5c', '?', '#', 'index.html', 'sub'];
const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PATCH',
  'BREW',
  'get',
  'G\x01T',
];

interface Case {
  readonly name: string;
  readonly bytes: Buffer | string;
}
const cases: Case[] = [
  { name: '/%', bytes: request('GET', '/%') },
  { name: '/..%c0%af..', bytes: request('GET', '/..%c0%af..') },
  { name: '/%E0%A4%A', bytes: request('GET', '/%E0%A4%A') },
  { name: 'NUL in path', bytes: request('GET', '/index.html%00.png') },
  { name: 'traversal to a sibling folder', bytes: request('GET', '/../dist-other/x.txt') },
  { name: 'encoded traversal', bytes: request('GET', '/%2e%2e/secret.txt') },
  { name: 'absolute URL', bytes: request('GET', 'http://evil/../../secret.txt') },
  { name: 'asterisk', bytes: request('OPTIONS', '*') },
  { name: 'empty request line', bytes: '\r\n\r\n' },
  { name: 'binary garbage', bytes: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)) },
  { name: 'HTTP/0.9', bytes: 'GET /\r\n\r\n' },
  { name: '100 kB header', bytes: request('GET', '/', `x-big: ${'a'.repeat(100_000)}\r\n`) },
  { name: '100 kB URL', bytes: request('GET', `/${'a'.repeat(100_000)}`) },
  { name: '10 kB URL', bytes: request('GET', `/${'%'.repeat(10_000)}`) },
  { name: 'body on GET', bytes: request('GET', '/', 'content-length: 5\r\n') + 'hello' },
  { name: 'short body', bytes: request('POST', '/', 'content-length: 1000\r\n') + 'x' },
  { name: 'bad content-length', bytes: request('POST', '/', 'content-length: -1\r\n') },
  { name: 'chunked garbage', bytes: `${request('POST', '/', 'transfer-encoding: chunked\r\n')}zz\r\n` },
];
for (let i = 0; cases.length < 240; i++) {
  const target = `/${Array.from({ length: 1 + rng.int(8) }, () => pick(PIECES)).join('')}`;
  const method = pick(METHODS);
  const extra = rng.int(4) === 0 ? `x-pad: ${'b'.repeat(rng.int(20_000))}\r\n` : '';
  cases.push({ name: `#${i} ${method} ${target.slice(0, 40)}`, bytes: request(method, target, extra) });
}

describe('the playground server survives every request', () => {
  it(`answers ${cases.length} malformed requests, none hangs, it stays up and leaks nothing`, async () => {
    const answers: Record<number, number> = {};
    for (const c of cases) {
      const answer = await send(c.bytes);
      expect(answer, c.name).not.toBe('hang');
      expect(answer, c.name).not.toContain('SECRET');
      const code = status(answer);
      answers[code] = (answers[code] ?? 0) + 1;
      // Only a request that never sent a request line may go unanswered (the server closes it when the client does).
      if (c.name !== 'empty request line') expect(code, c.name).toBeGreaterThan(0);
      expect(exited, c.name).toBeUndefined();
      expect(status(await send(request('GET', '/sub/'))), `a good request after ${c.name}`).toBe(200);
    }
    console.log(`serve fuzz: ${cases.length} requests, answers by status: ${JSON.stringify(answers)}`);
  });

  it('refuses the reported URLs with 400 and serves good ones', async () => {
    expect(status(await send(request('GET', '/%')))).toBe(400);
    expect(status(await send(request('GET', '/..%c0%af..')))).toBe(400);
    expect(await send(request('GET', '/'))).toContain('<p>index</p>');
    expect(status(await send(request('POST', '/')))).toBe(405);
    expect(status(await send(request('GET', '/nope.js')))).toBe(404);
  });
});

describe('fileFor', () => {
  it('keeps every path inside the folder, a sibling with the same prefix included', () => {
    expect(fileFor('/a/dist', '/index.html')).toBe('/a/dist/index.html');
    expect(fileFor('/a/dist', '/../dist-other/x')).toBe('/a/dist/dist-other/x');
    expect(fileFor('/a/dist', '/%')).toBeUndefined();
    expect(fileFor('/a/dist', '/a%00b')).toBeUndefined();
    expect(fileFor('/a/dist', undefined)).toBeUndefined();
  });
});
