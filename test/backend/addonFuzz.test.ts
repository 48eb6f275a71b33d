/**
 * Memory safety of the native addon (issue 27): every entry point, called with wrong sizes, negative or huge
 * dimensions, offsets past or outside the heap, short typed arrays, wrong types and missing arguments, throws a JS
 * error (code INFOBJ_NATIVE) or, where the variant is harmless, returns, and the process survives every call. The calls
 * run in a child process (addonFuzz.child.mjs) so that a crash fails this test instead of ending vitest.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseBuild, cpuFlags, type Isa } from '../../src/backend/addon.ts';

type Call = { entry: string; mutation: string; mustReject: boolean; threw: boolean; code?: string; message?: string };

const driver = fileURLToPath(new URL('./addonFuzz.child.mjs', import.meta.url));
/** Every build this CPU can run: each is fuzzed. */
const builds = (['avx512', 'avx2', 'native'] as const)
  .map((isa) => chooseBuild(isa, cpuFlags()))
  .filter((c): c is { isa: Isa; path: string; notes: string[] } => c.isa !== undefined && c.notes.length === 0);

if (builds.length === 0) it.skip('addon fuzz — SKIPPED: no addon build this CPU runs', () => {});

describe.each(builds)('addon fuzz: the $isa build', ({ path }) => {
  const run = spawnSync(process.execPath, [driver, path], {
    encoding: 'utf8',
    env: { ...process.env, INFOBJ_NATIVE_THREADS: '2' },
    maxBuffer: 64 << 20,
  });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
  const calls = lines.map((l) => JSON.parse(l) as Call | { done: true }).filter((c): c is Call => !('done' in c));

  it('the process survives every call', () => {
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(lines.at(-1)).toBe('{"done":true}');
    expect(calls.length).toBeGreaterThan(500);
  });

  it('every entry point is exercised, and its valid call succeeds', () => {
    const entries = new Set(calls.map((c) => c.entry.split(' ')[0]));
    for (const name of ['matmul', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'maxPool', 'maxPoolGrad']
      .concat(['sum', 'binary', 'unary', 'adam', 'batchNorm', 'batchNormGrad', 'tile', 'pairMlp', 'pairMlpGrad'])
      .concat(['eigSym', 'eigSymTop', 'rbfGram', 'info', 'fmaPeak', 'gemmRate']))
      expect(entries, name).toContain(name);
    const failedValid = calls.filter((c) => c.mutation === 'valid' && c.threw);
    expect(failedValid).toEqual([]);
  });

  it('every broken size, offset, shape, broadcast and type is refused with a JS error', () => {
    const accepted = calls.filter((c) => c.mustReject && !(c.threw && c.code === 'INFOBJ_NATIVE'));
    expect(accepted.map((c) => `${c.entry}: ${c.mutation} (${c.threw ? c.message : 'accepted'})`)).toEqual([]);
  });
});
