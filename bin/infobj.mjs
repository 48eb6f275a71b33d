#!/usr/bin/env node
// The `infobj` command. It runs the compiled JavaScript in dist/ (built by `npm run build`, which `prepare` runs on
// `npm ci` and `npm pack`). In a source checkout whose dist/ is missing or older than a file under src/, it runs the
// TypeScript sources through tsx (a dev dependency) instead, so that edits take effect without a rebuild.
import { existsSync, readdirSync, statSync } from 'node:fs';

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
