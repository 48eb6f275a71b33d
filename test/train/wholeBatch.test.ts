/**
 * `train.marginal: batch`: micro-batches that share the whole batch's marginals E_x[L(x)] give the whole batch's
 * gradient exactly (src/train/wholeBatch.ts), where micro-batches with their own marginals give another one.
 */
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/prepare.ts';
import { compileSpec, parseSpecText, SpecError } from '../../src/spec/index.ts';
import { runLoop } from '../../src/train/loop.ts';

/**
 * Neural Bayes Eq. 23 (Bayes ratios through the marginal, with gradient), R_p and H(Z) (Theorem 2) on 64 points, and
 * R_c at β = 0 (its noise is each micro-batch's; it is computed, and left out of the slopes); no BatchNorm, whose
 * statistics are each micro-batch's own in either scope.
 */
const spec = (train: string, objective = EQ23) => `name: shared-marginal
seed: 3
data: { kind: synthetic, shape: blobs, clusters: 3, n: 64, noise: 0.3, embed: { dim: 6, rotation: random } }
model:
  encoders:
    - { name: L, family: categorical, size: 3, net: { kind: mlp, hidden: [16], batchNorm: false } }
objective:
  text: "${objective}"
  hypers: { γ: 0.5, β: 0 }
train: { optimizer: sgd, lr: 1, batch: 64, epochs: 1, ${train} }
eval: { metrics: [ari] }
`;
const EQ23 =
  'max (1/3)·JSD[0.5, 0.5](p(x|z=0), p(x|z≠0)) + (1/3)·JSD[0.5, 0.5](p(x|z=1), p(x|z≠1)) + (1/3)·JSD[0.5, 0.5](p(x|z=2), p(x|z≠2)) + H(Z) − γ·R_p(L) − β·R_c(L)';

/**
 * The DMS preset (Neural Bayes Eq. 5: the marginals E_x[L(x)] written in the objective) on a Bernoulli encoder, R_c at
 * β = 0.
 */
const dmsSpec = (train: string) => `name: shared-marginal-dms
seed: 3
data: { kind: synthetic, shape: moons, n: 64, noise: 0.1, embed: { dim: 6, rotation: random } }
model:
  encoders:
    - { name: L, family: bernoulli, size: 1, net: { kind: mlp, hidden: [16], batchNorm: false } }
objective: { preset: dms, hypers: { β: 0 } }
train: { optimizer: sgd, lr: 1, batch: 64, epochs: 1, ${train} }
eval: { metrics: [ari] }
`;

/** The weights after `steps` (0 or 1) SGD steps of rate 1 from the spec's initial weights, micro-batches of `micro`. */
async function stepped(
  micro: number,
  marginal?: 'batch',
  steps = 1,
  text = spec,
): Promise<{ weights: Float32Array[]; loss: number }> {
  const train = micro < 64 ? `microBatch: ${micro}${marginal ? `, marginal: ${marginal}` : ''}` : '';
  const prepared = prepareRun(compileSpec(parseSpecText(text(train), 'spec.yaml')));
  try {
    const loop = { epochs: steps, batch: 64, microBatch: micro, lr: 1, optimizer: 'sgd', seed: 3 } as const;
    const history = await runLoop(prepared.trainable, loop);
    const weights = prepared.trainable.state().map((t) => t.dataSync().slice() as Float32Array);
    return { weights, loss: history[0]?.loss ?? Number.NaN };
  } finally {
    prepared.dispose();
  }
}

const largestDifference = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i][j])))));

describe('micro-batches sharing the whole batch marginal', () => {
  it('give the whole batch gradient and loss; with their own marginals they do not', async () => {
    const whole = await stepped(64);
    const shared = await stepped(16, 'batch');
    const own = await stepped(16);
    const moved = largestDifference(whole.weights, (await stepped(64, undefined, 0)).weights);
    expect(moved).toBeGreaterThan(1e-2);
    expect(largestDifference(shared.weights, whole.weights)).toBeLessThan(1e-5 * Math.max(1, moved));
    expect(shared.loss).toBeCloseTo(whole.loss, 5);
    expect(largestDifference(own.weights, whole.weights)).toBeGreaterThan(1e-3);
  });

  it('give the whole batch gradient where the objective writes the marginals E_x[L(x)] itself (DMS, Eq. 5)', async () => {
    const whole = await stepped(64, undefined, 1, dmsSpec);
    const shared = await stepped(16, 'batch', 1, dmsSpec);
    const own = await stepped(16, undefined, 1, dmsSpec);
    expect(largestDifference(shared.weights, whole.weights)).toBeLessThan(1e-5);
    expect(shared.loss).toBeCloseTo(whole.loss, 5);
    expect(largestDifference(own.weights, whole.weights)).toBeGreaterThan(1e-4);
  });

  it('are refused where no term reads a batch marginal, and without micro-batches', () => {
    const refused = (train: string, objective?: string) => {
      try {
        compileSpec(parseSpecText(spec(train, objective), 'spec.yaml'));
      } catch (e) {
        expect(e).toBeInstanceOf(SpecError);
        return (e as Error).message;
      }
      return 'compiled';
    };
    expect(refused('microBatch: 16, marginal: batch', 'max −H(Z|X) + γ·H(Z|X) − β·R_c(L)')).toMatch(
      /train\.marginal: batch: no term of the objective reads a batch marginal/,
    );
    expect(refused('marginal: batch')).toMatch(/train\.marginal: batch: the marginal is the whole batch's already/);
    expect(refused('microBatch: 16, marginal: all')).toMatch(/train\.marginal/);
  });
});
