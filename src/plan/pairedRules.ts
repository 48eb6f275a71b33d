/**
 * Rules for information between variables whose joint the spec defines on paired samples. Two encoders' targets whose joint the spec defines on paired samples: Z = Φ(X) and
 * W = Ψ(Y) read on one sample (Y = X' a second view, or Y = X itself), p(z,w) = E_(x,y)[p(z|x) p(w|y)].
 * I(Z;W), H(Z,W) and H(Z|W) = H(Z,W) − H(W): the exact plug-in of the batch joint when both are discrete (IIC Eq. 3),
 * the joint and marginal scores by SSGE (MIGE Eq. 8–14) or a critic bound when both are continuous, a critic bound for
 * I of a discrete and a continuous one. And I(Z;Y) of an encoder's target Z = Φ(X) and a data variable Y paired with X
 * row by row: a critic bound (Poole et al. 2019 bound I between any two variables of which paired samples are drawn).
 */
import { givenLabel, hasExplicitMarginal, sameVariables, symmetrises, type Encoder, type Expr } from '../expr/index.ts';
import type { Choice, Rule } from './rules.ts';
import { isContinuous } from './sites.ts';
import type { EstimatorName } from './types.ts';

type Paired = Expr & { kind: 'pairedInfo' | 'pairedEntropy' };
type DataInfo = Expr & { kind: 'dataInfo' };
const isPaired = (e: Expr): e is Paired => e.kind === 'pairedInfo' || e.kind === 'pairedEntropy';
const none: Choice[] = [];
const lower = (e: Encoder) => e.target.toLowerCase();
/** How the sample pairs z and w: `p(z|x) p(w|x')` of two views, or `p(z|x) p(w|x)` of one variable read twice. */
const pairing = (a: Encoder, b: Encoder) =>
  `p(${lower(a)}|${givenLabel(a).toLowerCase()}) p(${lower(b)}|${givenLabel(b).toLowerCase()})ᵀ`;
/** How each of a pair is typed for the paired rules, e.g. `Z is discrete and V is continuous` (for refusals). */
export const pairKinds = (a: Encoder, b: Encoder): string => {
  const kind = (e: Encoder) =>
    hasExplicitMarginal(e)
      ? 'discrete'
      : isContinuous(e)
        ? 'continuous'
        : `${e.family} of ${e.size} units, whose joint states are not enumerated`;
  return `${a.target} is ${kind(a)} and ${b.target} is ${kind(b)}`;
};

/** h = C(x) a hidden layer of the network whose output is the other (MIGE Circumstance II). */
export const layerOf = (h: Encoder, z: Encoder): boolean =>
  h.model === z.model && h.layer !== undefined && z.layer === undefined && sameVariables(h.given, z.given);

/**
 * 1c. I(Z;W), H(Z,W), H(Z|W) of two explicit discrete encoders on paired samples → the plug-in of the batch joint
 * P = E_b[p(z|x_b) p(w|y_b)ᵀ] (IIC, Ji et al. 2019, Eq. 3), symmetrised when one network reads both views. The
 * entropies keep P inside the log with a stop-gradient: Theorem 2 of Neural Bayes on the K·L joint states (each
 * p(z|x) p(w|y)ᵀ sums to 1, so Σ ∂P = 0 and the gradient through the log vanishes).
 */
export const pairedJoint: Rule = {
  name: 'explicit discrete joint on paired samples (IIC)',
  candidates: ({ node }) => {
    if (!isPaired(node) || !hasExplicitMarginal(node.a) || !hasExplicitMarginal(node.b)) return none;
    const [z, w] = [lower(node.a), lower(node.b)];
    const sym = symmetrises(node.a, node.b)
      ? `; one network (${node.a.head === undefined ? node.a.model : `${node.a.model}, head ${node.a.head}`}) reads both views, so ${z} and ${w} are exchangeable and P ← (P + Pᵀ)/2`
      : '';
    const joint = `both are explicit discrete: the joint P = E_b[${pairing(node.a, node.b)}] of the paired minibatch is exact`;
    const bias = 'the log of the batch joint makes the gradient biased, the bias falls with the batch size';
    if (node.kind === 'pairedInfo') {
      const reason = `${joint}, I = Σ P log(P / (P_row P_col)) with no density model or critic (IIC Eq. 1, 3)${sym}; ${bias}`;
      return [{ estimator: 'paired-plugin', reason, gradient: 'biased' }];
    }
    const value = node.conditional
      ? `H(${node.a.target}|${node.b.target}) = H(${node.a.target},${node.b.target}) − H(${node.b.target}) = −Σ P log P + Σ P_col log P_col`
      : `H(${node.a.target},${node.b.target}) = −Σ P log P`;
    const reason =
      `${joint}, ${value}${sym}; Σ_kl ∂P_kl = 0, so the gradient through the log vanishes and P is plugged in with ` +
      `stop-gradient inside it (Neural Bayes Theorem 2 on the joint states): the same gradient as the exact plug-in's; ${bias}`;
    return [{ estimator: 'paired-plugin', reason, gradient: 'biased' }];
  },
};

