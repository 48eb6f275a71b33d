#!/usr/bin/env node
// Builds the playground into playground/dist/: index.html, the page's and the training worker's bundles (esbuild), the
// tfjs wasm binaries next to them (the wasm backend loads them from the page's folder), and docs/expr.md as a page.
// Everything is local: the built folder works offline from any static server (`npm run playground` serves it).
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
export const DIST = join(here, 'dist');

/**
 * Node built-ins reached from the spec compiler's file and MNIST loaders
 * (src/spec/load.ts, src/data/mnist.ts, files.ts;
 * the isomorphic core itself imports none but the loop's checkpoints). The page never calls them: each export becomes
 * a function that throws, saying so; `createRequire` returns such a function, since mnist.ts calls it at import.
 */
const nodeStubs = {
  name: 'node-builtins-stub',
  setup(build) {
    const names = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    build.onResolve({ filter: /.*/ }, (args) =>
      names.has(args.path) ? { path: args.path, namespace: 'node-stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-stub' }, async (args) => {
      const real = await import(args.path);
      const fail = (name) => `() => { throw new Error('${args.path} ${name}() is not available in a browser'); }`;
      const lines = Object.keys(real)
        .filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k))
        .map((k) => `export const ${k} = ${k === 'createRequire' ? `() => ${fail('require')}` : fail(k)};`);
      return { contents: `${lines.join('\n')}\nexport default {};\n`, loader: 'js' };
    });
  },
};

/** The library's bounded file reader, in the page: the files uploaded into it (playground/src/readBoundedPage.ts). */
const uploadedFiles = {
  name: 'uploaded-files',
  setup(build) {
    const library = join(root, 'src/data/readBounded.ts');
    build.onResolve({ filter: /readBounded\.ts$/ }, (args) =>
      resolve(args.resolveDir, args.path) === library ? { path: join(here, 'src/readBoundedPage.ts') } : undefined,
    );
  },
};

/** docs/expr.md as a page the playground links to (the markdown as it is, in a <pre>). */
function syntaxPage() {
  const md = readFileSync(join(root, 'docs/expr.md'), 'utf8');
  const escaped = md.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><meta charset="utf-8"><title>docs/expr.md</title><style>pre{white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace;max-width:120ch;margin:16px auto;padding:0 12px}</style><pre>${escaped}</pre>\n`;
}

export async function buildPlayground({ quiet = false } = {}) {
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  await esbuild.build({
    entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker.ts') },
    outdir: DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [uploadedFiles, nodeStubs],
    logLevel: quiet ? 'error' : 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(DIST, f));
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')))
    copyFileSync(join(wasmDir, f), join(DIST, f));
  mkdirSync(join(DIST, 'docs'));
  writeFileSync(join(DIST, 'docs/expr.html'), syntaxPage());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!quiet) console.log(`playground: built ${DIST} in ${seconds} s`);
  return DIST;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPlayground();
