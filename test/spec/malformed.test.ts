/**
 * Bad input: each malformed spec must end with one clear message that names the field path (or line/column),
 * never a stack trace. The same checks run through the CLI in test/cli/cli.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/index.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { trainSpec } from '../../src/run/run.ts';
import { BASE_SPEC, MIXTURE_SPEC, variant } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'infobj-bad-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const nanCsv = file('nan.csv', 'a,b,label\n1,2,0\n3,NaN,1\n');
const raggedCsv = file('ragged.csv', 'a,b\n1,2\n3\n');
const wordCsv = file('word.csv', 'a,b\n1,2\n3,abc\n');
const goodCsv = file('good.csv', 'a,b\n1,2\n3,4\n5,6\n7,8\n');

const VRNN_SPEC = readFileSync('specs/vrnn-sines.yaml', 'utf8');
const vrnnData = VRNN_SPEC.split('\n').find((l) => l.startsWith('data:'))!;
const csvSpec = (path: string, extra = '') =>
  variant(
    '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
    `  kind: csv\n  path: ${path}${extra}`,
  )
    .replace('batch: 100', 'batch: 2')
    .replace('metrics: [ari, nmi, kmeans]', 'metrics: []');

const MOONS = '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }';
/** The base spec with a categorical encoder L: Z|X and the objective `max I(X;Z)`. */
const CAT_SPEC = variant('preset: dms\n  hypers: { β: 1 }', 'text: "max I(X;Z)"').replace(
  'family: bernoulli\n      size: 1',
  'family: categorical\n      size: 2',
);
/** CAT_SPEC with one more encoder (YAML flow fields after `- `) and another objective. */
const withEncoder = (fields: string, objective = 'max I(X;Z)', base = CAT_SPEC) =>
  variant('objective:', `    - { ${fields}, net: { kind: mlp, hidden: [4] } }\nobjective:`, base).replace(
    '"max I(X;Z)"',
    `"${objective}"`,
  );
const onMnist = (text: string, extra = '') => variant(MOONS, `  kind: mnist\n  n: 300${extra}`, text);

/** Run every stage that validates input; return the error message. */
function errorOf(text: string): string {
  try {
    compileSpec(parseSpecText(text, 'spec.yaml'));
  } catch (e) {
    return (e as Error).message;
  }
  return 'NO ERROR';
}

