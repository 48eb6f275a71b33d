/** Run the `infobj` command as a user would, in a scratch folder inside the repository. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve('.');
const BIN = join(ROOT, 'bin/infobj.mjs');

/** A fresh scratch folder under .tmp-test/ (inside the package, so `import 'info-objectives'` resolves). */
export function scratch(): string {
  mkdirSync(join(ROOT, '.tmp-test'), { recursive: true });
  return mkdtempSync(join(ROOT, '.tmp-test', 'run-'));
}

export function writeSpec(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `infobj ...args` with `cwd`. */
export function infobj(args: string[], cwd = ROOT): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
