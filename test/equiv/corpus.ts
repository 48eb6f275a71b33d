/**
 * The prover's corpus: pairs of objectives drawn from the three documents (Neural Bayes, MIGE, the lecture notes).
 * EQUAL holds forms the papers write of one objective (each pair is equal, possibly up to a constant where said);
 * UNEQUAL holds near-misses: a dropped term, a flipped sign, a wrong weight, a different network, a missing constant.
 */
import * as tf from '@tensorflow/tfjs';
import {
  conditional,
  encoder,
  KL,
  labels,
  maximize,
  minimize,
  neg,
  parse,
  prior,
  sub,
  log,
  variable,
  type Encoder,
  type Objective,
  type ParseEnv,
} from '../../src/expr/index.ts';
import { smallMlp, type Draw, type EquivalenceOptions } from '../../src/equiv/index.ts';
import { lectureNotes, neuralBayes } from '../../src/objectives/index.ts';
import { dmsEq3Body } from '../../src/rewrite/index.ts';

export interface CorpusPair {
  readonly name: string;
  /** Where the forms are written: a paper's equation or section. */
  readonly source: string;
  readonly a: Objective;
  readonly b: Objective;
  readonly options?: EquivalenceOptions;
}

const [X, Z, W] = ['X', 'Z', 'W'].map(variable);
const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 4 }) as Encoder<'Z', 'X', 'categorical'>;
const L2 = encoder(Z, X, { family: 'categorical', model: 'M', size: 4 });
const B = encoder(Z, X, { family: 'bernoulli', model: 'B', size: 1 }) as Encoder<'Z', 'X', 'bernoulli'>;
const B2 = encoder(Z, X, { family: 'bernoulli', model: 'C', size: 1 }) as Encoder<'Z', 'X', 'bernoulli'>;
const G = encoder(Z, X, { family: 'gaussian', model: 'G', size: 2 });
const phi = encoder(Z, X, { family: 'categorical', model: 'Phi', size: 3 });
const psi = encoder(W, X, { family: 'categorical', model: 'Psi', size: 4 });
const q = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 }) as Encoder<'Z', 'X', 'gaussian'>;
const dec = encoder(X, Z, { family: 'bernoulli', model: 'dec', size: 6, observedTarget: true });

/** The information bottleneck's encoder q(z|x) and classifier q(y|z) of the data's labels (lecture notes §6, MIGE §4.3). */
const Y = labels('Y', 3);
const ibEncoder = encoder(Z, X, { family: 'gaussian', model: 'q', size: 2 });
const classifier = encoder(Y, Z, { family: 'categorical', model: 'clf', size: 3 });
const ib: ParseEnv = { encoders: [ibEncoder, classifier], labels: { Y: 3 } };
/** An information-bottleneck pair (the random setup draws one-hot labels for the classifier's Y). */
const ibPair = (name: string, a: string, b: string): CorpusPair => {
  const [oa, ob] = [parse(a, ib), parse(b, ib)];
  return { name, source: `${LN} §6, ${MIGE} §4.3`, a: oa, b: ob, options: hypers };
};

/** A classifier p(y|x) of the labels beside the encoder: I(Z;Y) is then on their paired joint (predictions, not labels). */
const labelClassifier = encoder(Y, X, { family: 'categorical', model: 'clfx', size: 3 });
const pairedLabels: ParseEnv = { encoders: [L, labelClassifier], labels: { Y: 3 } };

const cat: ParseEnv = { encoders: [L] };
const bern: ParseEnv = { encoders: [B] };
const gauss: ParseEnv = { encoders: [G] };
const paired: ParseEnv = { encoders: [phi, psi] };
const hypers = { hypers: { β: 0.7, α: 0.3 } };

/** A Gaussian encoder 6 → 2 and a Bernoulli decoder 2 → 6 on random binary data (test/equiv/elbo.test.ts's setup). */
const vaeSetup = (draw: number): Draw => {
  const enc = smallMlp(6, 4, 10 + draw);
  const decNet = smallMlp(2, 6, 20 + draw);
  const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([64, 6], 0, 1, 'float32', draw), 0.5), 'float32'));
  return {
    inputs: { batch: { X: x }, models: { q: enc, dec: decNet }, seed: draw + 1 },
    variables: [...enc.variables, ...decNet.variables],
    dispose: () => [...enc.variables, ...decNet.variables, x].forEach((t) => t.dispose()),
  };
};
const klq = KL(conditional(q), prior(Z, 'standard-normal'));
/** The ELBO's KL by the same reparameterised samples as the joint form's log-densities. */
const elboOptions = (pinA: boolean, pinB: boolean): EquivalenceOptions => ({
  setup: vaeSetup,
  pins: [pinA ? [{ expr: klq, estimator: 'reparam-mc' }] : [], pinB ? [{ expr: klq, estimator: 'reparam-mc' }] : []],
});
const vaeEnv: ParseEnv = { encoders: [q, dec] };