/** MIGE on a continuous pair: the scores of z, w and (z, w) by SSGE from the paired samples. */
const migeChoice = (n: Paired, circumstance: string): Choice => {
  const [z, w] = [lower(n.a), lower(n.b)];
  const grad =
    n.kind === 'pairedInfo'
      ? `∇I = ∇H(${n.a.target}) + ∇H(${n.b.target}) − ∇H(${n.a.target},${n.b.target}) = −E[ŝ(${z})·∇${z}] − E[ŝ(${w})·∇${w}] + E[ŝ(${z},${w})·∇(${z},${w})]`
      : n.conditional
        ? `∇H(${n.a.target}|${n.b.target}) = ∇H(${n.a.target},${n.b.target}) − ∇H(${n.b.target}) = −E[ŝ(${z},${w})·∇(${z},${w})] + E[ŝ(${w})·∇${w}]`
        : `∇H(${n.a.target},${n.b.target}) = −E[ŝ(${z},${w})·∇(${z},${w})]`;
  return {
    estimator: 'mige',
    reason: `${circumstance}: ${grad}, the joint and marginal scores by SSGE from the paired samples, reparameterised through the data; the value is not estimated`,
    gradient: 'surrogate',
  };
};

/**
 * 5a. A continuous pair whose information only MIGE estimates: H(Z,W), H(Z|W) (the joint score, MIGE Eq. 9), and
 * I(H;Z) of a hidden layer h = C(x) and the output z = f(C(x)) of one network (MIGE Circumstance II, Eq. 13–14).
 */
export const pairedScores: Rule = {
  name: 'continuous joint by its score (MIGE)',
  candidates: ({ node }) => {
    if (!isPaired(node) || !isContinuous(node.a) || !isContinuous(node.b)) return none;
    if (node.kind === 'pairedEntropy')
      return [migeChoice(node, `p(${lower(node.a)},${lower(node.b)}) is implicit (MIGE Eq. 9 on the joint)`)];
    const layer = layerOf(node.a, node.b) ? node.a : layerOf(node.b, node.a) ? node.b : undefined;
    if (!layer) return none;
    const out = layer === node.a ? node.b : node.a;
    const circumstance = `Circumstance II: ${lower(layer)} = C(${givenLabel(layer).toLowerCase()}) is hidden layer ${layer.layer} of ${layer.model} and ${lower(out)} = f(${lower(layer)}) its output (MIGE Eq. 13–14)`;
    return [migeChoice(node, circumstance), pairedCritic(node, 'infonce')];
  },
};

/**
 * A critic bound of I(Z;W) between two encoders' values on paired samples: T(z, w) reads both (the sample of a
 * continuous encoder, the state probabilities of a discrete one); InfoNCE (van den Oord et al. 2018) is I ≥ E_i[T(z_i,
 * w_i) − log (1/K) Σ_j e^{T(z_i, w_j)}], the contrastive bound of SimCLR-like objectives on two views.
 */
export const pairedCritic = (node: Paired | DataInfo, estimator: EstimatorName, reason?: string): Choice => {
  // the data side's width is the batch's (buildCritics reads it from the data), an encoder's is its size
  const inputs =
    node.kind === 'dataInfo'
      ? [{ variable: node.enc.target, size: node.enc.size }, { variable: node.v }]
      : [
          { variable: node.a.target, size: node.a.size },
          { variable: node.b.target, size: node.b.size },
        ];
  const [z, w] = inputs.map((i) => i.variable.toLowerCase());
  return {
    estimator,
    reason:
      reason ??
      `variational lower bound ${estimator} with a critic T(${z},${w})${node.kind === 'dataInfo' ? dataSide(node) : ''}`,
    gradient: 'biased',
    network: { role: 'critic', inputs },
  };
};

/** What a critic bound of I(Z;Y) with data Y trains: the encoder and the critic, never the data. */
const dataSide = (n: DataInfo) =>
  `; ${n.v} is data (no encoder produces it, its batch rows are paired with ${givenLabel(n.enc)}'s), so it has no gradient: ` +
  `the bound trains ${n.enc.model} through ${lower(n.enc)} and the critic`;

