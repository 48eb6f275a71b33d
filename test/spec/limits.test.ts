/** Sizes before any work (issue 14, point 6): the memory a spec needs is estimated, and the error names the field. */
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { checkLimits, estimateFootprint } from '../../src/spec/limits.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { BASE_SPEC, variant } from './fixtures.ts';

const spec = (text: string) => parseSpecText(text, 'tiny.yaml');
const GB = 2 ** 30;

describe('spec limits', () => {
  it('the estimate counts data, parameters with their optimiser state, and activations', () => {
    const f = estimateFootprint(spec(BASE_SPEC));
    // data: 200 × 8 floats (twice); layers 8→16→16→1 with biases, 4 copies each; activations of 100 samples, 3 copies
    const layers = [(8 + 1) * 16, (16 + 1) * 16, (16 + 1) * 1];
    const floats = 2 * 200 * 8 + layers.reduce((a, p, i) => a + 4 * p + 3 * 100 * [16, 16, 1][i], 0);
    expect(f.bytes).toBe(4 * floats);
    expect(f.checkpointBytes).toBe(4 * 3 * layers.reduce((a, p) => a + p, 0)); // weights and Adam's two moments
    expect(f.demands.map((d) => d.path)).toEqual([
      'data.n',
      'model.encoders[0].net.hidden[0]',
      'model.encoders[0].net.hidden[1]',
      'model.encoders[0].size',
    ]);
  });

  it('a spec that does not fit names the field that asks the most, with the estimate and the machine’s memory', () => {
    const wide = spec(variant('hidden: [16, 16]', 'hidden: [20000, 20000]'));
    const wideError = /^model\.encoders\[0\]\.net\.hidden\[1\]: the run needs ≈ [\d.]+ GB/;
    expect(() => checkLimits(wide, 1 * GB)).toThrow(wideError);
    expect(() => checkLimits(wide, 1 * GB)).toThrow(/\(20000 units alone ≈ [\d.]+ GB\); this machine has 1\.00 GB$/);
    expect(() => checkLimits(wide, 64 * GB)).not.toThrow();
    const many = spec(variant('n: 200', 'n: 100000000'));
    expect(() => checkLimits(many, 1 * GB)).toThrow(
      /^data\.n: the run needs ≈ [\d.]+ GB of memory \(100000000 samples × 8 values alone/,
    );
  });

  it('sizes no tensor can hold, a name no folder takes, no step per epoch: refused by the compiler', () => {
    expect(() => compileSpec(spec(variant('hidden: [16, 16]', 'hidden: [1e9]')))).toThrow(
      /^model\.encoders\[0\]\.net\.hidden\[0\]: 1000000000 units make a tensor/,
    );
    expect(() => compileSpec(spec(variant('dim: 8', 'dim: 1e9')))).toThrow(
      /^data\.embed\.dim: 200 samples × 1000000000 values make a tensor/,
    );
    expect(() => compileSpec(spec(variant('n: 200', 'n: 1e12')))).toThrow(/^data\.n: 1000000000000 samples/);
    expect(() => compileSpec(spec(variant('name: tiny', `name: ${'a'.repeat(300)}`)))).toThrow(
      /^name: at most 100 characters/,
    );
    const digits = variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  n: 120',
    );
    expect(() => compileSpec(spec(digits))).toThrow(
      /^train\.batch: must not exceed the 84 training samples, or an epoch has no step; got 100/,
    );
    // the full set: n training digits less the validation fraction (10 % by default)
    const fullDigits = digits.replace('  n: 120', '  set: full\n  n: 110');
    expect(() => compileSpec(spec(fullDigits))).toThrow(
      /^train\.batch: must not exceed the 99 training samples, or an epoch has no step; got 100/,
    );
    expect(() => compileSpec(spec(fullDigits.replace('n: 110', 'n: 110\n  validation: 0')))).not.toThrow();
  });
});

describe('what the plan allocates per batch, and the backend’s ceiling (issue 28, point 2)', () => {
  const dms = (n: number) => spec(variant('n: 200', `n: ${n}`).replace('batch: 100', `batch: ${n}`));

  it('R_c’s span noise (batch × batch, from its estimator module) is counted and names train.batch', () => {
    expect(() => compileSpec(dms(50_000), { memoryBytes: 64 * GB, backend: 'cpu' })).toThrow(
      /^train\.batch: R_c's span noise, 50000 × 50000 values, make a tensor of 2\.50e\+9 values/,
    );
    expect(() => compileSpec(dms(35_000), { memoryBytes: 4 * GB, backend: 'cpu' })).toThrow(
      /^train\.batch: the run needs ≈ 4\.\d+ GB of memory \(R_c's span noise, 35000 × 35000 values, alone ≈ 4\.\d+ GB\); this machine has 4\.00 GB$/,
    );
    expect(() => compileSpec(dms(35_000), { memoryBytes: 64 * GB, backend: 'cpu' })).not.toThrow();
  });

  it('the wasm backend (the default) holds at most 4 GB, whatever the machine has', () => {
    expect(() => compileSpec(dms(35_000), { memoryBytes: 64 * GB })).toThrow(
      /^train\.batch: .*; the wasm backend \(the default\) holds at most 4\.00 GB: lower train\.batch, or train with --backend cpu/,
    );
    const wide = spec(variant('hidden: [16, 16]', 'hidden: [30000, 30000]'));
    expect(() => compileSpec(wide, { memoryBytes: 64 * GB })).toThrow(
      /^model\.encoders\[0\]\.net\.hidden\[1\]: the run needs ≈ [\d.]+ GB .* at most 4\.00 GB: lower model\.encoders\[0\]\.net\.hidden\[1\]/,
    );
    expect(() => compileSpec(wide, { memoryBytes: 64 * GB, backend: 'cpu' })).not.toThrow();
  });
});