const pair = (
  name: string,
  source: string,
  env: ParseEnv,
  a: string,
  b: string,
  options?: EquivalenceOptions,
): CorpusPair => ({ name, source, a: parse(a, env), b: parse(b, env), ...(options && { options }) });

const NB = 'Neural Bayes';
const LN = 'lecture notes';
const MIGE = 'MIGE';

export const EQUAL: readonly CorpusPair[] = [
  pair('MI as entropies', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max H(Z) − H(Z|X)'),
  pair(
    'MI maximised is conditional entropy less entropy minimised',
    `${NB} Eq. 7`,
    cat,
    'max I(X;Z)',
    'min H(Z|X) − H(Z)',
  ),
  pair('MI as the expected KL to the marginal', LN, cat, 'max I(X;Z)', 'max KL(p(z|x) ‖ p(z))'),
  pair('expected KL as entropies', LN, cat, 'max KL(p(z|x) ‖ p(z))', 'max H(Z) − H(Z|X)'),
  pair('MI as cross-entropy less entropy', LN, cat, 'max I(X;Z)', 'max CE(p(z|x), p(z)) − H(Z|X)'),
  pair('expected KL as CE − H', LN, cat, 'max KL(p(z|x) ‖ p(z))', 'max CE(p(z|x), p(z)) − H(Z|X)'),
  {
    name: 'MIM: I(X;Z) and Eq. 6',
    source: `${NB} Prop. 2, Eq. 6`,
    a: neuralBayes.mimInfo(L),
    b: neuralBayes.mimEq6(L),
  },
  pair(
    'MIM: I(X;Z) and Eq. 8 (ε = 0)',
    `${NB} Eq. 8`,
    cat,
    'max I(X;Z)',
    'min −E_x[Σ_k[L(x)·log(L(x))]] + Σ_k[E_x[L(x)]·log(E_x[L(x)])]',
  ),
  {
    name: 'MIM: Eq. 6 and Eq. 8 (ε = 0)',
    source: `${NB} Eq. 6, 8`,
    a: neuralBayes.mimEq6(L),
    b: parse('min −E_x[Σ_k[L(x)·log(L(x))]] + Σ_k[E_x[L(x)]·log(E_x[L(x)])]', cat),
  },
  pair('H(Z) as the plug-in', `${NB} Lemma 1`, cat, 'max H(Z)', 'max −Σ_k[E_x[L(x)]·log(E_x[L(x)])]'),
  pair('H(Z|X) explicit', `${NB} Eq. 8`, cat, 'min H(Z|X)', 'min −E_x[Σ_k[L(x)·log(L(x))]]'),
  pair('MI − β·H(Z|X)', `${NB} §3.2`, cat, 'max I(X;Z) − β·H(Z|X)', 'max H(Z) − (1 + β)·H(Z|X)', hypers),
  pair('β·I(X;Z)', MIGE, cat, 'max β·I(X;Z)', 'max β·H(Z) − β·H(Z|X)', hypers),
  pair('β·I(X;Z) minimised as a loss', MIGE, cat, 'min β·(H(Z|X) − H(Z))', 'max β·I(X;Z)', hypers),
  pair(
    'MIM v2 (Eq. 10) with R_p spelled out (Eq. 9), ε = 0',
    `${NB} Eq. 9, 10`,
    cat,
    'min H(Z|X) + (1 + α)·R_p(L) + β·R_c(L)',
    'min −E_x[Σ_k[L(x)·log(L(x))]] + (1 + α)·−Σ_k[0.25·log(E_x[L(x)]) + 0.75·log(1 − E_x[L(x)])] + β·R_c(L)',
    hypers,
  ),
  pair('R_p as Eq. 9', `${NB} Eq. 9`, cat, 'min R_p(L)', 'min −Σ_k[0.25·log(E_x[L(x)]) + 0.75·log(1 − E_x[L(x)])]'),
  pair('KL of the marginal to uniform', `${NB} §3.2`, cat, 'min KL(p(z) ‖ U(z))', 'min log(4) − H(Z)'),
  pair('KL to uniform minimised is H(Z) maximised, up to log K', `${NB} §3.2`, cat, 'min KL(p(z) ‖ U(z))', 'max H(Z)', {
    upToConstant: true,
  }),
  pair('uniform CE as the plug-in', `${NB} Eq. 9`, cat, 'min CE(U(z), p(z))', 'min −0.25·Σ_k[log(E_x[L(x)])]'),
  pair('KL(p(z|x) ‖ U(z)) as CE − H', LN, cat, 'min KL(p(z|x) ‖ U(z))', 'min CE(p(z|x), U(z)) − H(Z|X)'),
  { name: 'DMS: JSD and Eq. 3', source: `${NB} Prop. 1, Eq. 3`, a: neuralBayes.dmsJsd(B), b: neuralBayes.dmsEq3(B) },
  pair(
    'DMS: JSD and Eq. 5 (ε = 0), up to log 2',
    `${NB} Eq. 5`,
    bern,
    'max JSD[0.5, 0.5](p(x|z=1), p(x|z=0))',
    'min 0.5·E_x[B(x)/E_x[B(x)]·log(1 + (1 − B(x))/(1 − E_x[B(x)])/(B(x)/E_x[B(x)]))] + 0.5·E_x[(1 − B(x))/(1 − E_x[B(x)])·log(1 + B(x)/E_x[B(x)]/((1 − B(x))/(1 − E_x[B(x)])))]',
    { upToConstant: true },
  ),
  pair(
    'DMS: JSD with its arguments swapped',
    `${NB} Eq. 2`,
    bern,
    'max JSD[0.5, 0.5](p(x|z=1), p(x|z=0))',
    'max JSD[0.5, 0.5](p(x|z=0), p(x|z=1))',
  ),
  pair(
    'DMS: JSD as KLs to the mixture',
    `${NB} Eq. 2`,
    bern,
    'max JSD[0.5, 0.5](p(x|z=1), p(x|z=0))',
    'max 0.5·KL(p(x|z=1) ‖ mix[0.5, 0.5](p(x|z=1), p(x|z=0))) + 0.5·KL(p(x|z=0) ‖ mix[0.5, 0.5](p(x|z=1), p(x|z=0)))',
  ),
  {
    name: 'DMS: Eq. 3 and Eq. 5 (ε = 0) exactly',
    source: `${NB} Eq. 3, 5`,
    a: neuralBayes.dmsEq3(B),
    b: parse(
      'max log(2) − 0.5·E_x[B(x)/E_x[B(x)]·log(1 + (1 − B(x))/(1 − E_x[B(x)])/(B(x)/E_x[B(x)]))] − 0.5·E_x[(1 − B(x))/(1 − E_x[B(x)])·log(1 + B(x)/E_x[B(x)]/((1 − B(x))/(1 − E_x[B(x)])))]',
      bern,
    ),
  },
  pair(
    'weighted JSD as KLs to the weighted mixture',
    `${NB} Eq. 23`,
    cat,
    'max JSD[0.3, 0.7](p(x|z=0), p(x|z=2))',
    'max 0.3·KL(p(x|z=0) ‖ mix[0.3, 0.7](p(x|z=0), p(x|z=2))) + 0.7·KL(p(x|z=2) ‖ mix[0.3, 0.7](p(x|z=0), p(x|z=2)))',
  ),
  pair(
    'JSD of three as KLs to the mixture',
    `${NB} Eq. 23`,
    cat,
    'max JSD[0.2, 0.3, 0.5](p(x|z=0), p(x|z=1), p(x|z=3))',
    'max 0.2·KL(p(x|z=0) ‖ mix[0.2, 0.3, 0.5](p(x|z=0), p(x|z=1), p(x|z=3))) + 0.3·KL(p(x|z=1) ‖ mix[0.2, 0.3, 0.5](p(x|z=0), p(x|z=1), p(x|z=3))) + 0.5·KL(p(x|z=3) ‖ mix[0.2, 0.3, 0.5](p(x|z=0), p(x|z=1), p(x|z=3)))',
  ),
  {
    name: 'multi-partition DMS with β·R_c, JSDs as KLs',
    source: `${NB} Eq. 23`,
    a: neuralBayes.dmsMulti(L, 'β'),
    b: parse(
      'max 0.25·(0.5·KL(p(x|z=0) ‖ mix[0.5, 0.5](p(x|z=0), p(x|z≠0))) + 0.5·KL(p(x|z≠0) ‖ mix[0.5, 0.5](p(x|z=0), p(x|z≠0)))) + 0.25·JSD[0.5, 0.5](p(x|z=1), p(x|z≠1)) + 0.25·JSD[0.5, 0.5](p(x|z=2), p(x|z≠2)) + 0.25·JSD[0.5, 0.5](p(x|z=3), p(x|z≠3)) − β·R_c(L)',
      cat,
    ),
    options: hypers,
  },
  pair('paired MI as entropies', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max H(Z) + H(W) − H(Z,W)'),
  pair('paired MI as H(Z) − H(Z|W)', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max H(Z) − H(Z|W)'),
  pair('paired MI is symmetric', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max I(W;Z)'),
  pair('paired MI as H(W) − H(W|Z)', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max H(W) − H(W|Z)'),
  pair('chain rule of entropy', LN, paired, 'min H(Z|W) + H(W)', 'min H(Z,W)'),
  pair('chain rule of entropy, the other way', LN, paired, 'min H(Z,W)', 'min H(Z) + H(W|Z)'),
  {
    name: 'ELBO: VAE form and joint form',
    source: `${LN} §3, A.3`,
    a: lectureNotes.elbo(q, dec),
    b: lectureNotes.elboJoint(q, dec),
    options: elboOptions(true, false),
  },
  {
    name: 'ELBO: VAE form and expected log-densities',
    source: `${LN} §3, A.3`,
    a: lectureNotes.elbo(q, dec),
    b: parse('max E_x[log[p(x|z)]] − E_x[log[p(z|x)]] + E_x[log[N(z)]]', vaeEnv),
    options: elboOptions(true, false),
  },
  {
    name: 'ELBO maximised is −ELBO minimised',
    source: `${LN} §3`,
    a: lectureNotes.elbo(q, dec),
    b: minimize(neg(lectureNotes.elboJoint(q, dec).body)),
    options: elboOptions(true, false),
  },
  pair('gaussian MI as entropies (gradients only)', `${MIGE} Circumstance I`, gauss, 'max I(X;Z)', 'max H(Z) − H(Z|X)'),
  {
    name: 'KL to N(0, I) as the expected log-ratio',
    source: `${LN} §3`,
    a: minimize(klq),
    b: parse('min E_x[log[p(z|x)] − log[N(z)]]', { encoders: [q] }),
    options: { pins: [[{ expr: klq, estimator: 'reparam-mc' }], []] },
  },
  pair('MI − β·H(Z)', `${NB} §3.2`, cat, 'max I(X;Z) − β·H(Z)', 'max (1 − β)·H(Z) − H(Z|X)', hypers),
  pair('two MIs', LN, cat, 'max 2·I(X;Z)', 'max I(X;Z) + KL(p(z|x) ‖ p(z))'),
  pair('KL of a distribution to itself', 'lint', cat, 'max I(X;Z) + 0.5·KL(p(z|x) ‖ p(z|x))', 'max I(X;Z)'),
  pair('bernoulli MI as entropies', `${NB} Eq. 7`, bern, 'max I(X;Z)', 'max H(Z) − H(Z|X)'),
  pair('Eq. 6 as entropies', `${NB} Eq. 6`, cat, 'max E_x[Σ_k[L(x)·log(L(x)/E_x[L(x)])]]', 'max H(Z) − H(Z|X)'),
  pair('half and half', LN, cat, 'max 0.5·(H(Z) − H(Z|X)) + 0.5·I(X;Z)', 'max I(X;Z)'),
  ibPair('IB: I(Z;Y) as label entropies', 'max I(Z;Y) − β·I(X;Z)', 'max H(Y) − H(Y|Z) − β·I(X;Z)'),
  ibPair('IB maximised is the IB loss minimised', 'max I(Z;Y) − β·I(X;Z)', 'min β·I(X;Z) − I(Z;Y)'),
  ibPair('IB in entropies', 'max I(Z;Y) − β·I(X;Z)', 'max H(Y) − H(Y|Z) − β·H(Z) + β·H(Z|X)'),
  pair(
    'IB-like trade-off on paired codes',
    MIGE,
    paired,
    'max I(Z;W) − β·H(Z)',
    'max (1 − β)·H(Z) + H(W) − H(Z,W)',
    hypers,
  ),
];

export const UNEQUAL: readonly CorpusPair[] = [
  pair('MI without H(Z|X)', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max H(Z)'),
  pair('MI with H(Z|X) added', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max H(Z) + H(Z|X)'),
  pair('MI and its negation', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max H(Z|X) − H(Z)'),
  pair('MI with H(Z) twice', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max 2·H(Z) − H(Z|X)'),
  pair('max against min', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'min I(X;Z)'),
  pair('KL to uniform is not MI', LN, cat, 'max I(X;Z)', 'max KL(p(z|x) ‖ U(z))'),
  pair('CE without H(Z|X)', LN, cat, 'max I(X;Z)', 'max CE(p(z|x), p(z))'),
  pair('Eq. 6 without the marginal', `${NB} Eq. 6`, cat, 'max I(X;Z)', 'max E_x[Σ_k[L(x)·log(L(x))]]'),
  pair(
    'Eq. 8 with a flipped sign',
    `${NB} Eq. 8`,
    cat,
    'max I(X;Z)',
    'max E_x[Σ_k[L(x)·log(L(x))]] + Σ_k[E_x[L(x)]·log(E_x[L(x)])]',
  ),
  pair('plug-in with E inside', `${NB} Lemma 1`, cat, 'max H(Z)', 'max −Σ_k[E_x[L(x)·log(L(x))]]'),
  pair(
    'DMS with other weights',
    `${NB} Eq. 3`,
    bern,
    'max JSD[0.3, 0.7](p(x|z=1), p(x|z=0))',
    'max JSD[0.5, 0.5](p(x|z=1), p(x|z=0))',
  ),
  pair(
    'DMS: Eq. 5 not up to the constant',
    `${NB} Eq. 5`,
    bern,
    'max JSD[0.5, 0.5](p(x|z=1), p(x|z=0))',
    'min 0.5·E_x[B(x)/E_x[B(x)]·log(1 + (1 − B(x))/(1 − E_x[B(x)])/(B(x)/E_x[B(x)]))] + 0.5·E_x[(1 − B(x))/(1 − E_x[B(x)])·log(1 + B(x)/E_x[B(x)]/((1 − B(x))/(1 − E_x[B(x)])))]',
  ),
  pair(
    'weights swapped without the arguments',
    `${NB} Eq. 23`,
    cat,
    'max JSD[0.3, 0.7](p(x|z=0), p(x|z=2))',
    'max JSD[0.7, 0.3](p(x|z=0), p(x|z=2))',
  ),
  pair(
    'KLs to a mixture of the wrong weights',
    `${NB} Eq. 23`,
    cat,
    'max JSD[0.3, 0.7](p(x|z=0), p(x|z=2))',
    'max 0.3·KL(p(x|z=0) ‖ mix[0.7, 0.3](p(x|z=0), p(x|z=2))) + 0.7·KL(p(x|z=2) ‖ mix[0.7, 0.3](p(x|z=0), p(x|z=2)))',
  ),
  pair(
    'JSD is not the symmetrised KL',
    `${NB} Eq. 2`,
    cat,
    'max JSD[0.5, 0.5](p(x|z=0), p(x|z=1))',
    'max 0.5·KL(p(x|z=0) ‖ p(x|z=1)) + 0.5·KL(p(x|z=1) ‖ p(x|z=0))',
  ),
  pair('paired MI with H(Z,W) added', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max H(Z) + H(W) + H(Z,W)'),
  pair('paired MI with the wrong conditional', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max H(Z) − H(W|Z)'),
  pair('H(Z|W) is not H(W|Z)', LN, paired, 'min H(Z|W)', 'min H(W|Z)'),
  pair('joint entropy is not the sum', LN, paired, 'min H(Z,W)', 'min H(Z) + H(W)'),
  {
    name: 'ELBO with the KL added',
    source: `${LN} §3`,
    a: lectureNotes.elbo(q, dec),
    b: parse('max E_x[log[p(x|z)]] + KL(p(z|x) ‖ N(z))', vaeEnv),
    options: elboOptions(true, true),
  },
  {
    name: 'ELBO without the prior',
    source: `${LN} A.3`,
    a: lectureNotes.elbo(q, dec),
    b: parse('max E_x[log[p(x|z)]] − E_x[log[p(z|x)]]', vaeEnv),
    options: elboOptions(true, false),
  },
  pair('β dropped', MIGE, cat, 'max β·I(X;Z)', 'max β·H(Z) − H(Z|X)', hypers),
  pair('(1 + α) is not α', `${NB} Eq. 10`, cat, 'min H(Z|X) + (1 + α)·R_p(L)', 'min H(Z|X) + α·R_p(L)', hypers),
  pair('R_p is not the uniform CE', `${NB} Eq. 9`, cat, 'min R_p(L)', 'min CE(U(z), p(z))'),
  pair('KL to uniform with the wrong K', `${NB} §3.2`, cat, 'min KL(p(z) ‖ U(z))', 'min log(3) − H(Z)'),
  pair('KL to uniform without log K', `${NB} §3.2`, cat, 'min KL(p(z) ‖ U(z))', 'max H(Z)'),
  {
    name: 'MI of another network',
    source: `${NB} Eq. 7`,
    a: parse('max I(X;Z)', cat),
    b: maximize({ kind: 'mutualInfo', enc: L2 }),
  },
  {
    name: 'entropy of another network',
    source: `${NB} Lemma 1`,
    a: parse('max H(Z)', cat),
    b: maximize({ kind: 'entropy', enc: L2 }),
  },
  pair('gaussian MI without H(Z|X) (gradients only)', `${MIGE} Circumstance I`, gauss, 'max I(X;Z)', 'max H(Z)'),
  pair('H(Z) is not H(Z|X)', `${NB} Eq. 7`, cat, 'max H(Z)', 'max H(Z|X)'),
  pair('β on the other term', `${NB} §3.2`, cat, 'max I(X;Z) − β·H(Z)', 'max I(X;Z) − β·H(Z|X)', hypers),
  pair(
    'MIM v2 without R_c',
    `${NB} Eq. 10`,
    cat,
    'min H(Z|X) + (1 + α)·R_p(L) + β·R_c(L)',
    'min H(Z|X) + (1 + α)·R_p(L)',
    hypers,
  ),
  pair('KL to the marginal is not KL to uniform', LN, cat, 'max KL(p(z|x) ‖ p(z))', 'max KL(p(z|x) ‖ U(z))'),
  {
    name: 'DMS Eq. 3 less log 2',
    source: `${NB} Eq. 3`,
    a: neuralBayes.dmsJsd(B),
    b: maximize(sub(dmsEq3Body(B), log(2))),
  },
  pair(
    'JSD of other posteriors',
    `${NB} Eq. 23`,
    cat,
    'max JSD[0.5, 0.5](p(x|z=0), p(x|z=1))',
    'max JSD[0.5, 0.5](p(x|z=0), p(x|z=2))',
  ),
  pair('half the conditional entropy', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max H(Z) − 0.5·H(Z|X)'),
  pair('KL to uniform is −H(Z|X) only up to log K', LN, cat, 'min KL(p(z|x) ‖ U(z))', 'min −H(Z|X)'),
  pair('paired MI with H(W|Z) added', 'IIC Eq. 1', paired, 'max I(Z;W)', 'max I(Z;W) + H(W|Z)'),
  {
    name: 'Eq. 6 maximised and minimised',
    source: `${NB} Eq. 6`,
    a: neuralBayes.mimEq6(L),
    b: minimize(neuralBayes.mimEq6(L).body),
  },
  {
    name: 'DMS of another network',
    source: `${NB} Eq. 3`,
    a: neuralBayes.dmsJsd(B),
    b: neuralBayes.dmsJsd(B2),
  },
  ibPair('IB with β on the other term', 'max I(Z;Y) − β·I(X;Z)', 'max β·I(Z;Y) − I(X;Z)'),
  ibPair('IB without H(Y|Z)', 'max I(Z;Y) − β·I(X;Z)', 'max H(Y) − β·I(X;Z)'),
  ibPair('label entropy is not the classifier’s plug-in', 'max H(Y)', 'max −Σ_k[E_z[clf(z)]·log(E_z[clf(z)])]'),
  ibPair('H(Y|Z) of labels is not the classifier’s entropy', 'min H(Y|Z)', 'min −E_z[Σ_k[clf(z)·log(clf(z))]]'),
  pair('MI with a fraction of H(Z)', `${NB} Eq. 7`, cat, 'max I(X;Z)', 'max 0.9·H(Z) − H(Z|X)'),
  pair(
    'paired I(Z;Y) of a label classifier is not the chain rule with the labels’ H(Y)',
    `${LN} §6`,
    pairedLabels,
    'max I(Z;Y)',
    'max H(Z) + H(Y) − H(Z,Y)',
  ),
];