/**
 * 5b. I(Z;W) of two continuous encoders on paired samples: their joint is known only by samples, so the default is
 * InfoNCE with a critic (a bound ≤ log K, K the candidates per anchor); MIGE's joint-score gradient (Circumstance I
 * with (x, z) → (z, w)) or another critic bound can be pinned.
 */
export const pairedContinuous: Rule = {
  name: 'continuous pair on paired samples (InfoNCE)',
  candidates: ({ node }) => {
    if (node.kind !== 'pairedInfo' || !isContinuous(node.a) || !isContinuous(node.b)) return none;
    const [z, w] = [lower(node.a), lower(node.b)];
    const reason =
      `${z} and ${w} are continuous, so p(${z},${w}) is known only by paired samples: InfoNCE with a critic ` +
      `T(${z},${w}), I ≥ E_i[T(${z}_i,${w}_i) − log (1/K) Σ_j e^{T(${z}_i,${w}_j)}] (van den Oord et al. 2018), ` +
      `at most log K for K candidates; pin mige for the gradient by joint and marginal scores, or ${OTHER_BOUNDS.replace('pin ', '')}`;
    return [
      pairedCritic(node, 'infonce', reason),
      migeChoice(
        node,
        `Circumstance I with (x, ${z}) → (${z}, ${w}) (MIGE Eq. 8–12, I = H(${node.a.target}) + H(${node.b.target}) − H(${node.a.target},${node.b.target}))`,
      ),
    ];
  },
};

/** What the critic reads of an encoder's value: its reparameterised sample, or its state probabilities if discrete. */
const valueRead = (e: Encoder) =>
  isContinuous(e) ? `the sample ${lower(e)}` : `the state probabilities p(${lower(e)}|${givenLabel(e).toLowerCase()})`;

const OTHER_BOUNDS = 'pin mine, mine-f, nwj, smile, tuba, flo or jsd-critic for another bound';

/**
 * 5c. I(Z;W) of a discrete and a continuous encoder on paired samples: no shared density (a plug-in needs both discrete,
 * a joint score both continuous), but a critic T(z, w) reading the discrete one's state probabilities and the
 * continuous one's sample bounds I from the paired samples (Poole et al. 2019); InfoNCE by default (van den Oord et al.
 * 2018). H(Z,W) and H(Z|W) of such a pair stay refused.
 */
export const pairedMixed: Rule = {
  name: 'discrete and continuous pair on paired samples (InfoNCE)',
  candidates: ({ node }) => {
    if (node.kind !== 'pairedInfo') return none;
    const { a, b } = node;
    const mixed = (hasExplicitMarginal(a) && isContinuous(b)) || (isContinuous(a) && hasExplicitMarginal(b));
    if (!mixed) return none;
    const [z, w] = [lower(a), lower(b)];
    const reason =
      `${pairKinds(a, b)}, so they share no density (no plug-in joint, no joint score): InfoNCE with a critic ` +
      `T(${z},${w}) reading ${valueRead(a)} and ${valueRead(b)}, I ≥ E_i[T(${z}_i,${w}_i) − log (1/K) Σ_j e^{T(${z}_i,${w}_j)}] ` +
      `(van den Oord et al. 2018; Poole et al. 2019), at most log K for K candidates; ${OTHER_BOUNDS}`;
    return [pairedCritic(node, 'infonce', reason)];
  },
};

/**
 * 5d. I(Z;Y) of an encoder's target Z = Φ(X) and a data variable Y with no encoder of its own, paired with X row by row
 * (two views of one sample): the joint is known only by the paired samples, so a critic T(z, y) reads the encoder's
 * value and the data row y (flattened); InfoNCE by default (van den Oord et al. 2018), any critic bound pinnable
 * (Poole et al. 2019). Y is data: only the encoder side, and the critic, get a gradient.
 */
export const dataPaired: Rule = {
  name: 'encoder and paired data variable (InfoNCE)',
  candidates: ({ node }) => {
    if (node.kind !== 'dataInfo') return none;
    const [z, y] = [lower(node.enc), node.v.toLowerCase()];
    const reason =
      `${node.v} is paired with ${givenLabel(node.enc)} row by row, so p(${z},${y}) is known only by paired samples: InfoNCE with a critic ` +
      `T(${z},${y}) reading ${valueRead(node.enc)} and the data row ${y} (flattened), I ≥ E_i[T(${z}_i,${y}_i) − log (1/K) Σ_j e^{T(${z}_i,${y}_j)}] ` +
      `(van den Oord et al. 2018; Poole et al. 2019), at most log K for K candidates${dataSide(node)}; ${OTHER_BOUNDS}`;
    return [pairedCritic(node, 'infonce', reason)];
  },
};
