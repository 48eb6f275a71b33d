/**
 * The MNIST data packages are optional peer dependencies (package.json): most users never load MNIST, and the two
 * weigh 94 MB. A spec or call that needs one and does not find it stops with one line naming the package to install.
 */
import type { createRequire } from 'node:module';
import { DataError } from './types.ts';

/** `require.resolve(id)`, or a DataError saying `npm install <pkg>` when the optional package `pkg` is not installed. */
export function resolveOptional(
  require: ReturnType<typeof createRequire>,
  id: string,
  pkg: string,
  what: string,
): string {
  try {
    return require.resolve(id);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new DataError('data.set', `${what} needs the package ${pkg}, which is not installed: npm install ${pkg}`);
  }
}
