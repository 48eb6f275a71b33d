// Information Bottleneck, variational form (lecture notes §3): max E[log p(y|z)] − β·KL(q(z|x) ‖ N(0, I)) with a
// Gaussian encoder q(z|x) and a softmax classifier p(y|z), on MNIST digits. For a small and a large β: the held-out
// accuracy of z ~ q(z|x), and what z keeps of x — the rate E_x KL(q(z|x) ‖ N(0, I)) (an upper bound on I(X;Z)) and the
// aggregate-posterior estimate of I(X;Z) (at most log N).
import * as tf from '@tensorflow/tfjs';
import {
  aggregateMutualInformation,
  conditional,
  E,
  encoder,
  gaussianRate,
  hyper,
  KL,
  loadMnist,
  logDensity,
  makeTrainable,
  maximize,
  mlp,
  mul,
  plan,
  print,
  prior,
  runLoop,
  sub,
  variable,
  type Dataset,
  useBackend,
} from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const X = variable('X'),
  Z = variable('Z'),
  Y = variable('Y');
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 8 });
const clf = encoder(Y, Z, { family: 'categorical', model: 'clf', size: 10 });
const ib = maximize(
  sub(E(X, logDensity(conditional(clf))), mul(hyper('β'), KL(conditional(q), prior(Z, 'standard-normal')))),
);
console.log(print(ib));

const { train, test } = loadMnist({ n: 1500, seed: 0 });
const oneHot = (ds: Dataset): Dataset => ({
  name: 'labels',
  n: ds.n,
  dim: 10,
  x: Float32Array.from({ length: ds.n * 10 }, (_, i) => (ds.labels![Math.floor(i / 10)] === i % 10 ? 1 : 0)),
});
const xTest = tf.tensor2d(test.x, [test.n, test.dim]);
for (const β of [1e-3, 1]) {
  const nets = {
    q: mlp({ input: 784, hidden: [64], output: 16, seed: 1 }),
    clf: mlp({ input: 8, hidden: [], output: 10, seed: 2 }),
  };
  await runLoop(
    makeTrainable(
      { encoders: [q, clf], objective: ib, plan: plan(ib), hypers: { β } },
      nets,
      { X: train, Y: oneHot(train) },
      [784],
    ),
    { epochs: 4, batch: 50, lr: 1e-3, optimizer: 'adam', seed: 0 },
  );
  const [mean, logVar] = tf.split(nets.q.apply(xTest, false), 2, 1);
  const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.randomNormal(mean.shape, 0, 1, 'float32', 3)));
  const predicted = Array.from(tf.argMax(nets.clf.apply(z, false), 1).dataSync());
  const accuracy = predicted.reduce((s, p, i) => s + (p === test.labels![i] ? 1 : 0), 0) / test.n;
  const codes = { mean: mean.dataSync() as Float32Array, logVar: logVar.dataSync() as Float32Array, dim: q.size };
  const { estimate, logN } = aggregateMutualInformation(codes, 0);
  console.log(
    `β = ${β}: accuracy of z ~ q(z|x) ${(100 * accuracy).toFixed(1)} %, rate ${gaussianRate(codes).toFixed(2)} nats, I(X;Z) ≈ ${estimate.toFixed(2)} nats (≤ log N = ${logN.toFixed(2)})`,
  );
}
