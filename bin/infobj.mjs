#!/usr/bin/env node
// The `infobj` command. It runs the compiled JavaScript in dist/ (built by `npm run build`, which `prepare` runs on
// `npm ci` and `npm pack`). In a source checkout whose dist/ is missing or older than a file under src/, it runs the
// TypeScript sources through tsx (a dev dependency) instead, so that edits take effect without a rebuild.
// `infobj --version` answers from package.json before anything else is loaded (tfjs takes a second to import).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}

const dist = new URL('../dist/cli/main.js', import.meta.url);
const src = new URL('../src/', import.meta.url);

function distIsCurrent() {
  if (!existsSync(dist)) return false;
  if (!existsSync(src)) return true; // an installed package: no sources
  const built = statSync(dist).mtimeMs;
  for (const f of readdirSync(src, { recursive: true, withFileTypes: true }))
    if (f.isFile() && statSync(`${f.parentPath}/${f.name}`).mtimeMs > built) return false;
  return true;
}

if (distIsCurrent()) await import(dist.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
