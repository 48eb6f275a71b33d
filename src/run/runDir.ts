/** Where a run writes: never over an earlier run's results. */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export class RunDirError extends Error {}

const used = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

/**
 * The run directory. Default `runs/<name>`, or the first free `runs/<name>-2`, `-3`, … if that holds an earlier run.
 * An explicit `out` that holds results is refused unless `force` (cleared) or `resume` (continued).
 */
export function chooseRunDir(name: string, opts: { out?: string; force?: boolean; resume?: boolean }): { dir: string; note?: string } {
  if (opts.out) {
    if (used(opts.out) && !opts.resume) {
      if (!opts.force) throw new RunDirError(`${opts.out} already holds a run; choose another --out, add --resume to continue it, or --force to replace it`);
      rmSync(opts.out, { recursive: true, force: true });
    }
    mkdirSync(opts.out, { recursive: true });
    return { dir: opts.out };
  }
  const base = join('runs', name);
  if (opts.resume) {
    if (!used(base)) throw new RunDirError(`--resume: ${base} holds no run to continue (give --out DIR of the run)`);
    return { dir: base };
  }
  let dir = base;
  for (let i = 2; used(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir, { recursive: true });
  return { dir, note: dir === base ? undefined : `${base} holds an earlier run; writing to ${dir}` };
}
