#!/usr/bin/env node
// `npm run playground [-- --port N] [-- --no-build]`: builds the playground and serves playground/dist/ on localhost.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { buildPlayground, DIST } from './build.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/** The largest request path served; anything longer is refused before it is decoded. */
const MAX_URL = 2048;

/**
 * The file under `dir` a request path names, or `undefined` for a path that is malformed (bad percent-encoding, a NUL,
 * too long) or leads outside `dir`. Never throws: the request handler must survive every request (issue 28, point 1).
 */
export function fileFor(dir, url) {
  if (typeof url !== 'string' || url.length > MAX_URL) return undefined;
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const path = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(dir, path);
  return file === dir || file.startsWith(`${dir}${sep}`) ? file : undefined;
}

/** `file` as a regular file to send, following a folder to its index.html, or `undefined`. */
function regularFile(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return regularFile(join(file, 'index.html'));
  return stat?.isFile() ? file : undefined;
}

function reply(res, status, text, headers = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

function handle(dir, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  const named = fileFor(dir, req.url);
  if (named === undefined) {
    reply(res, 400, 'bad request');
    return;
  }
  const file = regularFile(named);
  if (file === undefined) {
    reply(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    // cross-origin isolation: SharedArrayBuffer, so the wasm backend runs its threads
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** A static file server for `dir` (no directory listings, nothing outside `dir`). Resolves once it listens. */
export function serve(dir, port = 0, host = '127.0.0.1') {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    try {
      handle(root, req, res);
    } catch {
      reply(res, 500, 'internal error');
    }
  });
  // A client that sends garbage or hangs up must not take the server with it.
  server.on('clientError', (_error, socket) => {
    socket.on('error', () => socket.destroy());
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  // CONNECT (a proxy's method) would otherwise drop the connection without a word.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD\r\nconnection: close\r\n\r\n');
  });
  return new Promise((done) => server.listen(port, host, () => done(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : Number(process.env.PORT ?? 5173);
  if (!args.includes('--no-build')) await buildPlayground();
  const server = await serve(DIST, port);
  const { port: actual } = server.address();
  console.log(`playground: http://127.0.0.1:${actual}/  (Ctrl-C to stop)`);
}
