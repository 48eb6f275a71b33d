/** No tensor leaks: 1,000 updates of a planned objective (MIM-v2 with R_p and R_c) through the library's loop. */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { makeSynthetic } from '../../src/data/index.ts';
import { parseSpecText } from '../../src/spec/index.ts';
import { runLoop } from '../../src/train/loop.ts';
import { buildNetworks } from '../../src/run/networks.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { makeTrainable } from '../../src/train/trainable.ts';

it('tf.memory().numTensors stays flat over 1,000 training steps', async () => {
  const spec = parseSpecText(`name: leak
seed: 0
data: { kind: synthetic, shape: blobs, clusters: 3, n: 64, noise: 0.3 }
model: { encoders: [ { name: L, family: categorical, size: 3, net: { kind: mlp, hidden: [8], batchNorm: true } } ] }
objective: { preset: mim-v2, hypers: { α: 1, β: 0.1 } }
train: { lr: 0.001, batch: 16, microBatch: 8, epochs: 1 }
eval: { metrics: [] }
`);
  const data = makeSynthetic({ shape: 'blobs', clusters: 3, n: 64, noise: 0.3 }, 0);
  const compiled = compileSpec(spec);
  const nets = buildNetworks(compiled.networks, data);
  const trainable = makeTrainable(compiled, nets, { X: data }, [data.dim]);
  const config = { epochs: 10, batch: 16, microBatch: 8, lr: 1e-3, optimizer: 'adam' as const, seed: 0 };
  const counts: number[] = [];
  for (let round = 0; round < 4; round++) {
    await runLoop(trainable, { ...config, epochs: 63 }); // 252 updates, each from 2 accumulated micro-batches
    counts.push(tf.memory().numTensors);
  }
  // each runLoop makes its own optimiser and disposes it: after the first round, the count must not move
  expect(counts[3]).toBe(counts[1]);
  expect(counts[2]).toBe(counts[1]);
}, 120_000);
