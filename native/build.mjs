// Builds the optional native kernel addon with node-gyp. Never fails the install: without a compiler (or with
// INFOBJ_NATIVE=0) it prints one line and the library uses the plain wasm kernels. Full log: native/build.log.
// INFOBJ_NATIVE_ISA picks the instruction set: unset or `native` builds for this CPU (-march=native) into
// native/build/; `avx2` or `avx512` builds that ISA's kernels into native/build-<isa>/ (loaded when the same variable
// is set at run time), e.g. to measure the AVX2 path on an AVX-512 CPU.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const native = path.dirname(fileURLToPath(import.meta.url));
const ISA_FLAGS = {
  native: '-march=native', avx2: '-march=x86-64-v3 -mtune=native', avx512: '-march=x86-64-v4 -mtune=native',
};
const isa = process.env.INFOBJ_NATIVE_ISA || 'native';
const here = isa === 'native' ? native : path.join(native, `build-${isa}`);
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

// A variant ISA gets its own folder with a binding.gyp whose sources point back at native/src.
function prepareVariant() {
  const gyp = JSON.parse(readFileSync(path.join(native, 'binding.gyp'), 'utf8'));
  for (const t of gyp.targets) t.sources = t.sources.map((s) => `../${s}`);
  mkdirSync(here, { recursive: true });
  writeFileSync(path.join(here, 'binding.gyp'), `${JSON.stringify(gyp, null, 2)}\n`);
}

function build() {
  if (process.env.INFOBJ_NATIVE === '0') return 'skipped (INFOBJ_NATIVE=0)';
  if (!(isa in ISA_FLAGS)) return `unknown INFOBJ_NATIVE_ISA=${isa} (native, avx2 or avx512)`;
  if (isa !== 'native') prepareVariant();
  const gyp = findNodeGyp();
  if (!gyp) return 'node-gyp not found';
  const nodedir = findNodeDir();
  const args = [gyp, 'rebuild', `--isa_flags=${ISA_FLAGS[isa]}`, ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
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
  const built = JSON.parse(check.stdout);
  const where = isa === 'native' ? '' : `, in native/build-${isa}`;
  say(`native kernels built (${built.isa}, ${built.threads} threads${where})`);
  return null;
}

const failure = build();
const logName = path.relative(path.dirname(native), log);
if (failure) say(`native kernels not built: ${failure}; the plain wasm kernels will be used (log: ${logName})`);
