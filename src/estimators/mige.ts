/**
 * MIGE (Wen et al.): gradients of entropies and mutual information of implicit continuous distributions through
 * SSGE score estimates, via surrogates whose gradient is the MIGE gradient and whose value is 0 (the value is not
 * estimated).
 *
 * - H(Z), z = f(x) or z = μ(x) + σ(x)ε: ∇H(Z) = −E[ŝ_z(z)·∇_ψ z] (MIGE Eq. 9, 11–12, data reparameterisation)
 * - I(X;Z), deterministic encoder: ∇I = −E[ŝ_z·∇z] + E[ŝ_(x,z)|_z·∇z] (Circumstance I, Eq. 12; x randomly
 *   projected, §3.3)
 * - I(X;Z), Gaussian encoder: ∇I = ∇H(Z) − ∇H(Z|X), the second in closed form (Circumstance III, Eq. 16; its
 *   conditional score −(z−μ)/σ² is explicit, so no estimate is needed)
 * - I(Z;W), H(Z,W), H(Z|W) of two continuous encoders on paired samples (two views, two encoders of one x, or a hidden
 *   layer h = C(x) and z = f(h), Circumstance II, Eq. 13–14): the marginal scores and the joint score of (z, w)
 */
import * as tf from '../tf.ts';
import { givenLabel, type Encoder, type Expr } from '../expr/index.ts';
import { familyOf, hasDensity } from '../families/index.ts';
import { bothContinuous, isPaired, layerAndOutput, lowerTarget, type Paired } from '../plan/pairs.ts';
import { RULE } from '../plan/rules.ts';
import { aggregatePosterior, offerUnder } from '../plan/variableRules.ts';
import { isContinuous } from '../plan/sites.ts';
import type { TermPlan } from '../plan/types.ts';
import type { TermContext } from '../term/context.ts';
import { stopGradient, withGradientOf } from '../term/ops.ts';
import { free, perSample } from '../term/value.ts';
import { randomProjection, ssge, type SsgeOptions } from './ssge.ts';
import { unsupported, type TermCandidate, type EstimatorModule } from './types.ts';
import { q, torchUnsupported, TorchUnsupported, type PythonTerm } from '../targets/pytorch/lowering.ts';
import type { HelperName } from '../targets/pytorch/runtime.ts';

/** SSGE settings of the MIGE estimator; the projection applies to x when it has more dimensions than `projectTo`. */
export const MIGE_DEFAULTS: SsgeOptions & { projectTo: number; eigen: { ratio: number } } = {
  bandwidth: 'median',
  eigen: { ratio: 0.99 },
  projectTo: 32,
};

/** The SSGE options of a term: MIGE's defaults with the spec's settings (`objective.ssge`) over them. */
const ssgeOf = (term: TermPlan<string>): SsgeOptions =>
  term.ssge ? { ...MIGE_DEFAULTS, eigen: { ratio: term.ssge.eigenRatio } } : MIGE_DEFAULTS;

/** E_b[ sg(ŝ(v)) · v ]: its gradient is E[ŝ·∇v]. */
const scoreSurrogate = (v: tf.Tensor2D, opts: SsgeOptions): tf.Scalar => {
  const est = ssge(stopGradient(v), opts);
  const s = tf.mean(tf.sum(tf.mul(est.scores, v), 1)) as tf.Scalar;
  est.dispose();
  return s;
};

/** Surrogate of H(Z): −E[sg(ŝ_z)·z]. */
const entropySurrogate = (enc: Encoder, ctx: TermContext, opts: SsgeOptions): tf.Scalar =>
  tf.neg(scoreSurrogate(ctx.sample(enc).z, opts));

