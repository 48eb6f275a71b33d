/**
 * Every repository path the documentation names exists (issue 27): in README.md and docs/**.md, each path in backticks
 * or a relative link that starts at one of the repository's folders (src/, test/, specs/, examples/, bench/, scripts/,
 * native/, docs/, playground/, bin/) or is a sibling doc. Paths with placeholders (`<name>`, `*`, `…`) and what runs
 * create (runs/, dist/, native/build*) are not files of the repository and are skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['src', 'test', 'specs', 'examples', 'bench', 'scripts', 'native', 'docs', 'playground', 'bin'];
const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** The repository paths one doc names, with the folder each is relative to. */
function pathsIn(doc: string): { path: string; from: string }[] {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const found: { path: string; from: string }[] = [];
  const rooted = new RegExp(`^(?:\\./)?(?:${FOLDERS.join('|')})/[\\w./@-]*$`);
  for (const [, inner] of text.matchAll(/`([^`\n]+)`/g))
    for (const word of inner.split(/[\s,;()]+/)) {
      const path = word.replace(/[:.]+$/, '').replace(/:\d+(-\d+)?$/, '');
      if (rooted.test(path)) found.push({ path, from: ROOT });
    }
  // relative links to files or folders: [text](other.md), [text](../src/), not URLs and not math such as p(x|y)
  for (const [, target] of text.matchAll(
    /\]\(([\w./-]+\.(?:md|ts|mjs|js|yaml|png|svg|json|sh|py)|[\w./-]+\/)(?:#[^)]*)?\)/g,
  ))
    found.push({ path: target, from: dirname(join(ROOT, doc)) });
  return found.filter(
    ({ path }) => !/[<>*…{}$]|\.\.\.|(^|\/)(runs|dist|node_modules)\/|native\/build/.test(path) && path !== '',
  );
}

describe('paths named by the documentation', () => {
  it.each(docs)('%s', (doc) => {
    const missing = pathsIn(doc)
      .filter(({ path, from }) => !existsSync(resolve(from, path)))
      .map(({ path }) => path);
    expect([...new Set(missing)]).toEqual([]);
  });
});
