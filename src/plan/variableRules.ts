/**
 * Rules that resolve a term against the model of the variables: terms over the data's labels with a classifier of them,
 * and divergences of an encoder's aggregate posterior p(z) = E_x[p(z|x)]. The variables' roles are on the encoders
 * (`observedTarget`: the target is observed data) and the distributions (`labels`), set by the spec compiler from the
 * variable model (src/spec/variables.ts) or by the `labels(…)` builder.
 */
import {
  children,
  encoderKey,
  givenLabel,
  hasExplicitMarginal,
  networkName,
  statesOf,
  symmetrises,
  type Dist,
  type Encoder,
  type Expr,
} from '../expr/index.ts';
import { hasDensity } from '../families/index.ts';
import type { Offer, Rule, TermCandidate } from '../estimators/types.ts';
import type { Site } from './types.ts';
import { isContinuous } from './sites.ts';

/** A candidate of one estimator under one of these rules. */
type Choice = TermCandidate & { readonly estimator: string };
/** A rule of this module: the candidates of every estimator it offers for a site, the first preferred. */
type Candidates = (site: Site) => Choice[];

/** The offer `estimator`'s module makes under `rule`: its candidate among the rule's, if the rule gives it one. */
export const offerUnder = (rule: Rule, candidates: Candidates, estimator: string): Offer => ({
  rule,
  candidate: (site) => {
    const found = candidates(site).find((c) => c.estimator === estimator);
    if (!found) return undefined;
    const { estimator: _, ...candidate } = found;
    return candidate;
  },
});

const none: Choice[] = [];
const lower = (v: string) => v.toLowerCase();
const isLabelsOf = (enc: Encoder) => enc.observedTarget === true && hasExplicitMarginal(enc);
/** A conditional and a marginal of one encoder: KL(p(z|x) ‖ p(z)), CE(p(z|x), p(z)). */
const sameEncoder = (a: Encoder, b: Encoder) => encoderKey(a) === encoderKey(b);
const marginalOf = (d: Dist): Encoder | undefined => (d.kind === 'marginal' ? d.enc : undefined);
const conditionalOf = (d: Dist): Encoder | undefined => (d.kind === 'conditional' ? d.enc : undefined);
const isPrior = (d: Dist, family: 'uniform' | 'standard-normal') => d.kind === 'prior' && d.family === family;

/** H(Y), H(Y|Z), I(Z;Y) of observed labels Y with a classifier q(y|z) of them: every estimate reads the labels. */
export const observedLabels: Candidates = ({ node }) => {
  if (node.kind !== 'entropy' && node.kind !== 'condEntropy' && node.kind !== 'mutualInfo') return none;
  const enc = node.enc;
  if (node.kind === 'condEntropy' && enc.observedTarget && !isLabelsOf(enc) && hasDensity(enc.family))
    return [decoderBound(enc, `${enc.target} is observed data`, 'decoder')];
  if (!isLabelsOf(enc)) return none;
  const [y, z, K] = [lower(enc.target), lower(givenLabel(enc)), statesOf(enc)];
  const labels = `${enc.target} is observed (the data's labels, ${K} classes)`;
  const counted = `H(${enc.target}) = −Σ_${y} p̂(${y}) log p̂(${y}) of the labels counted in the minibatch`;
  const likelihood = `E_(x,${y}) E_{${z}~p(${z}|x)}[log ${enc.model}(${y}|${z})] at the observed labels`;
  switch (node.kind) {
    case 'entropy':
      return [
        {
          estimator: 'label-counts',
          reason: `${labels}: ${counted}, a constant of the data (no gradient); ${enc.model}'s predictions are not read`,
          gradient: 'exact',
          readsObserved: true,
        },
      ];
    case 'condEntropy':
      return [decoderBound(enc, labels, 'classifier')];
    case 'mutualInfo':
      return [
        {
          estimator: 'ba',
          reason: `${labels}: I(${givenLabel(enc)};${enc.target}) ≥ H(${enc.target}) + ${likelihood} (Barber & Agakov 2003; the VIB's I(Z;Y)), ${counted}, the classifier ${enc.model} as the variational q(${y}|${z})`,
          gradient: 'unbiased',
          readsObserved: true,
        },
      ];
  }
};

