/**
 * Terms resolved against the model of the variables: labels with a classifier read the labels, aggregate-posterior
 * divergences plan and equal their identities, exchangeable views pool their marginals (IIC's identity), and an
 * estimate that would not read an observed variable it names is refused.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CE,
  conditional,
  data,
  encoder,
  H,
  Hcond,
  Hpair,
  I,
  Idata,
  Ipair,
  JSD,
  KL,
  labels,
  marginal,
  maximize,
  prior,
  sub,
  add,
  variable,
  type Objective,
} from '../../src/expr/index.ts';
import { checkEquivalent } from '../../src/equiv/index.ts';
import { randomSetup } from '../../src/equiv/randomSetup.ts';
import { lower } from '../../src/lower/index.ts';
import { plan, PlanError } from '../../src/plan/index.ts';
import { decodeSpec, planSpec } from '../../src/spec/index.ts';

/** A spec of a small run around the given fields. */
const specOf = (fields: Record<string, unknown>) =>
  decodeSpec({
    name: 'language',
    seed: 0,
    train: { lr: 0.01, batch: 50, epochs: 1 },
    eval: { metrics: [] },
    ...fields,
  });

const X = variable('X');
const Z = variable('Z');
const Zp = variable("Z'");
const Xp = variable("X'");
const Y = labels('Y', 3);
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });
const clf = encoder(Y, Z, { family: 'categorical', model: 'clf', size: 3 });
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 3 });
const Lp = encoder(Zp, Xp, { family: 'categorical', model: 'L', size: 3 });
const g = encoder(Z, X, { family: 'gaussian', model: 'g', size: 2 });

/** A random setup whose batch also holds one-hot labels Y (seeded): labels are data, never an encoder's input. */
const withLabels = (objectives: Objective[], labelSeed = 0) => {
  const base = randomSetup(objectives, { batch: 48 });
  return (draw: number) => {
    const d = base(draw);
    const ids = tf.floor(tf.mul(tf.randomUniform([48], 0, 1, 'float32', 97 + draw + labelSeed), 3)).toInt();
    const y = tf.oneHot(ids as tf.Tensor1D, 3).toFloat();
    return { ...d, inputs: { ...d.inputs, batch: { ...d.inputs.batch, Y: y } } };
  };
};

const valueUnder = (o: Objective, draw: ReturnType<ReturnType<typeof withLabels>>) =>
  lower(plan(o), [q]).value(draw.inputs).dataSync()[0];

describe('observed labels with a classifier', () => {
  it('plans I(Z;Y), H(Y|Z), H(Y) and CE(q(y|z), p(y)) on the labels', () => {
    const objective = maximize(add(I(Z, Y, clf), sub(H(Y, clf), Hcond(Y, Z, clf)), CE(conditional(clf), data(Y))));
    expect(plan(objective).terms.map((t) => t.estimator)).toEqual([
      'ba',
      'label-counts',
      'decoder-likelihood',
      'label-counts',
    ]);
  });

  it('I(Z;Y) changes when the labels do, and equals H(Y) − H(Y|Z)', () => {
    const ba = maximize(I(Z, Y, clf));
    const setup = withLabels([ba]);
    const other = withLabels([ba], 1000);
    const [a, b] = [setup(0), other(0)];
    expect(Math.abs(valueUnder(ba, a) - valueUnder(ba, b))).toBeGreaterThan(1e-3);
    const entropies = maximize(sub(H(Y, clf), Hcond(Y, Z, clf)));
    const report = checkEquivalent(ba, entropies, { setup: withLabels([ba]) });
    expect(report.equivalent, report.worst).toBe(true);
  });

  it('the plug-in joint of a discrete Z with the labels is I of the batch joint', () => {
    const mi = maximize(Idata(Z, Y, L));
    expect(plan(mi).terms[0].estimator).toBe('paired-plugin');
    const d = withLabels([mi])(0);
    const value = lower(plan(mi)).value(d.inputs).dataSync()[0];
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(Math.log(3) + 1e-6);
  });

  it('an estimate that would not read the labels is refused, naming the term and the variable', () => {
    expect(() => plan(maximize(H(Y, clf)), { pins: [{ expr: H(Y, clf), estimator: 'plugin-theorem2' }] })).toThrow(
      /cannot estimate H\(Y\): its estimate plugin-theorem2 would not read Y, which is observed/,
    );
  });

  it('a spec binds the labels from the data, not from the letter: model.labels names the variable', () => {
    const spec = specOf({
      data: { kind: 'synthetic', shape: 'blobs', clusters: 3, n: 300 },
      model: {
        labels: 'C',
        encoders: [{ name: 'L', target: 'Z', family: 'categorical', size: 3, net: { kind: 'mlp', hidden: [8] } }],
      },
      objective: 'max I(Z;C)',
    });
    const planned = planSpec(spec);
    expect(planned.plan.terms[0].estimator).toBe('paired-plugin');
    expect(planned.variableModel.get('C')).toEqual({ kind: 'labels', classes: 3 });
  });

  it('the information bottleneck I(Z;Y) − β·I(X;Z) with a classifier plans Barber–Agakov on the labels', () => {
    const spec = specOf({
      data: { kind: 'mnist', n: 500 },
      model: {
        encoders: [
          { name: 'q', target: 'Z', family: 'gaussian', size: 8, net: { kind: 'mlp', hidden: [16] } },
          { name: 'clf', target: 'Y', given: 'Z', family: 'categorical', size: 10, net: { kind: 'mlp', hidden: [] } },
        ],
      },
      objective: { text: 'max I(Z;Y) − β·I(X;Z)', hypers: { β: 0.01 } },
    });
    expect(planSpec(spec).plan.terms.map((t) => t.estimator)).toEqual(['ba', 'mige']);
  });
});

