/**
 * IIC over-clustering from a spec (issue 26): a K-way head and an over-clustering head on one trunk, both on X and on a
 * noisy view X', trained with max I(Z;Z') + I(W;W'); the main head separates the clusters, and the over-clustering
 * head's gradient alone moves the shared trunk.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLatestCheckpoint } from '../../src/run/checkpoints.ts';
import { runNetworks } from '../../src/run/networks.ts';
import { trainSpec } from '../../src/run/run.ts';
import { compileSpec, loadSpec, type Spec } from '../../src/spec/index.ts';
import type { GradientTrainSpec } from '../../src/spec/schema.ts';

const root = mkdtempSync(join(tmpdir(), 'infobj-overcluster-'));

/** A shipped over-clustering spec, smaller: 1,200 points in 64-D, a 128-128 trunk, `epochs` epochs. */
function small(shape: 'blobs' | 'moons', epochs: number, objective?: string): Spec {
  const spec = loadSpec(`specs/iic-overcluster-${shape}.yaml`);
  if (spec.data.kind !== 'synthetic') throw new Error('fixture: the spec has synthetic data');
  const [phi] = spec.model.encoders;
  return {
    ...spec,
    data: { ...spec.data, n: 1200, embed: { dim: 64, rotation: 'random' } },
    model: { ...spec.model, encoders: [{ ...phi, net: { ...phi.net, hidden: [128, 128] } }] },
    objective: objective ? { ...spec.objective, text: objective } : spec.objective,
    train: { ...(spec.train as GradientTrainSpec), epochs, checkpointEvery: epochs },
  };
}

describe('IIC over-clustering: two heads on one trunk', () => {
  it('the main head separates three blobs', async () => {
    const { report } = await trainSpec(small('blobs', 15), { out: join(root, 'blobs') });
    expect(report.estimators.map((e) => e.estimator)).toEqual(['paired-plugin', 'paired-plugin']);
    // chance is ARI 0, two blobs merged in one state 0.57; measured 1.0 here (seed 0); the full spec gave 0.57 (seed
    // 0, two blobs in one state) and 1.0 (seed 1)
    expect(report.metrics.ari).toBeGreaterThan(0.9);
  });

  it('the main head separates two moons better than chance', async () => {
    const { report } = await trainSpec(small('moons', 15), { out: join(root, 'moons') });
    // IIC cuts the moons about straight (docs/reproductions.md: single-head IIC ≈ 0.5, k-means 0.48); chance is 0,
    // measured 0.52 here (seed 0); the full spec gave 0.44 (seed 0) and 0.74 (seed 1)
    expect(report.metrics.ari).toBeGreaterThan(0.3);
  });

  it("the over-clustering head's gradient alone moves the trunk, not the main output layer", async () => {
    const spec = small('blobs', 1, "max I(W;W')");
    const { dir } = await trainSpec(spec, { out: join(root, 'over-only') });
    const before = runNetworks(compileSpec(spec)).Phi.getWeights(); // the initial weights (same seed)
    const after = loadLatestCheckpoint(dir).state.networks;
    const moved = (i: number) => Math.max(...before[i].sub(after[i]).abs().dataSync());
    // the trunk and main output's trainable weights (2 × kernel, BN γ, β; output kernel, bias), their BatchNorm
    // statistics (2 × mean, variance), then the head's kernel and bias
    expect(after).toHaveLength(2 * 3 + 2 + 2 * 2 + 2);
    expect(moved(0)).toBeGreaterThan(1e-4); // the trunk's first kernel
    expect(moved(6)).toBe(0); // the main output layer's kernel: Z is not in this objective
    expect(moved(12)).toBeGreaterThan(1e-4); // the head's kernel
  });
});
