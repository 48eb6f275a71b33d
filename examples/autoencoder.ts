// Autoencoder and denoising autoencoder (lecture notes §1.1–1.2) on MNIST digits: a deterministic encoder z = f(x), a
// Bernoulli decoder p(x|z), and max E_x[log p(x|f(x))]. The denoising encoder sees x with 30 % of its pixels dropped
// while training; both are scored on clean held-out digits.
import * as tf from '@tensorflow/tfjs';
import {
  conditional,
  E,
  encoder,
  explain,
  loadMnist,
  logDensity,
  lower,
  makeTrainable,
  maximize,
  mlp,
  plan,
  runLoop,
  variable,
  useBackend,
} from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const X = variable('X'),
  Z = variable('Z');
const f = encoder(Z, X, { family: 'deterministic', model: 'f', size: 16 });
const dec = encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 784 });
const objective = maximize(E(X, logDensity(conditional(dec)))); // names only the decoder: z is f's output
const planned = plan(objective);
console.log(explain(planned));

const { train, test } = loadMnist({ n: 1000, seed: 0 });
const heldOut = tf.tensor2d(test.x, [test.n, test.dim]);
for (const [name, inputDropout] of [
  ['autoencoder', undefined],
  ['denoising autoencoder', 0.3],
] as const) {
  const nets = {
    f: mlp({ input: 784, hidden: [64], output: 16, inputDropout, seed: 1 }),
    dec: mlp({ input: 16, hidden: [64], output: 784, seed: 2 }),
  };
  const reconstruction = () =>
    lower(planned, [f])
      .loss({ batch: { X: heldOut }, models: nets, training: false })
      .dataSync()[0]; // −E log p(x|f(x))
  const before = reconstruction();
  await runLoop(
    makeTrainable({ encoders: [f, dec], objective, plan: planned, hypers: {} }, nets, { X: train }, [784]),
    { epochs: 4, batch: 100, lr: 1e-3, optimizer: 'adam', seed: 0 },
  );
  console.log(
    `${name}: held-out reconstruction loss ${before.toFixed(1)} → ${reconstruction().toFixed(1)} nats per digit`,
  );
}
