#!/usr/bin/env node
// Builds the package into dist/: ES modules and .d.ts by plain tsc (tsconfig.build.json). tsc rewrites the sources'
// relative `.ts` imports to `.js` in the JavaScript but keeps them in the declarations, so those are rewritten here
// (a consumer's strict NodeNext tsc rejects `.ts` specifiers). Run by `npm run build`, `prepare` and `prepack`.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = performance.now();
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  // tsc still emits on type errors. Packing must stop there; an install (`npm ci`, whose prepare runs this) goes on, so
  // that `npm run typecheck` can report the errors.
  const installing = ['ci', 'install'].includes(process.env.npm_command ?? '');
  console.error(`build: tsc reported errors${installing ? ' (dist/ emitted anyway; see npm run typecheck)' : ''}`);
  if (!installing) process.exit(1);
}
// Vendored JavaScript (src/vendor: generated bundles, scripts/tfjs-registrations.mjs) is imported as is.
cpSync(join(root, 'src/vendor'), join(dist, 'vendor'), { recursive: true });
const relativeTs = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g;
let declarations = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(relativeTs, '$1$2.js$3');
  if (fixed !== text) writeFileSync(file, fixed);
  declarations++;
}
console.log(
  `build: dist/ (${declarations} declaration files) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
