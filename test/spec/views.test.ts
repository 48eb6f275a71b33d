/**
 * Objectives over several random variables (issue 15): augmented views declared in the spec (`data.augment`), one
 * network used on two variables (`also`), names with primes and subscripts, and I(Z;Z') between the two outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { augmentRows, makeRng } from '../../src/data/index.ts';
import { encoder, parse, print, variable } from '../../src/expr/index.ts';
import { compileSpec, loadSpec, parseSpecText } from '../../src/spec/index.ts';
import { buildNetworks } from '../../src/run/networks.ts';
import { makeTrainable } from '../../src/train/trainable.ts';

const IIC_SPEC = `name: tiny-iic
seed: 1
data:
  kind: synthetic
  shape: moons
  n: 200
  noise: 0.1
  embed: { dim: 8, rotation: random }
  augment: [{ name: "X'", of: X, noise: 0.1 }]
model:
  encoders:
    - name: Phi
      family: categorical
      size: 2
      also: [{ target: "Z'", given: "X'" }]
      net: { kind: mlp, hidden: [16], batchNorm: false }
objective: "max I(Z;Z')"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [ari] }
`;

function errorOf(text: string): string {
  try {
    compileSpec(parseSpecText(text, 'spec.yaml'));
  } catch (e) {
    return (e as Error).message;
  }
  return 'NO ERROR';
}

describe('augmented views', () => {
  const x = Float32Array.from({ length: 4 * 9 }, (_, i) => i + 1);

  it('are deterministic in the seed, leave the data untouched and differ between seeds', () => {
    const aug = { name: "X'", of: 'X', noise: 0.5 };
    const copy = x.slice();
    expect(augmentRows(x, 9, aug, 7)).toEqual(augmentRows(x, 9, aug, 7));
    expect(augmentRows(x, 9, aug, 7)).not.toEqual(augmentRows(x, 9, aug, 8));
    expect(x).toEqual(copy);
  });

  it('add noise of the declared standard deviation and mask the declared fraction', () => {
    const big = new Float32Array(200 * 50).fill(1);
    const noisy = augmentRows(big, 50, { name: "X'", of: 'X', noise: 0.3 }, 1);
    const diffs = [...noisy].map((v) => v - 1);
    const sd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(sd).toBeGreaterThan(0.28);
    expect(sd).toBeLessThan(0.32);
    const masked = augmentRows(big, 50, { name: "X'", of: 'X', mask: 0.25 }, 2);
    const zeros = [...masked].filter((v) => v === 0).length / masked.length;
    expect(zeros).toBeGreaterThan(0.22);
    expect(zeros).toBeLessThan(0.28);
  });

  it('shift an image by whole pixels with zero fill', () => {
    const rng = makeRng(3);
    const image = Float32Array.from({ length: 5 * 5 }, () => 1 + rng.uniform());
    const shifted = augmentRows(image, 25, { name: "X'", of: 'X', shift: 2 }, 4, [5, 5, 1]);
    const found = [-2, -1, 0, 1, 2]
      .flatMap((dy) => [-2, -1, 0, 1, 2].map((dx) => [dy, dx]))
      .filter(([dy, dx]) =>
        shifted.every((v, i) => {
          const [y, x0] = [Math.floor(i / 5) - dy, (i % 5) - dx];
          return v === (y < 0 || y >= 5 || x0 < 0 || x0 >= 5 ? 0 : image[y * 5 + x0]);
        }),
      );
    expect(found.length).toBe(1);
    expect(() => augmentRows(image, 25, { name: "X'", of: 'X', shift: 1 }, 4)).toThrow(/needs image data/);
  });
});

describe('names with primes and subscripts', () => {
  it('parse and print', () => {
    const [X, Z1, Xp] = [variable('X'), variable('Z_1'), variable("X'")];
    const encoders = [
      encoder(Z1, X, { family: 'categorical', model: 'A', size: 3 }),
      encoder(variable("Z''"), Xp, { family: 'categorical', model: 'A', size: 3 }),
    ];
    for (const text of ["max I(Z_1;Z'')", "max H(Z_1) − H(Z''|X')", "max E_x'[Σ_k[A(x')·log(A(x'))]]"])
      expect(print(parse(text, { encoders }))).toBe(text);
  });
});

describe('one network on two views in a spec', () => {
  it('compiles to two encoders of one network, a view of X, and one network plan', () => {
    const c = compileSpec(parseSpecText(IIC_SPEC, 'spec.yaml'));
    const uses = c.encoders.map((e) => [e.model, e.given.join(','), e.target]);
    expect(uses).toEqual([
      ['Phi', 'X', 'Z'],
      ['Phi', "X'", "Z'"],
    ]);
    expect(c.networks.map((n) => [n.encoder.name, n.input])).toEqual([['Phi', 8]]);
    expect(c.views).toEqual([{ name: "X'", of: 'X', noise: 0.1 }]);
    expect(c.widths["X'"]).toBe(8);
    expect(c.widths["Z'"]).toBe(2);
    expect(c.plan.terms.map((t) => t.estimator)).toEqual(['paired-plugin']);
  });

  it('trains the shared weights from both views, the same view for the same step seed', () => {
    const c = compileSpec(parseSpecText(IIC_SPEC, 'spec.yaml'));
    const nets = buildNetworks(c.networks, c.data.train);
    const trainable = makeTrainable(c, nets, c.variables, c.sample, undefined, c.priors, c.views);
    const idx = Int32Array.from({ length: 100 }, (_, i) => i);
    const [a, b, other] = [5, 5, 6].map((s) => tf.tidy(() => trainable.loss(idx, s).dataSync()[0]));
    expect(a).toBe(b);
    expect(a).not.toBe(other);
    expect(trainable.variables.length).toBe(nets.Phi.trainableVariables.length);
    Object.values(nets).forEach((n) => n.dispose());
  });

  it('reports a view of an unknown variable, a shift of non-image data and a self-conditioned use', () => {
    expect(errorOf(IIC_SPEC.replace('of: X,', 'of: W,'))).toMatch(/data\.augment\[0\]\.of: W is not a data variable/);
    const replaced = (from: string, to: string) => errorOf(IIC_SPEC.replace(from, to));
    expect(replaced('noise: 0.1 }]', 'shift: 2 }]')).toMatch(/data\.augment\[0\]\.shift: .*image data/);
    expect(replaced('name: "X\'", of', 'name: X, of')).toMatch(/data\.augment\[0\]\.name: X is already a variable/);
    expect(replaced('target: "Z\'"', 'target: "X\'"')).toMatch(/also\[0\]\.target: target and given must differ/);
    expect(errorOf(IIC_SPEC.replace('noise: 0.1 }]', 'noise: -1 }]'))).toMatch(/data\.augment/);
  });

  it('ships specs/iic-moons.yaml: I(Z;Z′) of Φ on X and on a noisy view', () => {
    const spec = loadSpec('specs/iic-moons.yaml');
    expect(spec.data.augment).toEqual([{ name: "X'", of: 'X', noise: 0.1 }]);
    expect(spec.model.encoders[0].also).toEqual([{ target: "Z'", given: "X'" }]);
  });
});

describe('a hidden layer bound to a variable (MIGE Circumstance II)', () => {
  const LAYER_SPEC = `name: tiny-layers
seed: 2
data: { kind: synthetic, shape: moons, n: 200, noise: 0.1, embed: { dim: 8, rotation: random } }
model:
  encoders:
    - name: E
      family: gaussian
      size: 2
      layers: [{ target: H_1, layer: 1 }]
      net: { kind: mlp, hidden: [6, 5], batchNorm: false }
objective: "max I(H_1;Z)"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [kmeans] }
`;

  it('compiles to a deterministic encoder of the layer, plans MIGE Circumstance II and trains the one network', () => {
    const c = compileSpec(parseSpecText(LAYER_SPEC, 'spec.yaml'));
    expect(c.encoders.map((e) => [e.model, e.target, e.family, e.size, e.layer])).toEqual([
      ['E', 'Z', 'gaussian', 2, undefined],
      ['E', 'H_1', 'deterministic', 6, 1],
    ]);
    expect(c.widths.H_1).toBe(6);
    expect(c.networks.map((n) => n.encoder.name)).toEqual(['E']);
    expect(c.plan.terms.map((t) => [t.estimator, t.reason.slice(0, 16)])).toEqual([['mige', 'Circumstance II:']]);
    const nets = buildNetworks(c.networks, c.data.train);
    const trainable = makeTrainable(c, nets, c.variables, c.sample, undefined, c.priors, c.views);
    const idx = Int32Array.from({ length: 100 }, (_, i) => i);
    const { grads } = tf.variableGrads(() => trainable.loss(idx, 1), trainable.variables);
    const norms = Object.values(grads).map((g) => tf.norm(g).dataSync()[0]);
    expect(norms.every(Number.isFinite)).toBe(true);
    expect(norms.filter((n) => n > 0).length).toBe(norms.length); // both layers and the output receive a gradient
    tf.dispose(Object.values(grads));
    Object.values(nets).forEach((n) => n.dispose());
  });

  it('refuses a layer the mlp does not have, a network without layers and a taken name', () => {
    expect(errorOf(LAYER_SPEC.replace('layer: 1 }', 'layer: 3 }'))).toMatch(
      /model\.encoders\[0\]\.layers\[0\]\.layer: the mlp has hidden layers 1\.\.2, got 3/,
    );
    expect(errorOf(LAYER_SPEC.replace('target: H_1', 'target: Z'))).toMatch(
      /model\.encoders\[0\]\.layers\[0\]\.target: Z is already a variable of E/,
    );
    expect(errorOf(LAYER_SPEC.replace('layers: [{ target: H_1, layer: 1 }]', 'layers: [{ target: H_1 }]'))).toMatch(
      /model\.encoders\[0\]\.layers\[0\]\.layer/,
    );
  });
});

describe('objective.ssge', () => {
  it('reaches every MIGE term of the plan (MIGE §4.3 sets the eigenvalue ratio to 0.94)', () => {
    const spec = loadSpec('specs/ib-mige-mnist.yaml');
    const terms = (s: typeof spec) => compileSpec(s).plan.terms.filter((t) => t.estimator === 'mige');
    expect(terms(spec).map((t) => t.ssge)).toEqual([undefined]);
    const set = { ...spec, objective: { ...spec.objective, ssge: { eigenRatio: 0.94 } } };
    expect(terms(set).map((t) => t.ssge)).toEqual([{ eigenRatio: 0.94 }]);
  });
});
