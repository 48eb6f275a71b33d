/**
 * The loaded build is the best one the CPU runs: with AVX-512 the AVX-512 kernels, with only AVX2 the AVX2 ones.
 * Every ISA build present (native/build-avx2, native/build-avx512, native/build) that this CPU can run is then
 * checked for correctness on its own, through the addon's entry points on a private heap, against direct loops:
 * SGEMM in the four transpose cases (tile edges included) and the convolution with both gradients.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  addonPath,
  chooseBuild,
  cpuFlags,
  type Isa,
  loadAddon,
  requestedIsa,
  type NativeAddon,
} from '../../src/backend/addon.ts';
import { makeRng } from '../../src/data/rng.ts';

const flags = existsSync('/proc/cpuinfo')
  ? new Set((readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/))
  : undefined;

/** The ISA a build reports (isa.h): the variant's own, or for `native` the best this CPU has. */
function expectedIsa(isa: Isa, f: Set<string>): string {
  if (isa !== 'native') return isa;
  if (f.has('avx512f')) return 'avx512';
  if (f.has('avx2') && f.has('fma')) return 'avx2';
  return f.has('avx') ? 'avx' : 'generic';
}

const load = loadAddon();

describe.skipIf(!load.ok || !flags)(`loaded build${load.ok ? '' : ` — SKIPPED: ${load.ok ? '' : load.reason}`}`, () => {
  it('is the best built one this CPU runs (or INFOBJ_NATIVE_ISA when set), and reports its ISA', () => {
    if (!load.ok || !flags) return;
    const info = load.addon.info();
    const requested = requestedIsa();
    const best = (['avx512', 'avx2', 'native'] as const).find((isa) => chooseBuild(isa, cpuFlags()).isa === isa);
    expect(load.isa).toBe(requested === 'auto' ? best : requested);
    const want = expectedIsa(load.isa, flags);
    expect(info.isa).toBe(want);
    expect(info.vectorFloats).toBe({ avx512: 16, avx2: 8, avx: 8, generic: 4 }[want]);
    expect(info.gemmTile).toBe({ avx512: '12x32', avx2: '6x16', avx: '6x16', generic: '4x8' }[want]);
  });
});

/** A float32 heap with a bump allocator, for calling the addon without tfjs. */
class Heap {
  readonly buffer = new ArrayBuffer(64 << 20);
  private top = 64;
  put(values: ArrayLike<number>): number {
    const at = this.top;
    new Float32Array(this.buffer, at, values.length).set(values);
    this.top += Math.ceil((values.length * 4) / 64) * 64 + 64;
    return at;
  }
  zeros(n: number): number {
    return this.put(new Float32Array(n));
  }
  get(at: number, n: number): Float32Array {
    return new Float32Array(this.buffer, at, n).slice();
  }
}

const rng = makeRng(11);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);

function expectClose(actual: Float32Array, expected: Float64Array): void {
  let scale = 1,
    worst = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(2e-5 * scale);
}

const present = (isa: Isa) => existsSync(addonPath(isa)) && chooseBuild(isa, cpuFlags()).isa === isa;
const builds = process.env.INFOBJ_NATIVE === '0' ? [] : (['native', 'avx2', 'avx512'] as const).filter(present);

describe.skipIf(builds.length === 0)('each ISA build present', () => {
  const addons = new Map(builds.map((isa) => [isa, createRequire(import.meta.url)(addonPath(isa)) as NativeAddon]));

  it.each(builds)('%s: reports the ISA it was built for', (isa) => {
    const info = addons.get(isa)!.info();
    if (isa !== 'native') expect(info.isa).toBe(isa);
    else if (flags) expect(info.isa).toBe(expectedIsa(isa, flags));
  });

  it.each(builds)('%s: SGEMM in all transpose cases against a direct loop', (isa) => {
    const addon = addons.get(isa)!;
    // sizes around the tiles (6x16, 12x32), K chunking (KC = 256) and the threading threshold
    for (const [m, n, k] of [
      [1, 1, 1],
      [7, 17, 3],
      [13, 33, 300],
      [37, 53, 29],
      [97, 131, 517],
      [200, 300, 260],
    ]) {
      for (const [ta, tb] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const heap = new Heap();
        const A = random(m * k),
          B = random(k * n);
        const a = heap.put(A),
          b = heap.put(B),
          c = heap.zeros(m * n);
        addon.matmul(heap.buffer, a, b, c, 1, 1, m, n, k, ta, tb, [-1, 0, 0]);
        const ref = new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += A[ta ? p * m + i : i * k + p] * B[tb ? j * k + p : p * n + j];
            ref[i * n + j] = s;
          }
        expectClose(heap.get(c, m * n), ref);
      }
    }
  });

  it.each(builds)('%s: conv2d forward and both gradients against direct loops', (isa) => {
    const addon = addons.get(isa)!;
    // [batch, h, w, ic, oc, f, stride, pad]
    const cases = [
      [3, 9, 8, 5, 7, 3, 1, 1],
      [2, 11, 10, 3, 20, 3, 2, 0],
      [4, 6, 6, 16, 33, 1, 1, 0],
    ];
    for (const [nb, h, w, ic, oc, f, s, pad] of cases) {
      const oh = Math.floor((h + 2 * pad - f) / s) + 1,
        ow = Math.floor((w + 2 * pad - f) / s) + 1;
      const X = random(nb * h * w * ic),
        W = random(f * f * ic * oc),
        DY = random(nb * oh * ow * oc);
      const dims = Int32Array.from([nb, h, w, ic, oh, ow, oc, f, f, s, s, 1, 1, pad, pad]);
      const heap = new Heap();
      const x = heap.put(X),
        wt = heap.put(W),
        dy = heap.put(DY);
      const y = heap.zeros(DY.length),
        dx = heap.zeros(X.length),
        dw = heap.zeros(W.length);
      addon.conv2d(heap.buffer, dims, x, wt, y);
      addon.conv2dBackpropInput(heap.buffer, dims, dy, wt, dx);
      addon.conv2dBackpropFilter(heap.buffer, dims, x, dy, dw);
      const ry = new Float64Array(DY.length),
        rdx = new Float64Array(X.length),
        rdw = new Float64Array(W.length);
      for (let b = 0; b < nb; b++)
        for (let i = 0; i < oh; i++)
          for (let j = 0; j < ow; j++)
            for (let p = 0; p < f; p++)
              for (let q = 0; q < f; q++) {
                const r = i * s - pad + p,
                  c = j * s - pad + q;
                if (r < 0 || r >= h || c < 0 || c >= w) continue;
                for (let k = 0; k < ic; k++)
                  for (let o = 0; o < oc; o++) {
                    const xi = ((b * h + r) * w + c) * ic + k,
                      wi = ((p * f + q) * ic + k) * oc + o;
                    const yi = ((b * oh + i) * ow + j) * oc + o;
                    ry[yi] += X[xi] * W[wi];
                    rdx[xi] += W[wi] * DY[yi];
                    rdw[wi] += X[xi] * DY[yi];
                  }
              }
      expectClose(heap.get(y, ry.length), ry);
      expectClose(heap.get(dx, rdx.length), rdx);
      expectClose(heap.get(dw, rdw.length), rdw);
    }
  });
});