/** H(Y|Z) ≤ E[−log q(y|z)] at the observed values, with the classifier or decoder as q (Barber & Agakov 2003). */
function decoderBound(enc: Encoder, observed: string, as: 'classifier' | 'decoder'): Choice {
  const [y, z] = [lower(enc.target), lower(givenLabel(enc))];
  return {
    estimator: 'decoder-likelihood',
    reason: `${observed}: H(${enc.target}|${givenLabel(enc)}) ≤ −E_(x,${y}) E_{${z}~p(${z}|x)}[log ${enc.model}(${y}|${z})] at the observed values, the variational upper bound with the ${as} ${enc.model} as q(${y}|${z}) (Barber & Agakov 2003), tight when q is the true posterior`,
    gradient: 'unbiased',
    readsObserved: true,
  };
}

/**
 * I(Z;Y) of a discrete encoder's target and the data's labels with no classifier: the joint P = E_b[p(z|x_b) y_bᵀ] of
 * the minibatch (y one-hot) is exact, as IIC's is for two encoders (Eq. 3, unsymmetrised: Y is not Z's twin); and
 * CE(q(y|z), p(y)) of a classifier against the counted label marginal.
 */
export const labelsJoint: Candidates = ({ node }) => {
  if (node.kind === 'dataInfo' && node.labels && hasExplicitMarginal(node.enc)) {
    const [z, y] = [lower(node.enc.target), lower(node.v)];
    return [
      {
        estimator: 'paired-plugin',
        reason: `${node.v} is observed (the data's labels, ${node.labels.states} classes) and ${node.enc.target} explicit discrete: the joint P = E_b[p(${z}|${lower(givenLabel(node.enc))}_b) ${y}_bᵀ] with ${y} one-hot is exact, I = Σ P log(P / (P_row P_col)) (IIC Eq. 1, 3, not symmetrised); the labels have no gradient; the log of the batch joint makes the gradient biased, the bias falls with the batch size`,
        gradient: 'biased',
        readsObserved: true,
      },
    ];
  }
  if ((node.kind === 'crossEntropy' || node.kind === 'kl') && node.q.kind === 'data' && node.q.labels) {
    const enc = conditionalOf(node.p);
    if (!enc || !hasExplicitMarginal(enc) || enc.target !== node.q.v) return none;
    const [y, z] = [lower(enc.target), lower(givenLabel(enc))];
    const minusH = node.kind === 'kl' ? ` − E_${z} H(${enc.model}(·|${z})) (KL = CE − H)` : '';
    return [
      {
        estimator: 'label-counts',
        reason: `p(${y}) is the labels' marginal p̂(${y}) counted in the minibatch: ${node.kind === 'kl' ? 'KL' : 'CE'} = −E_${z} Σ_${y} ${enc.model}(${y}|${z}) log p̂(${y})${minusH}, no gradient through p̂`,
        gradient: 'unbiased',
        readsObserved: true,
      },
    ];
  }
  return none;
};

/**
 * Divergences of an encoder's aggregate posterior p(z) = E_x[p(z|x)]: explicit for a discrete encoder (Neural Bayes
 * Lemma 1, its log plugged in with stop-gradient where Theorem 2 applies), known by reparameterised samples for a
 * continuous one (MIGE's score path for its entropy, Monte-Carlo for a cross-entropy to a known density).
 */
