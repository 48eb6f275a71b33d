// A consumer's plain Node ESM program: no loader, no TypeScript. Prints the objective, its plan and an equivalence.
import * as io from 'info-objectives';
import {
  checkEquivalent,
  encoder,
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