describe('aggregate posteriors', () => {
  it('E_x KL(p(z|x) ‖ p(z)) = I(X;Z) and E_x CE(p(z|x), p(z)) = H(Z) for a categorical encoder', () => {
    const kl = maximize(KL(conditional(L), marginal(L)));
    expect(checkEquivalent(kl, maximize(I(X, Z, L))).equivalent).toBe(true);
    const ce = maximize(CE(conditional(L), marginal(L)));
    expect(checkEquivalent(ce, maximize(H(Z, L))).equivalent).toBe(true);
  });

  it('KL(p(z) ‖ U) = log K − H(Z), KL(U ‖ p(z)) = CE(U, p(z)) − log K, CE(p(z), U) = log K', () => {
    const toUniform = maximize(KL(marginal(L), prior(Z, 'uniform')));
    const r = checkEquivalent(toUniform, maximize(sub(Math.log(3), H(Z, L))));
    expect(r.equivalent, r.worst).toBe(true);
    const fromUniform = maximize(KL(prior(Z, 'uniform'), marginal(L)));
    const r2 = checkEquivalent(fromUniform, maximize(sub(CE(prior(Z, 'uniform'), marginal(L)), Math.log(3))));
    expect(r2.equivalent, r2.worst).toBe(true);
    const d = randomSetup([toUniform])(0);
    expect(
      lower(plan(maximize(CE(marginal(L), prior(Z, 'uniform')))))
        .value(d.inputs)
        .dataSync()[0],
    ).toBeCloseTo(Math.log(3), 5);
  });

  it('a gaussian encoder: KL(p(z|x) ‖ p(z)) has I(X;Z)’s gradient, KL(p(z) ‖ N) the gradient of −H(Z) + CE(p(z), N)', () => {
    const kl = maximize(KL(conditional(g), marginal(g)));
    expect(plan(kl).terms[0].estimator).toBe('mige');
    const grads = (o: Objective) => {
      const d = randomSetup([o])(0);
      const { grads } = tf.variableGrads(() => lower(plan(o)).loss(d.inputs), d.variables);
      return d.variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    };
    expect(grads(kl)).toEqual(grads(maximize(I(X, Z, g))));
    const prior = maximize(KL(marginal(g), { kind: 'prior', v: 'Z', family: 'standard-normal' }));
    const parts = maximize(sub(CE(marginal(g), { kind: 'prior', v: 'Z', family: 'standard-normal' }), H(Z, g)));
    expect(plan(parts).terms.map((t) => t.estimator)).toEqual(['reparam-mc', 'mige']);
    const [a, b] = [grads(prior), grads(parts)];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 4));
  });
});