// [description, spec text, what the message must contain]
const cases: [string, string, RegExp][] = [
  ['unknown top-level field', BASE_SPEC + 'extra: 1\n', /extra: unknown field 'extra'/],
  [
    'misspelt train field',
    variant('batch: 100', 'bach: 100'),
    /train\.bach: unknown field 'bach' \(did you mean 'batch'\?\)/,
  ],
  ['misspelt data field', variant('noise: 0.1', 'nois: 0.1'), /data\.nois: unknown field .*did you mean 'noise'/],
  [
    'misspelt encoder field',
    variant('family: bernoulli', 'famly: bernoulli'),
    /model\.encoders\[0\]\.famly: unknown field/,
  ],
  [
    'misspelt net field',
    variant('batchNorm: true', 'batchnorm: true'),
    /net\.batchnorm: unknown field .*did you mean 'batchNorm'/,
  ],
  ['misspelt eval field', variant('metrics: [ari', 'metric: [ari'), /eval\.metric: unknown field/],
  [
    'an SSGE eigenvalue ratio above 1',
    variant('hypers: { β: 1 }', 'hypers: { β: 1 }\n  ssge: { eigenRatio: 1.5 }'),
    /objective\.ssge\.eigenRatio: expected a number in \(0, 1\], got 1\.5/,
  ],
  [
    'SSGE settings without a MIGE term',
    variant('hypers: { β: 1 }', 'hypers: { β: 1 }\n  ssge: { eigenRatio: 0.94 }'),
    /objective\.ssge: no term of the objective is estimated with MIGE, whose SSGE it sets/,
  ],
  [
    'a probe of zero epochs',
    variant('metrics: [ari, nmi, kmeans] }', 'metrics: [ari, nmi, kmeans], probe: { epochs: 0 } }'),
    /eval\.probe\.epochs: expected a positive integer, got 0/,
  ],
  [
    'misspelt probe field',
    variant('metrics: [ari, nmi, kmeans] }', 'metrics: [ari, nmi, kmeans], probe: { rate: 0.1 } }'),
    /eval\.probe\.rate: unknown field/,
  ],
  ['misspelt objective field', variant('hypers: { β: 1 }', 'hyper: { β: 1 }'), /objective\.hyper: unknown field/],
  ['unknown embed field', variant('rotation: random', 'rotate: random'), /data\.embed\.rotate: unknown field/],
  [
    'missing model',
    variant(
      'model:\n  encoders:\n    - name: L\n      family: bernoulli\n      size: 1\n      net: { kind: mlp, hidden: [16, 16], batchNorm: true }\n',
      '',
    ),
    /model: expected the model, got nothing/,
  ],
  [
    'missing data',
    variant(
      'data:\n  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }\n',
      '',
    ),
    /data: expected an object with a kind, got nothing/,
  ],
  ['negative batch', variant('batch: 100', 'batch: -3'), /train\.batch: expected a positive integer, got -3/],
  ['zero batch', variant('batch: 100', 'batch: 0'), /train\.batch: expected a positive integer, got 0/],
  ['fractional batch', variant('batch: 100', 'batch: 2.5'), /train\.batch: expected a positive integer, got 2\.5/],
  ['batch as text', variant('batch: 100', 'batch: "100"'), /train\.batch: expected a positive integer, got "100"/],
  [
    'batch larger than data',
    variant('batch: 100', 'batch: 500'),
    /train\.batch: must not exceed the number of samples data\.n \(200\)/,
  ],
  ['negative epochs', variant('epochs: 2', 'epochs: -1'), /train\.epochs: expected a non-negative integer, got -1/],
  ['negative learning rate', variant('lr: 0.001', 'lr: -0.1'), /train\.lr: expected a positive number, got -0\.1/],
  ['learning rate as text', variant('lr: 0.001', 'lr: fast'), /train\.lr: expected a positive number, got "fast"/],
  [
    'unknown optimizer',
    variant('optimizer: adam', 'optimizer: adamw'),
    /train\.optimizer: expected adam or sgd, got "adamw"/,
  ],
  [
    'micro-batch larger than batch',
    variant('epochs: 2', 'epochs: 2, microBatch: 200'),
    /train\.microBatch: must not exceed train\.batch/,
  ],
  [
    'micro-batch not dividing batch',
    variant('epochs: 2', 'epochs: 2, microBatch: 30'),
    /train\.microBatch: must divide train\.batch \(100\)/,
  ],
  [
    'Adam decay rate of 1',
    variant('epochs: 2', 'epochs: 2, betas: [0.9, 1]'),
    /train\.betas\[1\]: expected a number in \[0, 1\), got 1/,
  ],
  [
    'whole-batch marginals without micro-batches',
    variant('epochs: 2', 'epochs: 2, marginal: batch'),
    /train\.marginal: batch: the marginal is the whole batch's already/,
  ],
  [
    'z samples without a classifier of a Gaussian code',
    variant('metrics: [ari, nmi, kmeans] }', 'metrics: [ari, nmi, kmeans], zSamples: 12 }'),
    /eval\.zSamples: averages a classifier of the labels over draws of a Gaussian code/,
  ],
  [
    'zero checkpoint interval',
    variant('epochs: 2', 'epochs: 2, checkpointEvery: 0'),
    /train\.checkpointEvery: expected a positive integer, got 0/,
  ],
  [
    'learning-rate decay above 1',
    variant('epochs: 2', 'epochs: 2, lrDecay: { factor: 1.5, every: 2 }'),
    /train\.lrDecay\.factor: expected a number in \(0, 1\], got 1\.5/,
  ],
  [
    'learning-rate decay without its interval',
    variant('epochs: 2', 'epochs: 2, lrDecay: { factor: 0.9 }'),
    /train\.lrDecay\.every: .*missing/,
  ],
  ['negative seed', variant('seed: 1', 'seed: -1'), /seed: expected a non-negative integer, got -1/],
  ['name with a slash', variant('name: tiny', 'name: ../escape'), /name: expected a name of letters/],
  [
    'unknown data kind',
    variant('kind: synthetic', 'kind: synthetc'),
    /data\.kind: expected one of .* got "synthetc" \(did you mean 'synthetic'\?\)/,
  ],
  [
    'unknown shape',
    variant('shape: moons', 'shape: helix'),
    /data\.shape: expected one of moons, circles, spirals, blobs, got "helix"/,
  ],
  ['dim below 2', variant('dim: 8', 'dim: 1'), /data\.embed\.dim: expected an integer ≥ 2, got 1/],
  ['negative noise', variant('noise: 0.1', 'noise: -1'), /data\.noise: expected a non-negative number, got -1/],
  ['n not a number', variant('n: 200', 'n: many'), /data\.n: expected a positive integer, got "many"/],
  ['blobs without clusters', variant('shape: moons', 'shape: blobs'), /data\.clusters: blobs need clusters ≥ 2/],
  [
    'unknown rotation',
    variant('rotation: random', 'rotation: randm'),
    /data\.embed\.rotation: expected random or none, got "randm"/,
  ],
  [
    'rho outside (−1,1)',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: correlated-gaussian\n  dim: 5\n  rho: 1.2\n  n: 200',
    ),
    /data\.rho: expected a number in \(−1, 1\), got 1\.2/,
  ],
  [
    'rho exactly 1',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: correlated-gaussian\n  dim: 5\n  rho: 1\n  n: 200',
    ),
    /data\.rho: expected a number in \(−1, 1\), got 1/,
  ],
  [
    'mnist with too many digits',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  n: 20000',
    ),
    /data\.n: the mnist package ships 10000 digits, got 20000/,
  ],
  [
    'full mnist with more than its training digits',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  set: full\n  n: 70000',
    ),
    /data\.n: MNIST has 60000 training digits, got 70000 \(its 10000 test digits are always the test set\)/,
  ],
  [
    'full mnist with a three-way split',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  set: full\n  n: 1000\n  split: [0.7, 0.1, 0.2]',
    ),
    /data\.split: set: full tests on MNIST's own 10000 test digits; hold out validation digits with data\.validation/,
  ],
  [
    'a validation fraction on the sample set',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  n: 1000\n  validation: 0.1',
    ),
    /data\.validation: only set: full takes validation/,
  ],
  [
    'an unknown mnist set',
    variant(
      '  kind: synthetic\n  shape: moons\n  n: 200\n  noise: 0.1\n  embed: { dim: 8, rotation: random }',
      '  kind: mnist\n  set: fashion\n  n: 1000',
    ),
    /data\.set: expected sample or full, got "fashion"/,
  ],
  [
    'unknown family',
    variant('family: bernoulli', 'family: poisson'),
    /model\.encoders\[0\]\.family: expected one of categorical, bernoulli, gaussian, deterministic, got "poisson"/,
  ],
  [
    'categorical of size 1',
    variant('family: bernoulli', 'family: categorical'),
    /model\.encoders\[0\]\.size: a categorical encoder needs size ≥ 2, got 1/,
  ],
  ['DMS over a multi-bit bernoulli', variant('size: 1', 'size: 2'), /objective.*(explicit marginal|needs)/],
  [
    'hidden size not a number',
    variant('hidden: [16, 16]', 'hidden: [16, x]'),
    /model\.encoders\[0\]\.net\.hidden\[1\]: expected a positive integer, got "x"/,
  ],
  [
    'unknown net kind',
    variant('kind: mlp', 'kind: resnet'),
    /net\.kind: expected one of mlp, cnn-mnist, cnn-cifar, gaussian-channel, vrnn, got "resnet"/,
  ],
  [
    'encoder target equal to given',
    variant('size: 1\n', 'size: 1\n      target: X\n'),
    /model\.encoders\[0\]\.target: target and given must differ/,
  ],
  [
    'lower-case variable',
    variant('size: 1\n', 'size: 1\n      target: z\n'),
    /model\.encoders\[0\]\.target: expected an upper-case variable name/,
  ],
  [
    'no encoders',
    variant(
      '  encoders:\n    - name: L\n      family: bernoulli\n      size: 1\n      net: { kind: mlp, hidden: [16, 16], batchNorm: true }',
      '  encoders: []',
    ),
    /model\.encoders: declare at least one encoder/,
  ],
  [
    'unknown metric',
    variant('metrics: [ari, nmi, kmeans]', 'metrics: [ari, acuracy]'),
    /eval\.metrics\[1\]: expected a metric/,
  ],
  ['unknown preset', variant('preset: dms', 'preset: dmz'), /objective\.preset: expected one of dms, /],
  [
    'preset for the wrong encoder family',
    variant('preset: dms', 'preset: mim-v2'),
    /objective\.preset: mim-v2 .* needs a categorical encoder; L is bernoulli/,
  ],
  [
    'both text and preset',
    variant('preset: dms', 'preset: dms\n  text: max H(Z)'),
    /objective: give either text or preset, not both/,
  ],
  [
    'objective that does not parse',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max I(X;Z"'),
    /objective\.text:1:10: expected '\)'/,
  ],
  [
    'objective over an undeclared variable',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(W)"'),
    /objective\.text:1:7: W is not a variable of this spec \(it binds X, Z\)/,
  ],
  [
    'objective with no estimator',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max E_x[log[p(x)]]"'),
    /objective: cannot estimate log\[p\(x\)\].*score/,
  ],
  [
    'hyper-parameter without a value',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z) − γ·R_c(L)"'),
    /objective\.hypers: γ is used by the objective but has no value/,
  ],
  [
    'misspelt hyper-parameter',
    variant('hypers: { β: 1 }', 'hypers: { β: 1, betta: 2 }'),
    /objective\.hypers\.betta: not used by the objective/,
  ],
  [
    'pin of an estimator that does not apply',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z)"\n  pins: { "H(Z)": analytic-gaussian }'),
    /cannot estimate H\(Z\): the pinned estimator 'analytic-gaussian' does not apply/,
  ],
  [
    'pin of a term that does not parse',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z)"\n  pins: { "H(W)": mige }'),
    /objective\.pins\.H\(W\):1:3: W is not a variable of this spec/,
  ],
  [
    'pin of a term the objective lacks',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z)"\n  pins: { "H(Z|X)": minibatch-mean }'),
    /objective: cannot estimate H\(Z\|X\): it is pinned but does not occur in the objective/,
  ],
  [
    'pin of an unknown estimator',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max H(Z)"\n  pins: { "H(Z)": magic }'),
    /objective\.pins\.H\(Z\): expected an estimator/,
  ],
  [
    'unknown training algorithm',
    variant('optimizer: adam', 'algorithm: en, optimizer: adam'),
    /train\.algorithm: expected gradient or em, got "en" \(did you mean 'em'\?\)/,
  ],
  [
    'EM without a mixture',
    variant('train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 2 }', 'train: { algorithm: em, iterations: 5 }'),
    /train\.algorithm: EM fits a Gaussian mixture: declare model\.mixture/,
  ],
  [
    'EM with a learning rate',
    variant('iterations: 20', 'iterations: 20, lr: 0.01', MIXTURE_SPEC),
    /train\.lr: unknown field 'lr'; known fields: algorithm, iterations, tolerance/,
  ],
  [
    'EM with zero iterations',
    variant('iterations: 20', 'iterations: 0', MIXTURE_SPEC),
    /train\.iterations: expected a positive integer, got 0/,
  ],
  [
    'a mixture trained by gradient',
    variant('train: { algorithm: em, iterations: 20 }', 'train: { lr: 0.001, batch: 100, epochs: 2 }', MIXTURE_SPEC),
    /train\.algorithm: a mixture is fitted by EM/,
  ],
  [
    'a mixture of one component',
    variant('components: 3', 'components: 1', MIXTURE_SPEC),
    /model\.mixture\.components: a mixture needs at least 2 components, got 1/,
  ],
  [
    'misspelt mixture field',
    variant('components: 3', 'component: 3', MIXTURE_SPEC),
    /model\.mixture\.component: unknown field .*did you mean 'components'/,
  ],
  [
    'a mixture and encoders',
    variant('mixture: { components: 3 }', 'mixture: { components: 3 }, encoders: []', MIXTURE_SPEC),
    /model: give either encoders or a mixture, not both/,
  ],
  [
    'a probe of a mixture',
    variant('metrics: [ari, nmi]', 'metrics: [ari, linear_probe]', MIXTURE_SPEC),
    /eval\.metrics: linear_probe is not computed for a mixture/,
  ],
  [
    'a mixture with another objective',
    variant('objective: { preset: em-gmm }', 'objective: "max I(X;Z)"', MIXTURE_SPEC),
    /objective: EM's E and M steps maximise the mixture's ELBO max E_x\[Σ_k\[q\(x\)·log\[p\(x\|z\)\]\]\] − I\(X;Z\) \(preset em-gmm\), not max I\(X;Z\)/,
  ],
  [
    'the EM preset without a mixture',
    variant('preset: dms\n  hypers: { β: 1 }', 'preset: em-gmm'),
    /objective\.preset: em-gmm is the ELBO of a Gaussian mixture/,
  ],
  ['YAML syntax error', variant('train: { optimizer', 'train: [ optimizer'), /spec\.yaml: \d+:\d+: invalid YAML/],
  ['duplicate key', variant('seed: 1\n', 'seed: 1\nseed: 2\n'), /invalid YAML: Map keys must be unique/],
  ['missing data file', csvSpec(join(dir, 'nope.csv')), /data\.path: cannot read .*nope\.csv/],
  ['NaN in data', csvSpec(nanCsv, '\n  labelColumn: label'), /NaN.*row/i],
  ['ragged CSV', csvSpec(raggedCsv), /row|column|ragged|fields/i],
  ['non-numeric CSV cell', csvSpec(wordCsv), /abc/],
  [
    'vrnn on data without time steps',
    variant(vrnnData, 'data: { kind: synthetic, shape: moons, n: 200 }', VRNN_SPEC),
    /model\.encoders\[0\]\.net\.kind: a vrnn network needs sequence data/,
  ],
  [
    'vrnn decoder not of whole sequences',
    variant('size: 20, net', 'size: 21, net', VRNN_SPEC),
    /model\.encoders\[2\]\.size: the decoder gives p\(x\|z\) of whole sequences: data\.steps \(20\), got 21/,
  ],
  [
    'vrnn sizes set on the prior',
    variant('part: prior }', 'part: prior, units: 8 }', VRNN_SPEC),
    /model\.encoders\[1\]\.net\.units: the VRNN's sizes are set on its posterior/,
  ],
  [
    'vrnn prior declared before the posterior',
    VRNN_SPEC.replace(/( {4}- \{ name: q.*\n)( {4}- \{ name: prior.*\n)/, '$2$1'),
    /model\.encoders\[1\]: declare the VRNN posterior first among the encoders of Z/,
  ],
  [
    'unknown vrnn part',
    variant('part: prior', 'part: middle', VRNN_SPEC),
    /model\.encoders\[1\]\.net\.part: expected one of posterior, prior, decoder, got "middle"/,
  ],
  [
    'units on an mlp',
    variant('batchNorm: true }', 'batchNorm: true, units: 8 }'),
    /model\.encoders\[0\]\.net: part and units belong to a vrnn network/,
  ],
  [
    'sequence split not summing to 1',
    variant('split: [0.8, 0.2]', 'split: [0.8, 0.3]', VRNN_SPEC),
    /data\.split: fractions must sum to 1/,
  ],
  [
    'elbo metric of a minimised objective',
    variant(
      '"max E_x[log[p(x|z)]] − KL(q(z|x) ‖ prior(z|x))"',
      '"min KL(q(z|x) ‖ prior(z|x)) − E_x[log[p(x|z)]]"',
      VRNN_SPEC,
    ),
    /eval\.metrics: elbo is the value of a max objective/,
  ],
  [
    'multi-scale heads on an mlp',
    variant('model:\n', 'model:\n  heads: multiscale\n'),
    /model\.heads: multiscale needs hidden layers with a spatial extent \(cnn-mnist, cnn-cifar\); L is an mlp/,
  ],
  [
    'an epoch with no step',
    csvSpec(goodCsv).replace('batch: 2', 'batch: 5'),
    /train\.batch: must not exceed the 4 rows of .*good\.csv, or an epoch has no step; got 5/,
  ],
  [
    'elbo metric without a validation set',
    variant('metrics: [ari, nmi, kmeans]', 'metrics: [elbo]'),
    /eval\.metrics: elbo is measured on a validation set, which synthetic data do not have/,
  ],
  [
    'ari on unlabelled CSV data',
    csvSpec(goodCsv).replace('metrics: []', 'metrics: [ari]'),
    /^eval\.metrics: ari needs the data's labels, and csv data here have none; remove it or provide what it reads$/,
  ],
  [
    'a linear probe without a test set',
    variant('metrics: [ari, nmi, kmeans]', 'metrics: [linear_probe]'),
    /^eval\.metrics: linear_probe needs a held-out test set, and synthetic data here have none/,
  ],
  [
    'accuracy without a classifier of the labels',
    variant('metrics: [ari, nmi, kmeans]', 'metrics: [accuracy]'),
    /^eval\.metrics: accuracy needs a categorical classifier of the labels/,
  ],
  [
    'information without a Gaussian encoder of the data',
    variant('metrics: [ari, nmi, kmeans]', 'metrics: [information]'),
    /^eval\.metrics: information needs a Gaussian encoder of the data/,
  ],
  [
    'ari of a code with no explicit states',
    variant('preset: dms\n  hypers: { β: 1 }', 'text: "max I(X;Z)"').replace('family: bernoulli', 'family: gaussian'),
    /^eval\.metrics: ari needs a partition of the data: the evaluated encoder L has no explicit states/,
  ],
  [
    'an encoder reading an undefined hidden view',
    withEncoder(`name: M, family: categorical, size: 2, target: "Z'", given: "H'"`, "max I(Z;Z')"),
    /^model\.encoders\[1\]\.given: H' is not a variable of this spec \(it binds X, Z, Z'\)$/,
  ],
  [
    'an objective naming variables bound to nothing',
    variant('"max I(X;Z)"', '"max I(U;V)"', CAT_SPEC),
    /^objective\.text:1:7: U is not a variable of this spec \(it binds X, Z\)$/,
  ],
  [
    'an encoder reading a variable only the objective names',
    withEncoder('name: M, family: categorical, size: 2, target: U, given: V', 'max I(X;Z) + I(U;V)'),
    /model\.encoders\[1\]\.given: V is not a variable of this spec \(it binds X, Z, U\)/,
  ],
  [
    'another use of a network reading an undefined variable',
    variant('batchNorm: true }', 'batchNorm: true }\n      also: [{ target: W, given: Q }]', CAT_SPEC),
    /model\.encoders\[0\]\.also\[0\]\.given: Q is not a variable of this spec/,
  ],
  [
    'two encoders reading each other only',
    withEncoder(
      'name: B, family: deterministic, size: 2, target: V, given: U',
      'max I(X;Z) + I(V;U)',
      withEncoder('name: A, family: deterministic, size: 2, target: U, given: V'),
    ),
    /model\.encoders\[1\]\.given: V is computed only from network outputs that need V itself/,
  ],
  [
    'an encoder reading labels no classifier predicts',
    withEncoder('name: M, family: categorical, size: 2, target: W, given: Y', 'max I(X;Z) + I(Y;W)'),
    /model\.encoders\[1\]\.given: Y is not a variable of this spec \(it binds X, Z, W\)/,
  ],
  [
    'a prior over the data variable',
    variant('model:\n', 'model:\n  priors: [{ name: X, family: standard-normal, size: 2 }]\n', CAT_SPEC),
    /model\.priors\[0\]\.name: X is observed data; a prior draws a latent variable/,
  ],
  [
    'two priors of one variable',
    variant(
      'model:\n',
      'model:\n  priors: [{ name: C, family: standard-normal, size: 2 }, { name: C, family: categorical, size: 3 }]\n',
      CAT_SPEC,
    ),
    /model\.priors\[1\]\.name: C has two priors/,
  ],
  [
    'a hidden layer bound to another network output',
    withEncoder(
      'name: M, family: categorical, size: 2, target: H',
      'max I(X;Z) + I(X;H)',
      variant('batchNorm: true }', 'batchNorm: true }\n      layers: [{ target: H, layer: 1 }]', CAT_SPEC),
    ),
    /model\.encoders\[0\]\.layers\[0\]\.target: H is already the output of M/,
  ],
  [
    'an encoder predicting an augmented view of another width',
    variant('rotation: random }', 'rotation: random }\n  augment: [{ name: Z, of: X, noise: 0.1 }]', CAT_SPEC),
    /model\.encoders\[0\]\.size: Z is observed with 8 values per sample, so L predicting it must give 8, got 2/,
  ],
  [
    'a convolutional network on vectors',
    variant('kind: mlp, hidden: [16, 16], batchNorm: true', 'kind: cnn-mnist, widthScale: 0.1', CAT_SPEC),
    /model\.encoders\[0\]\.net\.kind: cnn-mnist reads images of 28×28×1; the synthetic data are vectors of 8 values/,
  ],
  [
    'multi-scale heads on a convolutional network over vectors',
    variant('model:\n', 'model:\n  heads: multiscale\n', CAT_SPEC).replace(
      'kind: mlp, hidden: [16, 16], batchNorm: true',
      'kind: cnn-mnist, widthScale: 0.1',
    ),
    /model\.encoders\[0\]\.net\.kind: cnn-mnist reads images of 28×28×1/,
  ],
  [
    'the CIFAR network on digits',
    onMnist(variant('kind: mlp, hidden: [16, 16], batchNorm: true', 'kind: cnn-cifar, widthScale: 0.1', CAT_SPEC)),
    /model\.encoders\[0\]\.net\.kind: cnn-cifar reads images of 32×32×3; the mnist data are images of 28×28×1/,
  ],
  [
    'the MNIST network on half digits',
    onMnist(
      variant('kind: mlp, hidden: [16, 16], batchNorm: true', 'kind: cnn-mnist, widthScale: 0.1', CAT_SPEC),
      '\n  views: left-right',
    ),
    /net\.kind: cnn-mnist reads images of 28×28×1; the mnist data \(views: left-right\) are images of 28×14×1/,
  ],
  [
    'a convolutional network reading a code',
    onMnist(
      withEncoder(
        'name: M, family: categorical, size: 3, target: W, given: C',
        'max I(X;Z) + H(W)',
        variant('model:\n', 'model:\n  priors: [{ name: C, family: standard-normal, size: 2 }]\n', CAT_SPEC),
      ).replace('net: { kind: mlp, hidden: [4] }', 'net: { kind: cnn-mnist, widthScale: 0.1 }'),
    ),
    /model\.encoders\[1\]\.given: cnn-mnist reads one image per sample \(X\), not C/,
  ],
  [
    'an mlp reading the digits a convolutional network reads as images',
    onMnist(
      withEncoder('name: M, family: categorical, size: 3, target: W', 'max I(X;Z) + I(X;W)').replace(
        'kind: mlp, hidden: [16, 16], batchNorm: true',
        'kind: cnn-mnist, widthScale: 0.1',
      ),
    ),
    /model\.encoders\[1\]\.given: X is read as 28×28×1 images, as L's cnn-mnist takes it, but M's mlp reads vectors/,
  ],
  [
    'an encoder reading the sample of a categorical code',
    withEncoder('name: M, family: categorical, size: 3, target: W, given: [X, Z]', 'max I(X;Z) + H(W)'),
    /model\.encoders\[1\]\.given: Z is drawn by L, a categorical encoder, which has no reparameterised sample/,
  ],
];

