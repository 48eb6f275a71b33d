/**
 * The isomorphic core (expr, rewrite, plan, lower, estimators, equiv, term, the training engine, and the `core` entry)
 * must load in a browser: no module it reaches at run time imports a Node built-in or reads `process`.
 * Type-only imports are erased and do not count. Files, the CLI, native kernels and MNIST sit behind the Node entry
 * (src/index.ts).
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const CORE_DIRS = ['expr', 'rewrite', 'plan', 'lower', 'estimators', 'equiv', 'term', 'families', 'train'];
const ENTRIES = ['src/core.ts', 'src/vitest.ts'];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Found {
  readonly runtime: string[]; // specifiers imported at run time
  readonly processAt: number[]; // lines reading `process`
}

/** Run-time imports (not `import type`, not type-only names) and reads of the `process` global in one file. */
function scan(file: string): Found {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const runtime: string[] = [];
  const processAt: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        c !== undefined &&
        (c.isTypeOnly ||
          (!c.name &&
            c.namedBindings !== undefined &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) runtime.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const b = node.exportClause;
      const typeOnly =
        node.isTypeOnly || (b !== undefined && ts.isNamedExports(b) && b.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) runtime.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      runtime.push(node.arguments[0].text);
    } else if (ts.isIdentifier(node) && node.text === 'process' && !ts.isPropertyAccessExpression(node.parent)) {
      processAt.push(sf.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    } else if (
      ts.isIdentifier(node) &&
      node.text === 'process' &&
      ts.isPropertyAccessExpression(node.parent) &&
      node.parent.expression === node
    ) {
      processAt.push(sf.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { runtime, processAt };
}

/** Every problem in the run-time import closure of `starts`, as lines `a.ts -> b` / `a.ts:12 reads process`. */
function problems(starts: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const rel = relative(ROOT, abs);
    // src/vendor holds tfjs-core's own code, bundled (src/tf.ts): a dependency, not scanned, as node_modules is not
    if (rel.startsWith(`src${sep}vendor${sep}`)) return;
    const { runtime, processAt } = scan(abs);
    for (const line of processAt) out.push(`${rel}:${line} reads process`);
    for (const spec of runtime) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(abs), spec);
        walk(target);
      } else if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0])) out.push(`${rel} -> ${spec}`);
    }
  };
  starts.forEach((s) => walk(resolve(ROOT, s)));
  return out;
}

/** Every core module. */
const coreFiles = CORE_DIRS.flatMap((d) =>
  readdirSync(join(ROOT, 'src', d), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src', d, f)),
);

describe('the isomorphic core', () => {
  it('imports no Node built-in and reads no process, at any depth', () => {
    expect(coreFiles.length).toBeGreaterThan(30);
    expect(problems([...coreFiles, ...ENTRIES])).toEqual([]);
  });

  it('the scan sees what it must: the Node entry imports Node built-ins and reads process', () => {
    const found = problems(['src/index.ts']);
    expect(found).toContain('src/data/mnist.ts -> node:module');
    expect(found.some((p) => /^src\/backend\/addon\.ts:\d+ reads process$/.test(p))).toBe(true);
    // the Node side of checkpoints: the run folder's store
    expect(found).toContain('src/run/checkpoints.ts -> node:fs');
  });

  it('type-only imports do not count', () => {
    expect(scan(resolve(ROOT, 'src/train/trainable.ts')).runtime).not.toContain('../data/index.ts');
  });
});
