/**
 * The specs shipped in the package's specs/ folder, by name: `npx infobj train dms-moons` from any folder, the installed
 * package's specs included. A path that exists is always the user's file; a bare name that names no file and no
 * shipped spec is left as it is, so the spec loader reports it missing. `-` is the standard input.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSpec, loadSpecWithDefaults, type DecodedSpec } from '../spec/index.ts';
import type { Spec } from '../spec/schema.ts';

/** The package's specs/ folder (from src/cli/ and from dist/cli/ alike). */
export const SHIPPED_SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));

/** The shipped specs' names, sorted. */
export const shippedSpecNames = (): string[] =>
  existsSync(SHIPPED_SPECS)
    ? readdirSync(SHIPPED_SPECS)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -'.yaml'.length))
        .sort()
    : [];

/** `arg` itself when it is a file (or `-`), else the shipped spec of that name (`dms-moons`, `dms-moons.yaml`). */
export function specArgument(arg: string): string {
  if (arg === '-' || existsSync(arg) || !/^[\w.-]+$/.test(arg)) return arg;
  const name = arg.endsWith('.yaml') ? arg.slice(0, -'.yaml'.length) : arg;
  return shippedSpecNames().includes(name) ? `${SHIPPED_SPECS}${name}.yaml` : arg;
}

/** The spec a command's file argument names: `-` reads it from stdin (at most a spec's bytes), else a file or a shipped spec's name. */
export const readSpecArgument = (arg: string): Spec => loadSpec(specArgument(arg));

/** `readSpecArgument`, with the fields the spec leaves out that were filled with their defaults (`explain` shows them). */
export const readSpecArgumentWithDefaults = (arg: string): DecodedSpec => loadSpecWithDefaults(specArgument(arg));