/** Surrogate of −H(X,Z) for z = f(x): E[sg(ŝ_(Rx,z))|_z · z] (Circumstance I; x enters through a random projection R). */
function jointSurrogate(enc: Encoder, ctx: TermContext, opts: SsgeOptions): tf.Scalar {
  const x = tf.reshape(ctx.inputOf(enc.given), [ctx.inputOf(enc.given).shape[0], -1]) as tf.Tensor2D;
  const z = ctx.sample(enc).z;
  const dx = x.shape[1];
  const px =
    dx > MIGE_DEFAULTS.projectTo ? tf.matMul(x, randomProjection(dx, MIGE_DEFAULTS.projectTo, ctx.nextSeed())) : x;
  const joint = tf.concat([stopGradient(px), z], 1) as tf.Tensor2D;
  const est = ssge(stopGradient(joint), opts);
  const zScore = tf.slice(est.scores, [0, px.shape[1] as number], [-1, z.shape[1]]);
  const s = tf.mean(tf.sum(tf.mul(zScore, z), 1)) as tf.Scalar;
  est.dispose();
  return s;
}

/**
 * Surrogates of a continuous pair z, w (both reparameterised through the data): −H(Z,W) by the joint score,
 * E[sg(ŝ_(z,w))·(z,w)] (MIGE Eq. 9 on the joint), and with it I(Z;W) = H(Z) + H(W) − H(Z,W) (Eq. 8, 13) and
 * H(Z|W) = H(Z,W) − H(W).
 */
function pairSurrogate(
  node: Expr & { kind: 'pairedInfo' | 'pairedEntropy' },
  ctx: TermContext,
  opts: SsgeOptions,
): tf.Scalar {
  const [z, w] = [ctx.sample(node.a).z, ctx.sample(node.b).z];
  const negJoint = scoreSurrogate(tf.concat([z, w], 1) as tf.Tensor2D, opts);
  const hw = () => tf.neg(scoreSurrogate(w, opts));
  if (node.kind === 'pairedInfo') return tf.add(tf.add(tf.neg(scoreSurrogate(z, opts)), hw()), negJoint); // Eq. 13–14
  return node.conditional ? tf.sub(tf.neg(negJoint), hw()) : tf.neg(negJoint);
}

const zero = () => tf.scalar(0);

/** Surrogate of I(X;Z): Circumstance I for z = f(x), III with the closed-form conditional score otherwise (Eq. 12, 16). */
function informationSurrogate(enc: Encoder, ctx: TermContext, opts: SsgeOptions): tf.Scalar {
  const conditionalEntropy = familyOf(enc.family).entropy; // absent for a point mass z = f(x)
  return !conditionalEntropy
    ? tf.add(entropySurrogate(enc, ctx, opts), jointSurrogate(enc, ctx, opts))
    : tf.sub(entropySurrogate(enc, ctx, opts), conditionalEntropy(ctx.forward(enc), enc.size));
}

/**
 * Surrogate of KL(p(z) ‖ N(0,I)) = −H(Z) + CE(p(z), N(0,I)): ∇ = E[(ŝ(z) − ∇log N(z))·∇z] = E[(ŝ(z) + z)·∇z]
 * (MIGE Eq. 9 with the prior's score −z in closed form).
 */
function priorKlSurrogate(enc: Encoder, ctx: TermContext, opts: SsgeOptions): tf.Scalar {
  const z = ctx.sample(enc).z;
  return tf.add(scoreSurrogate(z, opts), tf.mean(tf.sum(tf.mul(stopGradient(z), z), 1))) as tf.Scalar;
}

/** MIGE on a continuous pair: the scores of z, w and (z, w) by SSGE from the paired samples. */
const pairCandidate = (n: Paired, circumstance: string): TermCandidate => {
  const [z, w] = [lowerTarget(n.a), lowerTarget(n.b)];
  const grad =
    n.kind === 'pairedInfo'
      ? `∇I = ∇H(${n.a.target}) + ∇H(${n.b.target}) − ∇H(${n.a.target},${n.b.target}) = −E[ŝ(${z})·∇${z}] − E[ŝ(${w})·∇${w}] + E[ŝ(${z},${w})·∇(${z},${w})]`
      : n.conditional
        ? `∇H(${n.a.target}|${n.b.target}) = ∇H(${n.a.target},${n.b.target}) − ∇H(${n.b.target}) = −E[ŝ(${z},${w})·∇(${z},${w})] + E[ŝ(${w})·∇${w}]`
        : `∇H(${n.a.target},${n.b.target}) = −E[ŝ(${z},${w})·∇(${z},${w})]`;
  return {
    reason: `${circumstance}: ${grad}, the joint and marginal scores by SSGE from the paired samples, reparameterised through the data; the value is not estimated`,
    gradient: 'surrogate',
  };
};

