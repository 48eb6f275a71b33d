// Builds the optional native kernel addon with node-gyp. Never fails the install: without a compiler (or with
// INFOBJ_NATIVE=0) it prints one line and the library uses the plain wasm kernels. Full log: native/build.log.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = path.join(here, 'build.log');
const say = (msg) => console.log(`info-objectives: ${msg}`);

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try { candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')); } catch { /* not a dependency */ }
  return candidates.find((p) => p && existsSync(p));
}

// Node's own headers: from npm's config when run as an npm script, else next to the node binary (no download).
function findNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include/node/node_api.h')) ? prefix : undefined;
}

function build() {
  if (process.env.INFOBJ_NATIVE === '0') return 'skipped (INFOBJ_NATIVE=0)';
  const gyp = findNodeGyp();
  if (!gyp) return 'node-gyp not found';
  const nodedir = findNodeDir();
  const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const run = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8', timeout: 600_000 });
  writeFileSync(log, `${run.stdout ?? ''}\n${run.stderr ?? ''}\n${run.error ?? ''}`);
  if (run.status !== 0) {
    const lines = `${run.stderr ?? ''}`.split('\n').filter((l) => /error|not found/i.test(l));
    return `compilation failed (${(lines[0] ?? run.error?.message ?? `exit ${run.status}`).trim().slice(0, 160)})`;
  }
  // Load it in a fresh process: a build that links but cannot load (ABI, missing symbols) counts as not built.
  const check = spawnSync(process.execPath, ['-e',
    `const a = require(${JSON.stringify(path.join(here, 'build/Release/infobj_native.node'))}); console.log(JSON.stringify(a.info()))`],
  { encoding: 'utf8' });
  if (check.status !== 0) return `built but does not load (${check.stderr.split('\n').find((l) => l.trim()) ?? ''})`;
  const { isa, threads } = JSON.parse(check.stdout);
  say(`native kernels built (${isa}, ${threads} threads)`);
  return null;
}

const failure = build();
if (failure) say(`native kernels not built: ${failure}; the plain wasm kernels will be used (log: native/build.log)`);
