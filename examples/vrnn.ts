// A variational RNN with the conditional prior (lecture notes §1.4.1) on noisy sine waves: the ELBO written in the DSL,
// planned (reparameterised log-likelihood, closed-form KL between the posterior and the conditional prior) and trained.
import * as tf from '@tensorflow/tfjs';
import { encoder, explain, lower, parse, plan, sineSequences, variable, vrnn, useBackend } from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const T = 20,
  dz = 2,
  batch = 64;
const steps = process.env.INFOBJ_QUICK ? 10 : 300;
const X = variable('X'),
  Z = variable('Z');
const encoders = [
  encoder(Z, X, { family: 'gaussian', model: 'q', size: T * dz }), //     q(z_t | h_{t−1}, x_t), flattened over t
  encoder(Z, X, { family: 'gaussian', model: 'prior', size: T * dz }), // p(z_t | h_{t−1})
  encoder(X, Z, { family: 'gaussian', model: 'dec', size: T }), //         p(x_t | h_{t−1}, z_t)
];
const elbo = parse('max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))', { encoders });
const planned = plan(elbo);
console.log(explain(planned));

// one GRU module, three views
const net = vrnn({ steps: T, stepDim: 1, latentDim: dz, units: 32, hidden: [32], seed: 0 });
const models = { q: net.posterior, prior: net.prior, dec: net.decoder };
const { loss, value } = lower(planned, encoders);
const data = sineSequences({ n: 8 * batch, steps: T, noise: 0.1 }, 0);
const rows = (i: number) => tf.tensor2d(data.x.subarray(i * batch * T, (i + 1) * batch * T), [batch, T]);
const validation = rows(7);
const validationElbo = () =>
  tf.tidy(() => value({ batch: { X: validation }, models, seed: 1, training: false }).dataSync()[0]);

console.log(`validation ELBO before training: ${validationElbo().toFixed(2)} nats per sequence`);
const adam = tf.train.adam(0.005);
for (let step = 0; step < steps; step++)
  tf.tidy(() => {
    adam.minimize(
      () => loss({ batch: { X: rows(step % 7) }, models, seed: step + 1 }),
      false,
      net.posterior.trainableVariables,
    );
  });
console.log(`validation ELBO after ${steps} steps: ${validationElbo().toFixed(2)} nats per sequence`);