export const aggregatePosterior: Candidates = ({ node }) => {
  if (node.kind === 'jsd') return explicitJsd(node.weights, node.dists);
  if (node.kind !== 'kl' && node.kind !== 'crossEntropy') return none;
  const { p, q } = node;
  const pm = marginalOf(p);
  const qm = marginalOf(q);
  const pc = conditionalOf(p);
  // CE(p(z), p(z)) = H(Z) (a KL of p(z) to itself is the identically-zero rule's)
  if (node.kind === 'crossEntropy' && pm && qm && sameEncoder(pm, qm)) {
    const why = `CE(p(${lower(pm.target)}), p(${lower(pm.target)})) = H(${pm.target})`;
    if (hasExplicitMarginal(pm))
      return [
        {
          estimator: 'plugin-theorem2',
          reason: `${why}; p(${lower(pm.target)}=k) = E_x[${networkName(pm)}_k(x)] is explicit: minibatch plug-in, stop-gradient inside the log (Neural Bayes Theorem 2)`,
          gradient: 'unbiased',
        },
      ];
    return isContinuous(pm)
      ? [
          {
            estimator: 'mige',
            reason: `${why}; p(${lower(pm.target)}) is implicit: its score by SSGE from reparameterised samples (MIGE Eq. 9–12); the value is not estimated`,
            gradient: 'surrogate',
          },
        ]
      : none;
  }
  // E_x KL(p(z|x) ‖ p(z)) = I(X;Z) and E_x CE(p(z|x), p(z)) = H(Z) of one encoder
  if (pc && qm && sameEncoder(pc, qm)) {
    const [z, x] = [lower(pc.target), lower(givenLabel(pc))];
    const identity =
      node.kind === 'kl'
        ? `E_${x} KL(p(${z}|${x}) ‖ p(${z})) = I(${givenLabel(pc)};${pc.target})`
        : `E_${x} CE(p(${z}|${x}), p(${z})) = −Σ_${z} p(${z}) log p(${z}) = H(${pc.target})`;
    if (hasExplicitMarginal(pc))
      return [
        {
          estimator: 'plugin-theorem2',
          reason: `${identity}; p(${z}=k) = E_x[${pc.model}_k(x)] is explicit: minibatch plug-in, stop-gradient inside the log (Neural Bayes Theorem 2)`,
          gradient: 'unbiased',
        },
      ];
    if (isContinuous(pc) && (node.kind === 'crossEntropy' || hasDensity(pc.family)))
      return [
        {
          estimator: 'mige',
          reason: `${identity}; p(${z}) is implicit: its score by SSGE from reparameterised samples (MIGE Eq. 9–12${node.kind === 'kl' ? ', Circumstance III with the Gaussian conditional score in closed form, Eq. 16' : ''}); the value is not estimated`,
          gradient: 'surrogate',
        },
      ];
    return none;
  }
  if (pm && hasExplicitMarginal(pm) && isPrior(q, 'uniform')) {
    const K = statesOf(pm);
    const z = lower(pm.target);
    return node.kind === 'kl'
      ? [
          {
            estimator: 'plugin-theorem2',
            reason: `KL(p(${z}) ‖ U(${z})) = log ${K} − H(${pm.target}) with p(${z}=k) = E_x[${pm.model}_k(x)] explicit: minibatch plug-in, stop-gradient inside the log (Neural Bayes Theorem 2)`,
            gradient: 'unbiased',
          },
        ]
      : [
          {
            estimator: 'analytic-categorical',
            reason: `CE(p(${z}), U(${z})) = log ${K} whatever p(${z}): a constant`,
            gradient: 'exact',
          },
        ];
  }
  if (qm && hasExplicitMarginal(qm) && isPrior(p, 'uniform') && node.kind === 'kl') {
    const [K, z] = [statesOf(qm), lower(qm.target)];
    return [
      {
        estimator: 'plugin-minibatch',
        reason: `KL(U(${z}) ‖ p(${z})) = −(1/${K}) Σ_k log E_x[${qm.model}_k(x)] − log ${K}: the marginal plugged in from the minibatch inside the log, gradient biased, bias falls with the batch size`,
        gradient: 'biased',
      },
    ];
  }
  if (pm && isContinuous(pm) && isPrior(q, 'standard-normal')) {
    const z = lower(pm.target);
    return node.kind === 'kl'
      ? [
          {
            estimator: 'mige',
            reason: `p(${z}) of ${pm.model} is implicit: ∇KL(p(${z}) ‖ N(0,I)) = E[(ŝ(${z}) + ${z})·∇${z}] with ${z} reparameterised through the data and ŝ by SSGE (MIGE Eq. 9 with the prior's score −${z}); the value is not estimated`,
            gradient: 'surrogate',
          },
        ]
      : [
          {
            estimator: 'reparam-mc',
            reason: `CE(p(${z}), N(0,I)) = E_x E_ε[½‖${z}‖² + (d/2) log 2π] at reparameterised ${z}: the known density's log at samples of the aggregate posterior`,
            gradient: 'unbiased',
          },
        ];
  }
  return none;
};

/** The explicit state probabilities of a distribution: a discrete encoder's aggregate posterior, or a uniform prior. */
const explicitStatesOf = (d: Dist): number | undefined =>
  d.kind === 'marginal' && hasExplicitMarginal(d.enc)
    ? statesOf(d.enc)
    : d.kind === 'prior' && d.family === 'uniform'
      ? 0 // any number of states: the uniform over the other side's
      : undefined;

