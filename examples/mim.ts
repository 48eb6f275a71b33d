// Build the Neural Bayes MIM objective, print it, print its plan, and check it equivalent to its entropy form.
import {
  encoder,
  variable,
  I,
  maximize,
  print,
  plan,
  explain,
  rewrite,
  checkEquivalent,
  useBackend,
} from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const X = variable('X'),
  Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 10 }); // Lemma 1: p(z=k|x) = L_k(x)
const mim = maximize(I(X, Z, L));
console.log(print(mim)); // max I(X;Z)
console.log(explain(plan(mim))); // I(X;Z): plugin-theorem2 …
const entropies = rewrite(mim, 'mi-as-entropies'); // max H(Z) − H(Z|X)
console.log(print(entropies), checkEquivalent(mim, entropies).verdict); // … proved (a chain of named laws)
