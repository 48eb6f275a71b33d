import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('the whole project type-checks under strict mode (this also checks every @ts-expect-error)', () => {
  let output = '';
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(output).toBe('');
});
