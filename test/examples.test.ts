import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';

const examples = readdirSync('examples').filter((f) => f.endsWith('.ts') && !f.startsWith('_'));

it.each(examples)('examples/%s runs', (file) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `examples/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INFOBJ_QUICK: '1' } });
  expect(out.length).toBeGreaterThan(0);
});
