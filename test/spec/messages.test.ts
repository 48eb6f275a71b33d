/**
 * Messages (issue 28, point 6): JSON syntax errors with line:column, an undefined YAML alias called so, OS errors with
 * the path and what to do, and the printed resume command quoted for the shell.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, shellWord } from '../../src/cli/commands.ts';
import { osFailure } from '../../src/run/runDir.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-messages-'));

async function check(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  let stderr = '';
  const code = await runCli(['check', file], { stdout: () => {}, stderr: (t) => (stderr += t) });
  return { code, stderr, file };
}

describe('spec syntax errors', () => {
  it('JSON: one line with line:column', async () => {
    const r = await check('bad.json', '{"name": "tiny",\n "seed": 1,\n "data": {x}\n}');
    expect(r.stderr).toBe(`error: ${r.file}: 3:11: invalid JSON: Expected property name or '}'\n`);
    const cut = await check('cut.json', '{"name": "tiny",\n "seed": 1');
    expect(cut.stderr).toMatch(/^error: .*cut\.json: 2:\d+: invalid JSON: [^\n]+\n$/);
  });

  it('YAML: an undefined alias is called so, with its place', async () => {
    const r = await check('alias.yaml', 'name: tiny\nseed: *nope\n');
    expect(r.stderr).toBe(`error: ${r.file}: 2:7: invalid YAML: the alias *nope names no anchor &nope before it\n`);
  });
});

describe('OS errors', () => {
  const errno = (code: string, syscall: string, path?: string) =>
    Object.assign(new Error(`${code}: raw text, ${syscall}`), { code, syscall, path });

  it('name the path, what went wrong and what to do', () => {
    expect(osFailure(errno('ENOSPC', 'write', 'runs/tiny/report.json'))?.message).toBe(
      'runs/tiny/report.json: no space left on the device — free some space or choose another --out; an interrupted run continues with --resume',
    );
    expect(osFailure(errno('EBUSY', 'rename', '/mnt/x'))?.message).toMatch(/^\/mnt\/x: it is busy — another program/);
    expect(osFailure(errno('EACCES', 'open', '/root/x'))?.message).toMatch(/^\/root\/x: permission denied — change/);
    expect(osFailure(errno('ENOSPC', 'write'))?.message).toMatch(/^a file \(write\): no space left/);
    expect(osFailure(new Error('not an OS error'))).toBeUndefined();
  });
});

describe('integer flags', () => {
  it('--seed beyond 2^53 − 1 is refused before any work', async () => {
    let stderr = '';
    const code = await runCli(['train', join(dir, 'absent.yaml'), '--seed', '99999999999999999999'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--seed: expected an integer ≥ 0 and at most 2\^53 − 1, got 99999999999999999999/);
  });
});

describe('the resume command', () => {
  it('quotes every word the shell would split or expand', () => {
    for (const word of ['runs/tiny', "it's a run", 'a b', '$(touch x)', '`x`', 'a;b', '', '~user', 'x*']) {
      const echoed = spawnSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8', cwd: dir });
      expect(echoed.stdout, word).toBe(word);
    }
    expect(shellWord('runs/tiny-2')).toBe('runs/tiny-2');
  });
});
