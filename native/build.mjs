// Builds the optional native kernel addon with node-gyp. Never fails the install: without a compiler (or with
// INFOBJ_NATIVE=0) it prints one line and the library uses the plain wasm kernels. Full logs: native/build-*/build.log.
// On x86-64 it builds two variants side by side, so that a node_modules built on one machine runs on another (Docker
// layers, CI caches): the baseline `avx2` (-march=x86-64-v3) into native/build-avx2/ and, on a CPU with AVX-512,
// `avx512` (-march=x86-64-v4) into native/build-avx512/; src/backend/addon.ts picks at load time the best one the CPU's flags allow, never one it
// cannot run. Each variant records the CPU flags it needs in its build/isa.json. On other architectures it builds one variant
// for the CPU at hand (`native`, -march=native) into native/build/. INFOBJ_NATIVE_ISA=avx2, avx512 or native builds
// that one variant only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const native = path.dirname(fileURLToPath(import.meta.url));
const ISA_FLAGS = {
  native: '-march=native', avx2: '-march=x86-64-v3 -mtune=native', avx512: '-march=x86-64-v4 -mtune=native',
};
// The /proc/cpuinfo flags of each -march level (x86-64-v3: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE, XSAVE; v4 adds
// AVX-512 F, BW, CD, DQ, VL). src/backend/addon.ts reads them from isa.json.
const V3 = ['avx', 'avx2', 'fma', 'bmi1', 'bmi2', 'f16c', 'abm', 'movbe', 'xsave'];
const CPU_FLAGS = { avx2: V3, avx512: [...V3, 'avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'] };
const say = (msg) => console.log(`info-objectives: ${msg}`);

const cpuFlags = existsSync('/proc/cpuinfo')
  ? new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/))
  : undefined;
const runs = (isa) => !cpuFlags || CPU_FLAGS[isa].every((f) => cpuFlags.has(f));
// The AVX-512 variant is skipped where it could not run (it would only take install time): a build copied from such a
// machine to an AVX-512 one runs the baseline.
const requested = process.env.INFOBJ_NATIVE_ISA;
const variants = requested ? [requested] : process.arch === 'x64' ? ['avx2', 'avx512'].filter(runs) : ['native'];
const folderOf = (isa) => (isa === 'native' ? native : path.join(native, `build-${isa}`));

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
function prepareVariant(here) {
  const gyp = JSON.parse(readFileSync(path.join(native, 'binding.gyp'), 'utf8'));
  for (const t of gyp.targets) t.sources = t.sources.map((s) => `../${s}`);
  mkdirSync(here, { recursive: true });
  writeFileSync(path.join(here, 'binding.gyp'), `${JSON.stringify(gyp, null, 2)}\n`);
}

function run(args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, timeout: 600_000 });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (error) => resolve({ status: null, stdout, stderr, error }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// Builds one variant; returns null on success, else why not.
async function build(isa, gyp, nodedir) {
  if (!(isa in ISA_FLAGS)) return `unknown INFOBJ_NATIVE_ISA=${isa} (native, avx2 or avx512)`;
  const here = folderOf(isa);
  if (isa !== 'native') prepareVariant(here);
  const args = [gyp, 'rebuild', `--isa_flags=${ISA_FLAGS[isa]}`, ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const result = await run(args, here);
  writeFileSync(path.join(here, 'build.log'), `${result.stdout}\n${result.stderr}\n${result.error ?? ''}`);
  if (result.status !== 0) {
    const lines = result.stderr.split('\n').filter((l) => /error|not found/i.test(l));
    return `compilation failed (${(lines[0] ?? result.error?.message ?? `exit ${result.status}`).trim().slice(0, 160)})`;
  }
  const addon = path.join(here, 'build/Release/infobj_native.node');
  const needs = CPU_FLAGS[isa];
  // Load it in a fresh process (a build that links but cannot load counts as not built) — unless this CPU cannot run
  // it: that build is kept, for the machines that can.
  if (needs && cpuFlags && !needs.every((f) => cpuFlags.has(f))) {
    writeFileSync(path.join(here, 'build/isa.json'), `${JSON.stringify({ isa, cpuFlags: needs })}\n`);
    return { note: `${isa} built, not loaded: this CPU lacks ${needs.filter((f) => !cpuFlags.has(f)).join(', ')}` };
  }
  const check = spawnSync(process.execPath, ['-e',
    `const a = require(${JSON.stringify(addon)}); console.log(JSON.stringify(a.info()))`], { encoding: 'utf8' });
  if (check.status !== 0) return `built but does not load (${check.stderr.split('\n').find((l) => l.trim()) ?? ''})`;
  const built = JSON.parse(check.stdout);
  // The native build needs what the building CPU has: recorded as its ISA's flags (x86-64) or none (elsewhere).
  const flags = needs ?? (process.arch === 'x64' ? CPU_FLAGS[built.isa] ?? [] : []);
  writeFileSync(path.join(here, 'build/isa.json'), `${JSON.stringify({ isa, cpuFlags: flags })}\n`);
  return { note: `${isa} (${built.isa}, ${built.threads} threads)` };
}

async function main() {
  if (process.env.INFOBJ_NATIVE === '0') return say('native kernels not built: skipped (INFOBJ_NATIVE=0)');
  const gyp = findNodeGyp();
  if (!gyp) return say('native kernels not built: node-gyp not found; the plain wasm kernels will be used');
  const nodedir = findNodeDir();
  const results = await Promise.all(variants.map((isa) => build(isa, gyp, nodedir)));
  const built = results.filter((r) => typeof r === 'object').map((r) => r.note);
  const failed = variants.flatMap((isa, i) => (typeof results[i] === 'string' ? [`${isa}: ${results[i]}`] : []));
  if (built.length > 0) say(`native kernels built: ${built.join('; ')}`);
  if (failed.length > 0) {
    const logs = variants.map((isa) => path.relative(path.dirname(native), path.join(folderOf(isa), 'build.log')));
    say(`native kernels not built: ${failed.join('; ')}${built.length ? '' : '; the plain wasm kernels will be used'} (logs: ${logs.join(', ')})`);
  }
}

await main();
