// A strict TypeScript consumer (module and moduleResolution NodeNext). pack-install.sh compiles it with skipLibCheck
// (as tfjs users must) and once more without it, where only tfjs's own declarations may fail.
import {
  type Dataset,
  encoder,
  explain,
  I,
  makeSynthetic,
  maximize,
  type Objective,
  plan,
  print,
  variable,
} from 'info-objectives';
import { adjustedRandIndex, parse } from 'info-objectives/core';

const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 2 });
const mim: Objective = maximize(I(X, Z, L));
const data: Dataset = makeSynthetic({ shape: 'moons', n: 100, noise: 0.1 }, 0);
const text: string = explain(plan(mim));
const ari: number = adjustedRandIndex(Int32Array.of(0, 0, 1, 1), Int32Array.of(1, 1, 0, 0));
void parse;
console.log(print(mim), text.length, data.x.length, ari);
