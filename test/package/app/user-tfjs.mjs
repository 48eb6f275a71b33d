// An app that uses its own @tensorflow/tfjs (installed before info-objectives): one tfjs-core, one engine, so no
// kernel is registered twice and the backend the library chooses is the app's backend. Prints one JSON line.
import * as tf from '@tensorflow/tfjs';

const warnings = [];
for (const level of ['warn', 'log', 'error']) {
  const original = console[level];
  console[level] = (...args) => {
    if (/already registered|already been set/i.test(args.join(' '))) warnings.push(args.join(' '));
    else original(...args);
  };
}
const { useBackend, encoder, variable, I, maximize, checkEquivalent, rewrite } = await import('info-objectives');
const chosen = await useBackend('wasm');
const X = variable('X');
const Z = variable('Z');
const mim = maximize(I(X, Z, encoder(Z, X, { family: 'categorical', model: 'L', size: 4 })));
const equivalent = checkEquivalent(mim, rewrite(mim, 'mi-as-entropies')).equivalent;
// the backend the library chose is the app's: one engine
const appSees = tf.getBackend();
console.log(JSON.stringify({ chosen, appSees, equivalent, warnings: warnings.length, first: warnings[0] }));
