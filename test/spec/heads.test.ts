/**
 * Several heads on one shared trunk (issue 26, finding 3): a head is its own output layer on the trunk's last hidden
 * layer, a distinct encoder identity (model and head) in the expression language, declared in a spec (`heads`) or with
 * the builder (`{ model, head }`); hidden layers bound to variables of every view (`layers[].given`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  add,
  encoder,
  encoderKey,
  Ipair,
  maximize,
  parse,
  print,
  sameExpr,
  variable,
  type Encoder,
} from '../../src/expr/index.ts';
import { checkEquivalent } from '../../src/equiv/index.ts';
import { lower } from '../../src/lower/index.ts';
import { mlp } from '../../src/models/index.ts';
import { plan } from '../../src/plan/index.ts';
import { loadCheckpoint, saveCheckpoint } from '../../src/run/checkpoints.ts';
import { runNetworks } from '../../src/run/networks.ts';
import { compileSpec, parseSpecText } from '../../src/spec/index.ts';
import { makeTrainable } from '../../src/train/trainable.ts';

const HEADS_SPEC = `name: tiny-overcluster
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
      heads: [{ name: over, target: W, family: categorical, size: 5, also: [{ target: "W'", given: "X'" }] }]
      net: { kind: mlp, hidden: [16, 12], batchNorm: true }
objective: "max I(Z;Z') + I(W;W')"
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 1 }
eval: { metrics: [ari] }
`;

const compile = (text: string) => compileSpec(parseSpecText(text, 'spec.yaml'));

function errorOf(text: string): string {
  try {
    compile(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'NO ERROR';
}

const [X, X2, Z, Z2, W, W2] = ['X', "X'", 'Z', "Z'", 'W', "W'"].map(variable);
const main = (target = Z, given = X) => encoder(target, given, { family: 'categorical', model: 'Phi', size: 2 });
const over = (target = W, given = X) =>
  encoder(target, given, { family: 'categorical', model: 'Phi', head: 'over', size: 5 });

describe('heads in the expression language', () => {
  it('a head is its own identity: the model and the head, never a name parsed back', () => {
    const [z, w] = [main(), over()];
    expect(w.head).toBe('over');
    expect(w.model).toBe('Phi');
    expect(encoderKey(w)).not.toBe(encoderKey(z));
    expect(encoderKey(over(W2, X2))).not.toBe(encoderKey(w));
    expect(() => encoder(W, X, { family: 'categorical', model: 'Phi', head: 'no such', size: 5 })).toThrow(
      /encoder Phi: head must be a name/,
    );
    expect(() => encoder(W, X, { family: 'deterministic', model: 'Phi', head: 'over', layer: 1, size: 5 })).toThrow(
      /either hidden layer 1 of the trunk or the output of head over/,
    );
  });

  it('prints a head by its name and parses it back to the same tree', () => {
    const encs: Encoder[] = [main(), main(Z2, X2), over(), over(W2, X2)];
    const o = maximize(add(Ipair(Z, Z2, encs[0], encs[1]), Ipair(W, W2, encs[2], encs[3])));
    expect(print(o)).toBe("max I(Z;Z') + I(W;W')");
    expect(sameExpr(parse(print(o), { encoders: encs }).body, o.body)).toBe(true);
    // the text names a head by its own name: H[over](W), over(w|x)
    const named = parse('max H[over](W) − E_x[KL(over(w|x) ‖ p(w))]', { encoders: encs });
    expect(JSON.stringify(named)).toContain('"head":"over"');
  });

  it('symmetrises the joint of one head on two views, not of the main output and a head of the same size', () => {
    const o = maximize(add(Ipair(Z, Z2, main(), main(Z2, X2)), Ipair(W, W2, over(), over(W2, X2))));
    expect(plan(o).terms.map((t) => t.reason.includes('P ← (P + Pᵀ)/2'))).toEqual([true, true]);
    const twin = encoder(W, X, { family: 'categorical', model: 'Phi', head: 'twin', size: 2 });
    expect(plan(maximize(Ipair(Z, W, main(), twin))).terms[0].reason).not.toContain('(P + Pᵀ)/2');
  });

  it('lowers a head through the network: its gradient moves the trunk and its own layer, not the main output', () => {
    const net = mlp({
      input: 3,
      hidden: [6],
      output: 2,
      batchNorm: false,
      seed: 4,
      heads: [{ name: 'over', output: 5 }],
    });
    const [trunk, , mainOut, , headOut] = net.trainableVariables; // kernel, bias of: hidden, main output, head
    const o = maximize(Ipair(W, W2, over(), over(W2, X2)));
    const value = lower(plan(o)).value;
    const batch = {
      X: tf.randomNormal([32, 3], 0, 1, 'float32', 1),
      "X'": tf.randomNormal([32, 3], 0, 1, 'float32', 2),
    };
    const { grads } = tf.variableGrads(() => value({ batch, models: { Phi: net } }), net.trainableVariables);
    const norm = (v: tf.Variable) => (grads[v.name] ? tf.norm(grads[v.name]).dataSync()[0] : 0); // none: not read
    expect(norm(trunk)).toBeGreaterThan(1e-6);
    expect(norm(headOut)).toBeGreaterThan(1e-6);
    expect(norm(mainOut)).toBe(0);
    expect(headOut.shape).toEqual([6, 5]);
  });

  it('checks two forms over a head equivalent (random networks with heads)', () => {
    const [w, w2] = [over(), over(W2, X2)];
    const a = maximize(Ipair(W, W2, w, w2));
    const b = maximize(add(Ipair(W, W2, w, w2), Ipair(Z, Z2, main(), main(Z2, X2))));
    expect(checkEquivalent(a, a).equivalent).toBe(true);
    expect(checkEquivalent(a, b).equivalent).toBe(false);
  });
});

describe('heads in a spec', () => {
  it('compile to head encoders on the one network, with their widths and raw output sizes', () => {
    const c = compile(HEADS_SPEC);
    const heads = c.encoders.filter((e) => e.head === 'over');
    expect(heads.map((e) => [e.target, e.given])).toEqual([
      ['W', ['X']],
      ["W'", ["X'"]],
    ]);
    expect(c.networks).toHaveLength(1);
    expect(c.networks[0].heads).toEqual([{ name: 'over', output: 5 }]);
    expect(c.widths.W).toBe(5);
    expect(c.warnings).toEqual([]);
    const nets = runNetworks(c);
    expect(nets.Phi.describe).toBe('MLP 8-16-12-2 BN ReLU, heads over(5)');
  });

  it("save and restore the heads' weights with the trunk's", () => {
    const c = compile(HEADS_SPEC);
    const x = tf.tensor2d(c.data.train.x.slice(0, 8 * 4), [4, 8]);
    const headsOf = (nets: ReturnType<typeof runNetworks>) => nets.Phi.applyHeads!(x, false).heads.over.arraySync();
    const source = runNetworks(c);
    const trainedOf = makeTrainable(c, source, c.variables, c.sample);
    const dir = mkdtempSync(join(tmpdir(), 'infobj-heads-'));
    const saved = saveCheckpoint(dir, {
      epoch: 1,
      step: 0,
      partialLoss: 0,
      partialTerms: [],
      history: [],
      networks: trainedOf.state(),
      optimizer: [],
      optimizerExtra: [],
    });
    // trunk and main output (2 × kernel, BN γ, β, mean, variance; kernel, bias), then the head (kernel, bias)
    expect(trainedOf.state()).toHaveLength(2 * 5 + 2 + 2);
    const other = runNetworks(compileSpec({ ...parseSpecText(HEADS_SPEC, 'spec.yaml'), seed: 2 }));
    expect(headsOf(other)).not.toEqual(headsOf(source));
    makeTrainable(c, other, c.variables, c.sample).setState(loadCheckpoint(saved).networks);
    expect(headsOf(other)).toEqual(headsOf(source));
  });

  it('refuse a head on a network without an mlp trunk, a taken name, a taken variable, a bad size', () => {
    const spec = (heads: string, net = 'net: { kind: mlp, hidden: [16, 12], batchNorm: true }') =>
      HEADS_SPEC.replace(/heads: .*\n/, `heads: ${heads}\n`).replace(
        'net: { kind: mlp, hidden: [16, 12], batchNorm: true }',
        net,
      );
    expect(
      errorOf(spec('[{ name: over, target: W, family: categorical, size: 5 }]', 'net: { kind: cnn-mnist }')),
    ).toMatch(/model\.encoders\[0\]\.heads\[0\]: heads sit on the last hidden layer of an mlp; this net is cnn-mnist/);
    expect(errorOf(spec('[{ name: Phi, target: W, family: categorical, size: 5 }]'))).toMatch(
      /model\.encoders\[0\]\.heads\[0\]\.name: 'Phi' already names an encoder or a head/,
    );
    expect(errorOf(spec('[{ name: over, target: "Z\'", family: categorical, size: 5 }]'))).toMatch(
      /model\.encoders\[0\]\.heads\[0\]\.target: Z' is already a variable of Phi/,
    );
    expect(errorOf(spec('[{ name: over, target: W, family: categorical, size: 1 }]'))).toMatch(
      /model\.encoders\[0\]\.heads\[0\]\.size: a categorical head needs size ≥ 2, got 1/,
    );
    expect(errorOf(spec('[{ name: over, family: categorical, size: 5 }]'))).toMatch(/heads\[0\]\.target/);
  });

  it('a head reading a variable of another width is refused at its given', () => {
    const text = HEADS_SPEC.replace(
      'heads: [{ name: over, target: W, family: categorical, size: 5, also',
      'heads: [{ name: over, target: W, given: Z, family: categorical, size: 5, also',
    );
    expect(errorOf(text)).toMatch(
      /model\.encoders\[0\]\.heads\[0\]\.given: Phi reads 8 values per sample, so each use of its shared weights must too; got 2/,
    );
  });
});

describe('hidden layers as variables of every view', () => {
  const LAYERS = HEADS_SPEC.replace(
    / {6}heads: .*\n/,
    '      layers: [{ target: H, layer: 2 }, { target: "H\'", layer: 2, given: "X\'" }]\n',
  ).replace(`objective: "max I(Z;Z') + I(W;W')"`, `objective: "max I(Z;Z') + I(H;Z) + I(H';Z')"`);

  it("H = C(X) and H' = C(X') are both variables, the layer read on each view", () => {
    const c = compile(LAYERS);
    const layers = c.encoders.filter((e) => e.layer === 2);
    expect(layers.map((e) => [e.target, e.given, e.size])).toEqual([
      ['H', ['X'], 12],
      ["H'", ["X'"], 12],
    ]);
    expect(c.widths["H'"]).toBe(12);
    const [, onX, onX2] = c.plan.terms;
    expect([onX.term, onX2.term]).toEqual(['I(H;Z)', "I(H';Z')"]);
    expect(onX2.estimator).toBe(onX.estimator);
  });

  it('a layer entry reading a variable of another width is refused at its given', () => {
    expect(errorOf(LAYERS.replace('layer: 2, given: "X\'" }]', 'layer: 2, given: Z }]'))).toMatch(
      /model\.encoders\[0\]\.layers\[1\]\.given: Phi reads 8 values per sample, so each use of its shared weights must too; got 2/,
    );
  });
});
