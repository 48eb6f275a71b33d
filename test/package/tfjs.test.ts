/**
 * tfjs without the umbrella (issue 27): src/tf.ts gives tfjs-core with its gradients and chained methods, the layers API
 * and the cpu backend from the peer packages alone — checked in a fresh process that never loads @tensorflow/tfjs —
 * and the vendored registrations (src/vendor/tfjsRegistrations.js) are those of the installed tfjs-core.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('tfjs from the peer packages', () => {
  it('no source imports the @tensorflow/tfjs umbrella (not installed with the package): src/tf.ts is tfjs', () => {
    const umbrella = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) =>
        /from '@tensorflow\/tfjs'|import\('@tensorflow\/tfjs'\)/.test(readFileSync(join('src', f), 'utf8')),
      );
    expect(umbrella).toEqual([]);
  });

  it('the vendored gradient and chained-method registrations match the installed tfjs-core', () => {
    const run = spawnSync(process.execPath, ['scripts/tfjs-registrations.mjs', '--check'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  it('src/tf.ts trains a layers model with gradients and chained methods, the umbrella never loaded', () => {
    const code = `
      import { createRequire } from 'node:module';
      import * as tf from './src/tf.ts';
      const x = tf.scalar(3);
      const grad = tf.grad((a) => a.square())(x).dataSync()[0];
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      model.compile({ optimizer: tf.train.adam(0.1), loss: 'meanSquaredError' });
      const h = await model.fit(tf.ones([8, 2]), tf.zeros([8, 1]), { epochs: 5, verbose: 0 });
      const umbrella = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/@tensorflow/tfjs/'));
      console.log(JSON.stringify({ grad, backend: tf.getBackend(), falls: h.history.loss[4] < h.history.loss[0], umbrella }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      grad: 6,
      backend: 'cpu',
      falls: true,
      umbrella: false,
    });
  });
});