/**
 * JSD_w(p_1, …, p_n) of explicit distributions over one discrete variable's states (aggregate posteriors, the uniform
 * prior): H(Σ_i w_i p_i) − Σ_i w_i H(p_i), each entropy with its batch plug-in inside a stop-gradient log (Neural Bayes
 * Theorem 2: Σ_k ∂p_k = 0, so the gradient through the log vanishes).
 */
function explicitJsd(weights: readonly number[], dists: readonly Dist[]): Choice[] {
  const states = dists.map(explicitStatesOf);
  if (states.some((k) => k === undefined)) return none;
  const sizes = new Set(states.filter((k) => k !== 0));
  if (sizes.size !== 1) return none; // the uniforms alone name no number of states; different encoders' states differ
  return [
    {
      estimator: 'plugin-theorem2',
      reason: `every distribution is explicit over the same ${[...sizes][0]} states: JSD = H(Σ_i w_i p_i) − Σ_i w_i H(p_i) (weights ${weights.join(', ')}), the aggregate posteriors E_x[L_k(x)] plugged in from the minibatch with stop-gradient inside the logs (Neural Bayes Theorem 2); the batch marginals make the value biased, the bias falls with the batch size`,
      gradient: 'biased',
    },
  ];
}

/** Every node of a tree. */
const nodesOf = (e: Expr): Expr[] => [e, ...children(e).flatMap(nodesOf)];

/** The paired terms of a tree whose joint is symmetrised, once per tree (asked for every H(Z) of the objective). */
const symmetrisedOf = new WeakMap<Expr, Extract<Expr, { kind: 'pairedInfo' | 'pairedEntropy' }>[]>();
function symmetrisedPairs(root: Expr): Extract<Expr, { kind: 'pairedInfo' | 'pairedEntropy' }>[] {
  let pairs = symmetrisedOf.get(root);
  if (!pairs) {
    pairs = nodesOf(root).flatMap((n) =>
      (n.kind === 'pairedInfo' || n.kind === 'pairedEntropy') && symmetrises(n.a, n.b) ? [n] : [],
    );
    symmetrisedOf.set(root, pairs);
  }
  return pairs;
}

/**
 * The exchangeable twin of an encoder in the objective: one network read on two views of a sample (Z = Φ(X),
 * Z' = Φ(X')) inside a paired term whose joint is symmetrised (IIC Eq. 3). Z and Z' then have one marginal, estimated
 * from both views — the row (= column) marginal of the symmetrised joint — so that H(Z) − H(Z|Z') and
 * H(Z) + H(Z') − H(Z,Z') equal I(Z;Z') in value and gradient.
 */
export function exchangeableTwin(enc: Encoder, root: Expr): Encoder | undefined {
  const key = encoderKey(enc);
  for (const n of symmetrisedPairs(root)) {
    if (encoderKey(n.a) === key && encoderKey(n.b) !== key) return n.b;
    if (encoderKey(n.b) === key && encoderKey(n.a) !== key) return n.a;
  }
  return undefined;
}

/** H(Z) of an explicit discrete encoder whose exchangeable twin the objective reads: the pooled marginal of both views. */
export const exchangeableViews: Candidates = ({ node, ancestors }) => {
  if (node.kind !== 'entropy' || !hasExplicitMarginal(node.enc) || node.enc.observedTarget) return none;
  const twin = exchangeableTwin(node.enc, ancestors[ancestors.length - 1] ?? node);
  if (!twin) return none;
  const [z, w, m] = [lower(node.enc.target), lower(twin.target), networkName(node.enc)];
  return [
    {
      estimator: 'plugin-theorem2',
      reason: `${node.enc.target} and ${twin.target} are one network (${m}) on two views, exchangeable as in the objective's symmetrised joint: p(${z}) = ½(E_b[${m}(${lower(givenLabel(node.enc))}_b)] + E_b[${m}(${lower(givenLabel(twin))}_b)]), the row marginal of the symmetrised P (IIC Eq. 3), plugged in with stop-gradient inside the log (Neural Bayes Theorem 2), so H(${node.enc.target}) − H(${node.enc.target}|${twin.target}) = I(${node.enc.target};${twin.target}) exactly; ${w} pooled`,
      gradient: 'unbiased',
      pooledWith: twin,
    },
  ];
};