/**
 * The encoder's reparameterised sample in the PyTorch program, in a paired term on the variable this use reads (a
 * network on X and on X'); a hidden layer or a head is not in the target yet.
 */
function pythonSample(enc: Encoder, paired = false): string {
  if (enc.layer !== undefined || enc.head !== undefined)
    throw new TorchUnsupported(
      `the PyTorch target samples an encoder's output, not a hidden layer or head of ${enc.model}`,
    );
  return paired ? `b.sample(${q(enc.model)}, given=${q(enc.given.join())})` : `b.sample(${q(enc.model)})`;
}

/** A surrogate's Python as the body of a term valued 0 with its gradient (tfjs: withGradientOf(0, surrogate)). */
const zeroValued = (
  name: string,
  gradient: string,
  surrogate: string,
  helpers: HelperName[] = ['ssge'],
): PythonTerm => ({
  body: [
    `# ${gradient}`,
    `surrogate = ${surrogate}`,
    'return surrogate - surrogate.detach()  # valued 0: the value is not estimated',
  ],
  helpers,
  name,
});

const ENTROPY_GRADIENT = 'Eq. 9–11: ∇H(Z) = −E[ŝ(z)·∇z], z reparameterised through the data';

/** The PyTorch lowering: the surrogates above over the whole minibatch (score_surrogate, src/targets/pytorch/runtime/mige.ts). */
function migePython(node: Expr, ratio: number): PythonTerm {
  const entropy = (enc: Encoder) => `-score_surrogate(b, ${pythonSample(enc)}, ${ratio})`;
  // Circumstance I for z = f(x), III with the closed-form conditional entropy of a Gaussian (Eq. 12, 16)
  const information = (enc: Encoder): PythonTerm =>
    enc.family === 'deterministic'
      ? zeroValued(
          `mige_information_${enc.model}`,
          'Circumstance I (Eq. 12): ∇I = −E[ŝ(z)·∇z] + E[ŝ(Rx,z)|_z·∇z]',
          `${entropy(enc)} + joint_surrogate(b, ${q(enc.model)}, ${ratio}, ${MIGE_DEFAULTS.projectTo})`,
          ['ssge', 'jointScore'],
        )
      : enc.family === 'gaussian'
        ? zeroValued(
            `mige_information_${enc.model}`,
            'Circumstance III (Eq. 16): ∇I = ∇H(Z) − ∇H(Z|X) = −E[ŝ(z)·∇z] − ∇H(Z|X), the latter in closed form',
            `${entropy(enc)} - gaussian_entropy(b, ${q(enc.model)})`,
            ['ssge', 'gaussianClosedForms'],
          )
        : torchUnsupported('mige', node);
  switch (node.kind) {
    case 'entropy':
      return zeroValued(`mige_entropy_${node.enc.model}`, ENTROPY_GRADIENT, entropy(node.enc));
    case 'mutualInfo':
      return information(node.enc);
    case 'kl': {
      if (node.p.kind === 'conditional') return information(node.p.enc);
      if (node.p.kind !== 'marginal') return torchUnsupported('mige', node);
      const z = pythonSample(node.p.enc);
      return zeroValued(
        `mige_kl_to_prior_${node.p.enc.model}`,
        "Eq. 9 against N(0, I): ∇KL = E[(ŝ(z) + z)·∇z], the prior's score −z in closed form",
        `score_surrogate(b, ${z}, ${ratio}) + global_mean((${z}.detach() * ${z}).sum(1))`,
      );
    }
    case 'crossEntropy':
      return node.p.kind === 'conditional' || node.p.kind === 'marginal'
        ? zeroValued(`mige_cross_entropy_${node.p.enc.model}`, ENTROPY_GRADIENT, entropy(node.p.enc))
        : torchUnsupported('mige', node);
    case 'pairedInfo':
    case 'pairedEntropy': {
      // −H(Z,W) by the joint score (Eq. 9 on the joint); I = H(Z) + H(W) − H(Z,W) (Eq. 13–14), H(Z|W) = H(Z,W) − H(W)
      const [z, w] = [pythonSample(node.a, true), pythonSample(node.b, true)];
      const negJoint = `score_surrogate(b, torch.cat([${z}, ${w}], 1), ${ratio})`;
      const hw = `-score_surrogate(b, ${w}, ${ratio})`;
      const name = `mige_${node.kind === 'pairedInfo' ? 'information' : 'entropy'}_${node.a.model}_${node.b.model}`;
      if (node.kind === 'pairedInfo')
        return zeroValued(
          name,
          'Eq. 13–14: ∇I = −E[ŝ(z)·∇z] − E[ŝ(w)·∇w] + E[ŝ(z,w)·∇(z,w)]',
          `(-score_surrogate(b, ${z}, ${ratio}) + ${hw}) + ${negJoint}`,
        );
      return node.conditional
        ? zeroValued(
            name,
            'Eq. 9 on the joint: ∇H(Z|W) = −E[ŝ(z,w)·∇(z,w)] + E[ŝ(w)·∇w]',
            `-${negJoint} + score_surrogate(b, ${w}, ${ratio})`,
          )
        : zeroValued(name, 'Eq. 9 on the joint: ∇H(Z,W) = −E[ŝ(z,w)·∇(z,w)]', `-${negJoint}`);
    }
    default:
      return torchUnsupported('mige', node);
  }
}

