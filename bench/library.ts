/**
 * Training steps through the library's own pipeline — objective → plan → lower → the training loop — on random inputs
 * shaped like MNIST: the MIM MLP step, the Neural Bayes CNN DMS step, the VAE step. Time per optimiser update.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../src/backend/index.ts';
import type { Dataset } from '../src/data/index.ts';
import { parseSpecText } from '../src/spec/index.ts';
import { runLoop } from '../src/train/loop.ts';
import { buildNetworks } from '../src/run/networks.ts';
import { compileSpec } from '../src/spec/compile.ts';
import { makeTrainable } from '../src/train/trainable.ts';

export type LibraryStep = 'mlp-mim' | 'cnn-dms' | 'vae';

const SPECS: Record<LibraryStep, string> = {
  // the workload of /work/shared/bench/torch_peer.py: MLP 784-500-500-10, MIM (Eq. 8 plug-in), Adam, batch 500
  'mlp-mim': `model: { encoders: [ { name: L, family: categorical, size: 10, net: { kind: mlp, hidden: [500, 500], batchNorm: false } } ] }
objective: { preset: mim }`,
  // Neural Bayes Appendix C CNN with BatchNorm, multi-partition DMS (Eq. 23, K = 10)
  'cnn-dms': `model: { encoders: [ { name: L, family: categorical, size: 10, net: { kind: cnn-mnist } } ] }
objective: { preset: dms-multi }`,
  // lecture notes §3: Gaussian encoder 784-400-(2×16), Bernoulli decoder 16-400-784
  vae: `model:
  encoders:
    - { name: q, target: Z, given: X, family: gaussian, size: 16, net: { kind: mlp, hidden: [400], batchNorm: false } }
    - { name: dec, target: X, given: Z, family: bernoulli, size: 784, net: { kind: mlp, hidden: [400], batchNorm: false } }
objective: "max E_x[log[p(x|z)]] − KL(p(z|x) ‖ N(z))"`,
};

/** Warm-up updates and timed updates per step: those of the PyTorch twins (torch_peer.py, torch_more.py, torch_cnn.py). */
const COUNTS: Record<LibraryStep, [warm: number, steps: number]> = {
  'mlp-mim': [5, 30],
  'cnn-dms': [2, 4],
  vae: [3, 20],
};

/** ms per update of `step`, batch 500, Adam, over `steps` updates after the warm-up ones. */
export async function benchLibraryStep(
  step: LibraryStep,
  o: { backend: BackendName; native: boolean; stock?: boolean; steps?: number },
): Promise<{ ms_per_step: number; samples_per_s: number; cpu_ms_per_step: number }> {
  await useBackend(o.backend, { native: o.native, stock: o.stock });
  const batch = 500;
  const [warm, counted] = COUNTS[step];
  const steps = o.steps ?? counted;
  const spec = parseSpecText(
    `name: bench\nseed: 0\ndata: { kind: mnist, n: 1000 }\n${SPECS[step]}\ntrain: { lr: 0.001, batch: ${batch}, epochs: 1 }\neval: { metrics: [] }\n`,
  );
  const n = batch * Math.max(steps, warm);
  const x = tf.tidy(() =>
    step === 'vae'
      ? tf.cast(tf.greater(tf.randomUniform([n, 784], 0, 1, 'float32', 1), 0.5), 'float32')
      : tf.randomUniform([n, 784], 0, 1, 'float32', 1),
  );
  const data: Dataset = { name: 'random 28×28', x: x.dataSync() as Float32Array, n, dim: 784, imageShape: [28, 28, 1] };
  x.dispose();
  const compiled = compileSpec(spec);
  const nets = buildNetworks(compiled.networks, data);
  const trainable = makeTrainable(compiled, nets, { X: data }, compiled.sample);
  const config = { epochs: 1, batch, lr: 1e-3, optimizer: 'adam' as const, seed: 0 };
  await runLoop({ ...trainable, samples: batch * warm }, config); // warm-up (V8 compiles the step's code meanwhile)
  const t0 = performance.now(),
    cpu0 = process.cpuUsage();
  await runLoop({ ...trainable, samples: batch * steps }, config);
  const ms = (performance.now() - t0) / steps;
  const cpu = process.cpuUsage(cpu0);
  Object.values(nets).forEach((net) => net.dispose());
  // CPU time (all threads) per step: steadier than wall time when other jobs share the cores
  const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
  return { ms_per_step: ms, samples_per_s: (batch * 1000) / ms, cpu_ms_per_step: cpuMs };
}