/** Odd specs that `check` accepts (with a warning at most): `train` must accept them too. */
const accepted: [string, string][] = [
  ['the base spec', BASE_SPEC],
  ['an encoder the objective never reads', withEncoder('name: M, family: categorical, size: 3, target: W')],
  ['two encoders of Z given X, one unread', withEncoder('name: M, family: categorical, size: 3')],
  [
    "a network predicting a latent with a prior (InfoGAN's p(c|g))",
    variant('model:\n', 'model:\n  priors: [{ name: Z, family: categorical, size: 2 }]\n', CAT_SPEC),
  ],
];

describe(`${cases.length} malformed specs`, () => {
  it('has at least 50 cases', () => expect(cases.length).toBeGreaterThanOrEqual(50));
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const message = errorOf(text);
      expect(message).toMatch(expected);
      expect(message).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
  it('the base spec and a good CSV spec are accepted', () => {
    expect(errorOf(BASE_SPEC)).toBe('NO ERROR');
    expect(errorOf(csvSpec(goodCsv))).toBe('NO ERROR');
    expect(errorOf(VRNN_SPEC)).toBe('NO ERROR');
  });
  it('a mixture spec is accepted with the preset or with the ELBO written out', () => {
    expect(errorOf(MIXTURE_SPEC)).toBe('NO ERROR');
    expect(
      errorOf(
        variant(
          'objective: { preset: em-gmm }',
          'objective: "max E_x[sum_k[q(x)*log[p(x|z)]]] - I(X;Z)"',
          MIXTURE_SPEC,
        ),
      ),
    ).toBe('NO ERROR');
  });
});

