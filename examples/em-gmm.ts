// EM for a Gaussian mixture on three 2-D blobs (lecture notes Appendix A.3.1): alternate the E and M steps and watch
// the log-likelihood rise; the ELBO at the E step's q equals it (the bound is tight).
import * as tf from '@tensorflow/tfjs';
import { em, makeSynthetic, useBackend } from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const data = makeSynthetic({ shape: 'blobs', clusters: 3, n: 600, noise: 0.6 }, 4);
const x = tf.tensor2d(data.x, [data.n, data.dim]);
let mixture: em.Mixture = {
  logits: tf.zeros([3]),
  means: tf.randomNormal([3, 2], 0, 1, 'float32', 7),
  logVars: tf.zeros([3, 2]),
};
for (let t = 0; t <= 20; t++) {
  const q = em.eStep(x, mixture);
  if (t % 5 === 0) {
    const ll = em.logLikelihood(x, mixture).dataSync()[0];
    const elbo = em.elboForms(x, mixture, q).likelihoodMinusPriorKL.dataSync()[0];
    console.log(`iteration ${t}: log-likelihood ${ll.toFixed(4)}  ELBO(q = p(z|x)) ${elbo.toFixed(4)}`);
  }
  mixture = em.mStep(x, q);
}
