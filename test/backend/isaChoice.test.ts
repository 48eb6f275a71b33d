/**
 * The portable native build (issue 27): the addon loaded is one this CPU can run, never a build whose instructions it
 * lacks (that would end the process with SIGILL). chooseBuild against tables of built variants and CPU flags, then the
 * fault injection on the real builds: a process told (INFOBJ_CPU_FLAGS) that this CPU has no AVX-512 and asking for
 * the AVX-512 build (INFOBJ_NATIVE_ISA=avx512) loads the AVX2 baseline and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addonPath, chooseBuild, cpuFlags, type Isa } from '../../src/backend/addon.ts';

const V3 = ['avx', 'avx2', 'fma', 'bmi1', 'bmi2', 'f16c', 'abm', 'movbe', 'xsave'];
const V4 = [...V3, 'avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'];
const built =
  (table: Partial<Record<Isa, string[]>>) =>
  (isa: Isa): string[] | undefined =>
    table[isa];
const both = built({ avx2: V3, avx512: V4 });

describe('chooseBuild', () => {
  it('takes the AVX-512 build on a CPU with AVX-512, the baseline on one without', () => {
    expect(chooseBuild('auto', new Set(V4), both)).toMatchObject({ isa: 'avx512', notes: [] });
    const avx2 = chooseBuild('auto', new Set(V3), both);
    expect(avx2.isa).toBe('avx2');
    expect(avx2.notes).toEqual([
      'the avx512 build needs CPU flags this CPU lacks (avx512f, avx512bw, avx512cd, avx512dq, avx512vl)',
    ]);
  });

  it('refuses an INFOBJ_NATIVE_ISA build the CPU cannot run, and says so', () => {
    const choice = chooseBuild('avx512', new Set([...V3, 'avx512f']), both);
    expect(choice.isa).toBe('avx2');
    expect(choice.notes[0]).toMatch(
      /avx512 build needs CPU flags this CPU lacks \(avx512bw, avx512cd, avx512dq, avx512vl\)/,
    );
    expect(chooseBuild('avx2', new Set(V4), both)).toMatchObject({ isa: 'avx2', notes: [] });
  });

  it('loads nothing when no build fits: an old CPU, or the AVX-512 build alone on an AVX2 CPU', () => {
    const none = chooseBuild('auto', new Set(['sse4_2']), both);
    expect(none.isa).toBeUndefined();
    expect(none).toMatchObject({
      reason: expect.stringContaining('the avx2 build needs CPU flags this CPU lacks (avx,'),
    });
    expect(chooseBuild('auto', new Set(V3), built({ avx512: V4 })).isa).toBeUndefined();
    expect(chooseBuild('auto', new Set(V4), built({}))).toMatchObject({ isa: undefined, reason: 'addon not built' });
  });

  it('with unknown CPU flags trusts only the baseline and builds that need no flags', () => {
    expect(chooseBuild('auto', undefined, both).isa).toBe('avx2');
    expect(chooseBuild('auto', undefined, built({ avx512: V4 })).isa).toBeUndefined();
    expect(chooseBuild('auto', undefined, built({ native: [] })).isa).toBe('native');
  });

  it('a native build is checked against the flags recorded for it', () => {
    expect(chooseBuild('native', new Set(V3), built({ native: V4, avx2: V3 }))).toMatchObject({ isa: 'avx2' });
    expect(chooseBuild('native', new Set(V4), built({ native: V4 }))).toMatchObject({ isa: 'native', notes: [] });
  });
});

const flags = cpuFlags();
const canTest = flags?.has('avx512f') && existsSync(addonPath('avx512')) && existsSync(addonPath('avx2'));

describe.skipIf(!canTest)(
  `a process told the CPU has no AVX-512${canTest ? '' : ' — SKIPPED: needs both builds and an AVX-512 CPU'}`,
  () => {
    it('asks for the AVX-512 build and gets the AVX2 one, with a message, not SIGILL', () => {
      const noAvx512 = [...(flags ?? [])].filter((f) => !f.startsWith('avx512')).join(' ');
      const code = `
      import { useBackend } from './src/backend/index.ts';
      import { loadAddon } from './src/backend/addon.ts';
      await useBackend('wasm');
      const l = loadAddon();
      console.log(JSON.stringify({ isa: l.ok ? l.isa : null, built: l.ok ? l.addon.info().isa : null }));`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        env: { ...process.env, INFOBJ_NATIVE: '1', INFOBJ_CPU_FLAGS: noAvx512, INFOBJ_NATIVE_ISA: 'avx512' },
      });
      expect(run.signal, run.stderr).toBeNull();
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '')).toEqual({ isa: 'avx2', built: 'avx2' });
      expect(run.stderr).toContain(
        'info-objectives: native kernels: the avx512 build needs CPU flags this CPU lacks (avx512f, avx512bw, avx512cd, avx512dq, avx512vl); using the avx2 build',
      );
    });

    it('with no usable build it says how to build one and runs on plain wasm', () => {
      const code = `
      import { useBackend } from './src/backend/index.ts';
      import { loadAddon } from './src/backend/addon.ts';
      await useBackend('wasm');
      console.log(JSON.stringify({ ok: loadAddon().ok }));`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        env: { ...process.env, INFOBJ_NATIVE: '1', INFOBJ_CPU_FLAGS: 'sse4_2' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '')).toEqual({ ok: false });
      expect(run.stderr).toMatch(
        /native kernels unavailable \(the avx512 build needs .*; the avx2 build needs .*\); using the plain wasm kernels \(slower\)\. Build them with: node native\/build\.mjs/,
      );
    });
  },
);
