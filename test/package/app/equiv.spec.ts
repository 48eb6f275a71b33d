// The vitest matcher from 'info-objectives/vitest', registered by the setup file that vitest.config.mjs lists.
import { encoder, H, I, maximize, rewrite, useBackend, variable } from 'info-objectives';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('wasm');
});

const X = variable('X');
const Z = variable('Z');
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 });
const mim = maximize(I(X, Z, L));

it('I(X;Z) ≡ H(Z) − H(Z|X), and I(X;Z) ≢ H(Z)', () => {
  expect(mim).toBeEquivalentTo(rewrite(mim, 'mi-as-entropies'));
  expect(mim).not.toBeEquivalentTo(maximize(H(Z, L)));
  expect(() => expect(mim).toBeEquivalentTo(maximize(H(Z, L)))).toThrow(/H\(Z\)/);
});
