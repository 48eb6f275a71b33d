// VAE (lecture notes §1.3): the ELBO E_{z~q}[log p(x|z)] − KL(q(z|x) ‖ N(0, I)) and its joint form
// E_{z~q}[log p(x, z) − log q(z|x)] (Appendix A.3.1) are one objective: with the same reparameterised z they agree in
// value and in every gradient on the MNIST VAE itself. The planner then prefers the closed-form KL; a few epochs of
// training follow.
import * as tf from '@tensorflow/tfjs';
import {
  checkEquivalent,
  conditional,
  encoder,
  explain,
  KL,
  lectureNotes,
  loadMnist,
  makeTrainable,
  mlp,
  plan,
  prior,
  runLoop,
  variable,
  useBackend,
} from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const X = variable('X'),
  Z = variable('Z');
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 8 });
const dec = encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 784 });
const elbo = lectureNotes.elbo(q, dec);
const joint = lectureNotes.elboJoint(q, dec);
console.log(explain(plan(elbo)));
console.log(explain(plan(joint)));

const { train } = loadMnist({ n: 1000, seed: 0 });
const nets = {
  q: mlp({ input: 784, hidden: [64], output: 16, seed: 1 }),
  dec: mlp({ input: 8, hidden: [64], output: 784, seed: 2 }),
};
const batchOf = (draw: number) => tf.tensor2d(train.x.subarray(draw * 100 * 784, (draw + 1) * 100 * 784), [100, 784]);
const report = checkEquivalent(elbo, joint, {
  draws: 3,
  // the KL at the same z as log p(x|z), like the joint form
  pins: [[{ expr: KL(conditional(q), prior(Z, 'standard-normal')), estimator: 'reparam-mc' }], []],
  setup: (draw) => {
    const x = batchOf(draw);
    return {
      inputs: { batch: { X: x }, models: nets, seed: draw + 1 },
      variables: [...nets.q.trainableVariables, ...nets.dec.trainableVariables],
      dispose: () => x.dispose(),
    };
  },
});
console.log(
  `ELBO ≡ joint form on MNIST batches: ${report.equivalent} (largest relative difference: value ${report.maxRelValueDiff.toExponential(1)}, gradient ${report.maxRelGradDiff.toExponential(1)})`,
);

const history = await runLoop(
  makeTrainable({ encoders: [q, dec], objective: elbo, plan: plan(elbo), hypers: {} }, nets, { X: train }, [784]),
  { epochs: 4, batch: 100, lr: 1e-3, optimizer: 'adam', seed: 0 },
);
console.log(`−ELBO per epoch (nats per digit): ${history.map((h) => h.loss.toFixed(1)).join(' → ')}`);
