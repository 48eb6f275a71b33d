/**
 * The training worker: compiles the page's spec and prepares its run as `infobj train` does (./session.ts), and runs the
 * library's training loop; after every epoch it sends the loss, the partition of the data and its ARI. Training in a
 * worker keeps the page responsive while the loop runs; the page stops a run by terminating the worker.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { adjustedRandIndex, type Network, runLoop } from '../../src/core.ts';
import { startSession } from './session.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** webgl first (if asked), then wasm, then cpu: the first that initialises. */
async function chooseBackend(wanted: 'webgl' | 'wasm' | 'cpu'): Promise<void> {
  setWasmPaths(new URL('./', self.location.href).href);
  const order = wanted === 'webgl' ? ['webgl', 'wasm', 'cpu'] : wanted === 'wasm' ? ['wasm', 'cpu'] : ['cpu'];
  const failed: string[] = [];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        post({ type: 'backend', name, note: failed.length ? `${failed.join(', ')} unavailable` : undefined });
        return;
      }
    } catch {
      /* try the next one */
    }
    failed.push(name);
  }
  throw new Error('no tfjs backend could be initialised');
}

/** argmax of the encoder's output per row: the partition the run has found. */
function partitionOf(net: Network, family: string, x: tf.Tensor2D): Int32Array {
  return tf.tidy(() => {
    const raw = net.apply(x, false);
    const k = family === 'bernoulli' ? tf.cast(tf.greater(tf.reshape(raw, [-1]), 0), 'int32') : tf.argMax(raw, 1);
    return Int32Array.from(k.dataSync());
  });
}

async function train(m: ToWorker): Promise<void> {
  const started = performance.now();
  await chooseBackend(m.backend);
  // a page has no os.totalmem(): it budgets the device memory the browser reports, else 2 GiB
  const deviceGiB = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 2;
  const { spec, compiled, training, evaluated, run } = startSession(m.spec, deviceGiB * 2 ** 30);
  const train = compiled.data.train;
  const net = run.nets[evaluated.name];
  post({
    type: 'data',
    plane: train.plane ?? new Float32Array(train.x.subarray(0, train.n * 2)),
    labels: train.labels ?? new Int32Array(train.n),
    describe: `${train.name}: n = ${train.n}, ${train.dim}-D · ${net.describe}`,
  });
  const x = tf.tensor2d(train.x, [train.n, train.dim]);
  let [lossSum, steps] = [0, 0];
  await runLoop(
    run.trainable,
    { ...training, seed: spec.seed },
    {
      onStep: ({ loss }) => {
        lossSum += loss;
        steps++;
      },
      onEpoch: (epoch) => {
        const partition = partitionOf(net, evaluated.family, x);
        const ari = train.labels ? adjustedRandIndex(train.labels, partition) : Number.NaN;
        const loss = lossSum / steps;
        [lossSum, steps] = [0, 0];
        const seconds = (performance.now() - started) / 1000;
        post({ type: 'epoch', epoch, epochs: training.epochs, loss, ari, partition, seconds }, [partition.buffer]);
        return { ari };
      },
    },
  );
  x.dispose();
  run.dispose();
  post({ type: 'done', seconds: (performance.now() - started) / 1000 });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  if (e.data.type === 'train')
    train(e.data).catch((err: unknown) =>
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
};