describe("IIC's identity with one shared network", () => {
  const iic = maximize(Ipair(Z, Zp, L, Lp));
  it('I(Z;Z′) = H(Z) − H(Z|Z′) = H(Z) + H(Z′) − H(Z,Z′) in values and gradients', () => {
    const conditionalForm = maximize(sub(H(Z, L), Hpair(Z, Zp, L, Lp, { given: true })));
    const jointForm = maximize(sub(add(H(Z, L), H(Zp, Lp)), Hpair(Z, Zp, L, Lp)));
    for (const other of [conditionalForm, jointForm]) {
      const r = checkEquivalent(iic, other);
      expect(r.equivalent, r.worst).toBe(true);
    }
    expect(plan(conditionalForm).terms[0].pooledWith).toEqual(Lp);
  });
});

it('refuses KL(p(z|x) ‖ p(z)) of a deterministic encoder, whose conditional is a point mass', () => {
  const f = encoder(Z, X, { family: 'deterministic', model: 'f', size: 2 });
  expect(() => plan(maximize(KL(conditional(f), marginal(f))))).toThrow(PlanError);
});

it('KL(q(y|z) ‖ p(y)) of a classifier to the counted label marginal is CE − E_z H(q(y|z)), between 0 and CE', () => {
  const kl = maximize(KL(conditional(clf), data(Y)));
  expect(plan(kl).terms[0].estimator).toBe('label-counts');
  const d = withLabels([kl])(0);
  const ce = lower(plan(maximize(CE(conditional(clf), data(Y)))), [q])
    .value(d.inputs)
    .dataSync()[0];
  const value = valueUnder(kl, d);
  expect(value).toBeGreaterThanOrEqual(0);
  expect(value).toBeLessThan(ce);
});

describe('more textbook terms of an aggregate posterior', () => {
  it('CE(p(z), p(z)) = H(Z); JSD of explicit distributions is H(mixture) − Σ w H', () => {
    const ce = maximize(CE(marginal(L), marginal(L)));
    const r = checkEquivalent(ce, maximize(H(Z, L)));
    expect(r.equivalent, r.worst).toBe(true);
    const U = prior(Z, 'uniform');
    const jsd = maximize(JSD([0.5, 0.5], [marginal(L), U]));
    expect(plan(jsd).terms[0].estimator).toBe('plugin-theorem2');
    const d = randomSetup([jsd])(0);
    const value = lower(plan(jsd)).value(d.inputs).dataSync()[0];
    const p = Array.from(tf.mean(tf.softmax(d.inputs.models.L.apply(d.inputs.batch.X, true)), 0).dataSync());
    const h = (q: number[]) => -q.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
    const m = p.map((v) => (v + 1 / 3) / 2);
    expect(value).toBeCloseTo(h(m) - 0.5 * h(p) - 0.5 * Math.log(3), 4);
    expect(value).toBeGreaterThanOrEqual(0);
  });
});

it('label metrics on the training samples whose labels the objective reads are a warning', () => {
  const spec = (data: Record<string, unknown>) =>
    specOf({
      data,
      model: {
        labels: 'C',
        encoders: [{ name: 'L', target: 'Z', family: 'categorical', size: 3, net: { kind: 'mlp', hidden: [8] } }],
      },
      objective: 'max I(Z;C)',
      eval: { metrics: ['ari'] },
    });
  const leaks = (data: Record<string, unknown>) => planSpec(spec(data)).warnings.map((w) => w.reason);
  expect(leaks({ kind: 'synthetic', shape: 'blobs', clusters: 3, n: 300 })).toEqual([
    expect.stringMatching(
      /trains on the labels C, and synthetic data have no held-out samples: ari is computed on the training samples/,
    ),
  ]);
  const mnist = spec({ kind: 'mnist', n: 500 });
  expect(
    planSpec({
      ...mnist,
      model: { ...mnist.model, labels: 'C', encoders: [{ ...mnist.model.encoders![0], size: 10 }] },
    }).warnings,
  ).toEqual([]);
});
