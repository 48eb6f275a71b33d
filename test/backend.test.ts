import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { useBackend } from '../src/backend/index.ts';
import { encoder, variable } from '../src/expr/index.ts';
import { randomSetup } from '../src/equiv/index.ts';
import { lower } from '../src/lower/index.ts';
import { neuralBayes } from '../src/objectives/index.ts';
import { plan } from '../src/plan/index.ts';

afterAll(async () => {
  await useBackend('wasm');
});

it('wasm is the default backend, cpu is selectable, and both give the same objective value', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const L = encoder(variable('Z'), variable('X'), { family: 'categorical', model: 'L', size: 4 });
  const o = neuralBayes.mimInfo(L);
  const compiled = lower(plan(o));
  const valueOn = async (name: 'wasm' | 'cpu') => {
    expect(await useBackend(name)).toBe(name);
    const draw = randomSetup([o])(0);
    const v = compiled.value(draw.inputs).dataSync()[0];
    draw.dispose();
    return v;
  };
  const wasm = await valueOn('wasm');
  const cpu = await valueOn('cpu');
  expect(Math.abs(wasm - cpu)).toBeLessThan(1e-5);
});
