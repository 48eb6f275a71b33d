/**
 * Gradients of Sum and Mean without a JavaScript-filled ones tensor. tfjs-core writes dx = reshape(dy) · ones(x.shape)
 * (÷ n for Mean): the ones are filled element by element in JavaScript and copied into the wasm heap — 21 % of a
 * BatchNorm CNN step, whose batch statistics are means over 34 M-element activations. Broadcasting reshape(dy) (÷ n)
 * to x.shape gives the same values through the Tile kernel, which is native; so this is installed with the addon only.
 */
import * as tf from '../tf.ts';
import type { GradConfig, NamedAttrMap, Tensor } from '../tf.ts';

const originals = new Map<string, GradConfig>();

function broadcastGrad(kernelName: string, divideByCount: boolean): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as Tensor[];
      const axes = tf.util.parseAxisParam((attrs as NamedAttrMap).axis as number | number[], x.shape);
      const expanded = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      const g = tf.cast(tf.reshape(dy as Tensor, expanded), 'float32');
      const derX = tf.broadcastTo(divideByCount ? tf.div(g, count) : g, x.shape);
      return { x: () => derX };
    },
  };
}

/** Routes the Sum and Mean gradients through broadcastTo (idempotent). */
export function installReduceGrads(): void {
  if (originals.size > 0) return;
  for (const [name, divide] of [
    [tf.Sum, false],
    [tf.Mean, true],
  ] as const) {
    const original = tf.getGradient(name);
    if (!original) continue;
    originals.set(name, original);
    tf.registerGradient(broadcastGrad(name, divide));
  }
}

/** Restores tfjs-core's Sum and Mean gradients. */
export function uninstallReduceGrads(): void {
  for (const original of originals.values()) tf.registerGradient(original);
  originals.clear();
}
