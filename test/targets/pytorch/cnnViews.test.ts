/**
 * The PyTorch target's CNNs, augmented views and paired joint (IIC): what it accepts and writes, the views' shift as
 * augment.ts moves pixels, and 2 processes × B/2 against 1 × B (one update against the tfjs lowering: equivalence.test.ts,
 * for every shipped spec). Skipped, saying why, when no python imports torch (.ci/run installs Debian's python3-torch).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { checkPytorchSupport, pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { scratch } from '../../cli/run.ts';
import { python, small, title, torch, expectSameTensors, oneAndTwoProcesses } from './harness.ts';

/** A shipped spec made small: n samples, batches of `batch`, one epoch; the widthScale as shipped. */
const smallSpec = (name: string, n: number, batch: number): Spec => small(`specs/${name}.yaml`, n, batch);

describe('the PyTorch target accepts CNNs and augmented views', () => {
  it('iic-mnist, iic-moons and dms-cnn-mnist pass its check; a view read outside a paired term is refused', () => {
    for (const name of ['iic-mnist', 'iic-moons', 'dms-cnn-mnist'])
      expect(() => checkPytorchSupport(compileSpec(loadSpec(`specs/${name}.yaml`)))).not.toThrow();
    const s = loadSpec('specs/iic-moons.yaml');
    expect(() =>
      checkPytorchSupport(compileSpec({ ...s, objective: { text: "max I(Z;Z') + H(Z')" } } as Spec)),
    ).toThrow(/model\.encoders\[0\]\.also: the PyTorch target reads Phi on X' \(Z'\) only inside paired terms/);
  });

  it("writes IIC's joint of the two views, symmetrised, and the CNN of the spec's widths", () => {
    const text = pytorchProgram(compileSpec(loadSpec('specs/iic-mnist.yaml')), 'data');
    expect(text).toContain(
      'joint = paired_joint(b.probs("Phi", given="X"), b.probs("Phi", given="X\'"), symmetric=True)',
    );
    expect(text).toContain('"Phi": CNN((28, 28, 1), [25, "pool", 25, 50, "pool", 125], 10),');
    expect(text).toContain('VIEWS = {"X\'": {"of": "X", "shift": 2, "mask": 0.1, "noise": 0.1, "image": [28, 28, 1]}}');
  });
});

describe.skipIf(!torch)(title('the PyTorch views'), () => {
  it('shifts an image as src/data/augment.ts does: out[y, x] = image[y − dy, x − dx], 0 outside', () => {
    const dir = scratch();
    const compiled = compileSpec(loadSpec('specs/iic-mnist.yaml'));
    writeFileSync(join(dir, 'train.py'), pytorchProgram(compiled, dir));
    const script = `
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
image = torch.arange(1, 13, dtype=torch.float64).reshape(1, 3, 4, 1)
print(train.shifted(image, torch.tensor([[1, -2]]), 2).reshape(-1).tolist())`;
    const r = python(['-c', script, join(dir, 'train.py')]);
    // a 3×4 image 1..12 moved down 1 and left 2
    expect(JSON.parse(r.stdout)).toEqual([0, 0, 0, 0, 3, 4, 0, 0, 7, 8, 0, 0]);
  });
});

describe.skipIf(!torch)(title('iic-mnist: 2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  it('the parameters after 4 steps agree (float64)', async () => {
    // 210 training digits: 4 steps; float64 keeps the rounding of the two runs' sums below a checkpoint's float32
    expectSameTensors(await oneAndTwoProcesses(smallSpec('iic-mnist', 300, 50)));
  });
});