describe('check accepts exactly what train accepts', () => {
  const out = mkdtempSync(join(tmpdir(), 'infobj-check-train-'));
  for (const [what, text] of accepted) it(`${what} is accepted`, () => expect(errorOf(text)).toBe('NO ERROR'));
  for (const [i, [what, text]] of [...cases, ...accepted].entries()) {
    it(what, async () => {
      const checked = errorOf(text);
      const trained = await Promise.resolve()
        .then(() => trainSpec(parseSpecText(text, 'spec.yaml'), { out: join(out, `run-${i}`) }))
        .then(
          () => 'NO ERROR',
          (e: Error) => e.message,
        );
      expect(trained).toBe(checked);
    });
  }
});

describe('spec formats', () => {
  it('JSON specs are accepted like YAML ones', async () => {
    const { parse } = await import('yaml');
    const json = JSON.stringify(parse(BASE_SPEC));
    const fromJson = parseSpecText(json, 'spec.json');
    expect(fromJson).toEqual(parseSpecText(BASE_SPEC, 'spec.yaml'));
    expect(errorOf(json.replace('"batch":100', '"batch":-3'))).toMatch(
      /train\.batch: expected a positive integer, got -3/,
    );
    // a .yaml file is YAML, flow style included
    expect(errorOf('{"name": "x",')).toMatch(/spec\.yaml: 1:\d+: invalid YAML/);
  });
});