export const mige: EstimatorModule<'mige'> = {
  name: 'mige',
  source: 'MIGE (Wen et al.), Circumstances I and III, with SSGE (Shi et al. 2018)',
  // the information terms' forward is the placeholder 0 carrying the surrogate gradient; a score's value is ŝ itself
  gradientOnly: ['entropy', 'mutualInfo', 'pairedInfo', 'pairedEntropy', 'kl', 'crossEntropy'],
  readsSsge: true,
  pytorch: {
    equation:
      "MIGE Eq. 9–16, a surrogate valued 0 whose gradient is MIGE's, the scores by SSGE on the whole minibatch (MIGE Eq. 4)",
    lower: (node, term) => migePython(node, term.ssge?.eigenRatio ?? MIGE_DEFAULTS.eigen.ratio),
  },
  offers: [
    {
      // entropy / MI / score of a continuous implicit distribution: an SSGE score estimate through a surrogate
      rule: RULE.mige,
      candidate: ({ node }) => {
        if ((node.kind === 'entropy' || node.kind === 'mutualInfo') && isContinuous(node.enc)) {
          const z = node.enc.target.toLowerCase();
          const why =
            node.kind === 'entropy'
              ? `p(${z}) of a ${node.enc.family} encoder is implicit: ∇H = −E[ŝ(${z})·∇${z}] with ${z} reparameterised through the data (MIGE Eq. 9–12), ŝ by SSGE`
              : !hasDensity(node.enc.family)
                ? `Circumstance I (deterministic encoder): ∇I = −E[ŝ(${z})·∇${z}] + E[ŝ(x,${z})·∇${z}], scores by SSGE, x randomly projected (MIGE Eq. 12, §3.3)`
                : `Circumstance III (stochastic encoder): ∇I = ∇H(${node.enc.target}) − ∇H(${node.enc.target}|${givenLabel(node.enc)}), ŝ(${z}) by SSGE, the Gaussian conditional score in closed form (MIGE Eq. 16)`;
          return { reason: `${why}; the value is not estimated`, gradient: 'surrogate' };
        }
        if (
          node.kind === 'score' &&
          (node.dist.kind === 'data' || (node.dist.kind === 'marginal' && isContinuous(node.dist.enc)))
        )
          return { reason: 'score of an implicit density estimated from samples by SSGE', gradient: 'surrogate' };
        return undefined;
      },
    },
    {
      // H(Z,W), H(Z|W) of a continuous pair (the joint score, MIGE Eq. 9), and I(H;Z) of a hidden layer h = C(x) and the
      // output z = f(C(x)) of one network (MIGE Circumstance II, Eq. 13–14)
      rule: RULE.pairedScores,
      candidate: ({ node }) => {
        if (!isPaired(node) || !bothContinuous(node)) return undefined;
        if (node.kind === 'pairedEntropy')
          return pairCandidate(
            node,
            `p(${lowerTarget(node.a)},${lowerTarget(node.b)}) is implicit (MIGE Eq. 9 on the joint)`,
          );
        const hidden = layerAndOutput(node);
        if (!hidden) return undefined;
        const [layer, out] = hidden;
        return pairCandidate(
          node,
          `Circumstance II: ${lowerTarget(layer)} = C(${givenLabel(layer).toLowerCase()}) is hidden layer ${layer.layer} of ${layer.model} and ${lowerTarget(out)} = f(${lowerTarget(layer)}) its output (MIGE Eq. 13–14)`,
        );
      },
    },
    {
      // I(Z;W) of two continuous encoders: InfoNCE is the rule's default, MIGE's joint-score gradient is pinnable
      rule: RULE.pairedContinuous,
      preference: 1,
      candidate: ({ node }) => {
        if (node.kind !== 'pairedInfo' || !bothContinuous(node)) return undefined;
        const z = lowerTarget(node.a);
        return pairCandidate(
          node,
          `Circumstance I with (x, ${z}) → (${z}, ${lowerTarget(node.b)}) (MIGE Eq. 8–12, I = H(${node.a.target}) + H(${node.b.target}) − H(${node.a.target},${node.b.target}))`,
        );
      },
    },
    offerUnder(RULE.aggregatePosterior, aggregatePosterior, 'mige'),
  ],
  lower: (node, ctx, term) => {
    const opts = ssgeOf(term);
    switch (node.kind) {
      case 'entropy':
        return free(withGradientOf(zero(), entropySurrogate(node.enc, ctx, opts)));
      case 'mutualInfo':
        return free(withGradientOf(zero(), informationSurrogate(node.enc, ctx, opts)));
      case 'kl':
        // E_x KL(p(z|x) ‖ p(z)) = I(X;Z); KL(p(z) ‖ N(0,I)) by the score path E[(ŝ(z) + z)·∇z]
        if (node.p.kind === 'conditional')
          return free(withGradientOf(zero(), informationSurrogate(node.p.enc, ctx, opts)));
        if (node.p.kind === 'marginal') return free(withGradientOf(zero(), priorKlSurrogate(node.p.enc, ctx, opts)));
        return unsupported('mige', node);
      case 'crossEntropy': // E_x CE(p(z|x), p(z)) = H(Z), CE(p(z), p(z)) = H(Z)
        return node.p.kind === 'conditional' || node.p.kind === 'marginal'
          ? free(withGradientOf(zero(), entropySurrogate(node.p.enc, ctx, opts)))
          : unsupported('mige', node);
      case 'pairedInfo':
      case 'pairedEntropy':
        return free(withGradientOf(zero(), pairSurrogate(node, ctx, opts)));
      case 'score': {
        const d = node.dist;
        const samples =
          d.kind === 'data'
            ? (tf.reshape(ctx.input(d.v), [ctx.input(d.v).shape[0], -1]) as tf.Tensor2D)
            : d.kind === 'marginal'
              ? ctx.sample(d.enc).z
              : unsupported('mige', node);
        const est = ssge(stopGradient(samples), opts);
        const s = tf.clone(est.scores);
        est.dispose();
        return perSample(s);
      }
      default:
        return unsupported('mige', node);
    }
  },
};
