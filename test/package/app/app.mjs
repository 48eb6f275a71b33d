// A consumer's plain Node ESM program: no loader, no TypeScript. Prints the objective, its plan and an equivalence.
import * as io from 'info-objectives';
import {
  checkEquivalent,
  encoder,
  estimateMI,
  explain,
  I,
  maximize,
  plan,
  print,
  rewrite,
  useBackend,
  variable,
} from 'info-objectives';

console.log(`backend: ${await useBackend('wasm')}`);
const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 10 });
const mim = maximize(I(X, Z, L));
const entropies = rewrite(mim, 'mi-as-entropies');
console.log(`exports: ${Object.keys(io).length}`);
console.log(`objective: ${print(mim)}`);
console.log(explain(plan(mim)));
console.log(`${print(entropies)} equivalent: ${checkEquivalent(mim, entropies).equivalent}`);
// I(X;Y) from samples through the package's dependencies (jstat's normal quantile in the Gaussian copula): Y = X³
const xs = Array.from({ length: 200 }, (_, i) => [Math.sin(i * 12.9898) * 3]);
const copula = await estimateMI(
  xs,
  xs.map(([v]) => [v ** 3 + 0.1 * Math.cos(v * 7)]),
  { estimator: 'gcmi' },
);
console.log(`gcmi: ${copula.estimate > 1 ? 'dependent' : `only ${copula.estimate}`}`);
