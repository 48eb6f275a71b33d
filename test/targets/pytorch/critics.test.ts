/**
 * Critic bounds in the generated PyTorch program: against the tfjs lowering (same initial weights of the encoders and
 * the critic, same batch: the loss and every parameter gradient, the critic's included), and 2 processes × B/2 against
 * 1 × B (the critic's scores over the all-gathered minibatch). Skipped, saying why, when no python imports torch.
 */
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { scratch, writeSpec } from '../../cli/run.ts';
import { expectAgreement, oneUpdate, small, title, torch, expectSameTensors, oneAndTwoProcesses } from './harness.ts';

// float32 tolerances: the critic's sums and the log-mean-exps run in another order; measured ≤ 1e-6 relative on the
// loss and ≤ 2e-6 on a gradient. VANISHING is an absolute floor for a gradient that is 0 in exact arithmetic: the critic's
// output bias under InfoNCE and Donsker–Varadhan, which a constant shift of T leaves unchanged (float32 leaves ≈ 6e-8).
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;
const VANISHING = 1e-6;

/** The tfjs update of `spec` on one batch against the PyTorch program's, the critic's gradients included. */
async function compareOneBatch(spec: Spec) {
  const compiled = compileSpec(spec);
  expect(compiled.plan.terms.some((t) => t.network)).toBe(true);
  expectAgreement(await oneUpdate(compiled), { loss: LOSS_TOLERANCE, gradient: GRADIENT_TOLERANCE, floor: VANISHING });
}

describe.skipIf(!torch)(title('a critic bound in the PyTorch program computes the tfjs lowering'), () => {
  // cpc-mnist-halves and dim-jsd-mnist as shipped: equivalence.test.ts (every shipped spec)
  // the other formulas over the same critic scores, and TUBA's and FLO's second output
  for (const bound of ['mine', 'nwj', 'smile', 'tuba', 'flo'] as const)
    it(`dim-jsd-mnist with I(X;Z) pinned to ${bound}: the loss and every parameter gradient agree`, () =>
      compareOneBatch(
        small('specs/dim-jsd-mnist.yaml', 200, 50, 1, { text: 'max I(X;Z)', pins: { 'I(X;Z)': bound } }),
      ));

  it('an adversarial critic (min I(X;Z) by NWJ): reversed inputs, the bound played against, gradients agree', () =>
    compareOneBatch(small('specs/dim-jsd-mnist.yaml', 200, 50, 1, { text: 'min I(X;Z)', pins: { 'I(X;Z)': 'nwj' } })));

  it('a GAN discriminator (min JSD(p(x), p(g)), the non-saturating step): the loss and every gradient agree', () => {
    const file = writeSpec(
      scratch(),
      'gan.yaml',
      `name: gan-moons
seed: 0
data: { kind: synthetic, shape: moons, n: 200, noise: 0.1 }
model:
  encoders:
    - { name: G, target: G, given: X, family: deterministic, size: 2, net: { kind: mlp, hidden: [16], batchNorm: false } }
objective: "min JSD[0.5, 0.5](p(x), p(g))"
train: { optimizer: adam, lr: 0.001, batch: 50, epochs: 1 }
eval: { metrics: [] }
`,
    );
    return compareOneBatch(loadSpec(file));
  });
});

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B with a critic'), () => {
  it('cpc-mnist-halves: the parameters after 5 steps agree (float64), the critic’s included', async () => {
    // 140 training rows (the rest held out for the probe), batches of 28: 5 steps
    const runs = await oneAndTwoProcesses(small('specs/cpc-mnist-halves.yaml', 200, 28, 1));
    const { one } = runs;
    // the networks' tensors: Φ's, Ψ's, 7 each (kernel, BatchNorm γ β, kernel, bias, BatchNorm statistics), then
    // the critic's 256-256-1 kernels and biases (what a checkpoint stores: float32)
    expect(one.networks.length).toBe(2 * 7 + 6);
    // except the critic's output bias: InfoNCE is unchanged by a constant shift of T, so its gradient is 0 up to
    // rounding, which Adam's normalised step turns into moves of ±lr in either run
    expectSameTensors(runs, [one.networks.length - 1]);
  });
});
