/**
 * The batch formulas of the variational bounds on I(X;Y), as pure functions of a score matrix: one implementation per
 * bound, shared by the training-objective estimators (src/estimators/bounds.ts, `objective.pins`) and the sample
 * estimator of `infobj estimate` (src/estimate/critic.ts).
 *
 * A score matrix is positive first: `scores[i][0]` scores the pair (x_i, y_i) drawn from p(x,y), and `scores[i][j]` for
 * j ≥ 1 scores x_i with another row's y, a sample of p(x)p(y). The scores are a critic's T(x, y) for the critic bounds;
 * for CLUB and L1Out they are log q(y|x) of a Gaussian conditional anchored at y, scores[i][j] = log q(y_i | x_{i+j}):
 * L1Out's mean over j ≥ 1 of q(y_i|x_j) estimates p(y_i), a mean over x (CLUB's mean over all pairs reads either way). Some bounds read one value per row besides (`aux`):
 * TUBA's log-baseline log a(x_i), FLO's u(x_i, y_i).
 */
import * as tf from '../tf.ts';
import { constantOf, withGradientOf } from '../term/ops.ts';
import type { ScoreBound } from './registry.ts';

export type { ScoreBound } from './registry.ts';
import { checkArgs, Obj, oneOf, PositiveInt, Tensor2D } from '../api/arguments.ts';

/** Scores of one batch, positive first ([B, K], K ≥ 2), and the per-row value some bounds read. */
export interface Scores {
  readonly scores: tf.Tensor2D;
  readonly aux?: tf.Tensor1D;
}

/** What a bound reads besides its scores (what it scores is its module's `scoreMatrix`), its side, its source. */
export interface ScoreBoundInfo {
  /** The critic's second output: TUBA's log a(x) (read at (x, 0)), FLO's u(x, y) (read at the positive pair). */
  readonly aux?: 'baseline' | 'pair';
  /** In training each x_i meets many of the batch's y (up to INFONCE_CANDIDATES), not just one other row's. */
  readonly multiSample?: true;
  /** Which side of I the bound is on (jsd-critic is a JSD proxy, not I itself). */
  readonly side: 'lower' | 'upper' | 'proxy';
  readonly source: string;
}

/** SMILE's clip τ of the critic's scores on p(x)p(y) (Song & Ermon 2020 use τ = 5 in their benchmark). */
export const SMILE_CLIP = 5;

export const SCORE_BOUNDS: Readonly<Record<ScoreBound, ScoreBoundInfo>> = {
  mine: { side: 'lower', source: 'MINE, Belghazi et al. 2018 (Donsker–Varadhan bound)' },
  'mine-f': { side: 'lower', source: 'MINE-f, Belghazi et al. 2018 (f-divergence bound)' },
  nwj: { side: 'lower', source: 'NWJ, Nguyen, Wainwright & Jordan 2010' },
  'jsd-critic': { side: 'proxy', source: 'JSD estimator of DIM, Hjelm et al. 2019' },
  infonce: { multiSample: true, side: 'lower', source: 'InfoNCE, van den Oord et al. 2018' },
  smile: {
    side: 'lower',
    source: 'SMILE, Song & Ermon 2020 (clipped Donsker–Varadhan, JS gradient)',
  },
  tuba: {
    aux: 'baseline',
    side: 'lower',
    source: 'TUBA, Poole et al. 2019 (tractable unnormalised Barber–Agakov, learned baseline a(x))',
  },
  flo: { aux: 'pair', side: 'lower', source: 'FLO, Guo et al. 2022 (Fenchel–Legendre optimisation)' },
  l1out: {
    multiSample: true,
    side: 'upper',
    source: 'L1Out, Poole et al. 2019 / Cheng et al. 2020 (leave-one-out upper bound)',
  },
  club: {
    multiSample: true,
    side: 'upper',
    source: 'CLUB, Cheng et al. 2020 (contrastive log-ratio upper bound)',
  },
};

const positives = (s: tf.Tensor2D) => tf.reshape(tf.slice(s, [0, 0], [-1, 1]), [-1]) as tf.Tensor1D;
const negatives = (s: tf.Tensor2D) => tf.slice(s, [0, 1], [-1, -1]) as tf.Tensor2D;
/**
 * log of the mean of e^t over `axis` (over all of t when undefined), the max shifted out under a stop-gradient: the
 * shift's gradient cancels exactly, and tf.logSumExp spends a third of a critic step taking it (an Equal over the batch).
 */
const logMeanExp = (t: tf.Tensor, axis?: number) => {
  const shift = constantOf(t, (v) => tf.max(v, axis, true));
  const mean = tf.mean(tf.exp(tf.sub(t, shift)), axis, true);
  const keep = axis === undefined ? [] : t.shape.filter((_, a) => a !== axis);
  return tf.reshape(tf.add(tf.log(mean), shift), keep);
};
const auxOf = (s: Scores, bound: ScoreBound): tf.Tensor1D => {
  if (!s.aux) throw new Error(`internal: ${bound} reads a second critic output, which was not given`);
  return s.aux;
};

/** −E_p[softplus(−T)] − E_q[softplus(T)]: the JSD proxy of DIM, and SMILE's gradient. */
const jsd = (s: tf.Tensor2D) =>
  tf.sub(tf.neg(tf.mean(tf.softplus(tf.neg(positives(s))))), tf.mean(tf.softplus(negatives(s))));

/** The bound's value on one batch of scores; its gradient is the one the critic ascends. */
export const SCORE_FORMULAS: Readonly<Record<ScoreBound, (s: Scores) => tf.Tensor>> = {
  // Donsker–Varadhan: E_p[T] − log E_q[e^T] (Belghazi et al. 2018, I_DV of Poole et al. 2019)
  mine: ({ scores }) => tf.sub(tf.mean(positives(scores)), logMeanExp(negatives(scores))),
  // f-divergence dual: E_p[T] − e^{−1} E_q[e^T] (Nguyen et al. 2010; I_NWJ of Poole et al. 2019)
  'mine-f': (s) => SCORE_FORMULAS.nwj(s),
  nwj: ({ scores }) => tf.sub(tf.mean(positives(scores)), tf.mul(Math.exp(-1), tf.mean(tf.exp(negatives(scores))))),
  'jsd-critic': ({ scores }) => jsd(scores),
  // E_i[T(x_i, y_i) − log (1/K) Σ_j e^{T(x_i, y_j)}], the positive among the K (van den Oord et al. 2018; I_NCE of Poole et al. 2019)
  infonce: ({ scores }) => tf.mean(tf.sub(positives(scores), logMeanExp(scores, 1))),
  // E_p[T] − log E_q[clip(e^T, e^{−τ}, e^τ)] valued, the JS bound's gradient (Song & Ermon 2020, I_SMILE)
  smile: ({ scores }) =>
    withGradientOf(
      constantOf(scores, (s) =>
        tf.sub(
          tf.mean(positives(s as tf.Tensor2D)),
          logMeanExp(tf.clipByValue(negatives(s as tf.Tensor2D), -SMILE_CLIP, SMILE_CLIP)),
        ),
      ),
      jsd(scores),
    ),
  // 1 + E_p[T − log a(x)] − E_q[e^{T − log a(x)}] (Poole et al. 2019, I_TUBA)
  tuba: (s) => {
    const b = auxOf(s, 'tuba');
    const joint = tf.mean(tf.sub(positives(s.scores), b));
    return tf.add(1, tf.sub(joint, tf.mean(tf.exp(tf.sub(negatives(s.scores), tf.expandDims(b, 1))))));
  },
  // 1 + E[−u(x,y) − e^{−u(x,y)} E_{y'}[e^{g(x,y') − g(x,y)}]] (Guo et al. 2022, I_FLO)
  flo: (s) => {
    const u = auxOf(s, 'flo');
    const g = positives(s.scores);
    const ratio = logMeanExp(tf.sub(negatives(s.scores), tf.expandDims(g, 1)), 1);
    return tf.add(1, tf.mean(tf.sub(tf.neg(u), tf.exp(tf.sub(ratio, u)))));
  },
  // E_i[log q(y_i|x_i) − log 1/(K−1) Σ_{j≠i} q(y_i|x_j)] (Poole et al. 2019; Cheng et al. 2020, I_L1Out)
  l1out: ({ scores }) => tf.mean(tf.sub(positives(scores), logMeanExp(negatives(scores), 1))),
  // E_p[log q(y|x)] − E_{p(x)p(y)}[log q(y|x)] (Cheng et al. 2020, I_CLUB over every pair of the batch)
  club: ({ scores }) => tf.sub(tf.mean(positives(scores)), tf.mean(scores)),
};

/** The bound of `name` on a batch's scores, a scalar. */
export const scoreBound = (name: ScoreBound, s: Scores): tf.Scalar => {
  checkArgs('scoreBound', {
    name: [oneOf(Object.keys(SCORE_BOUNDS)), name],
    scores: [Obj('scores { joint, marginal, … }'), s],
  });
  return SCORE_FORMULAS[name](s) as tf.Scalar;
};

/**
 * Row i of `t` ([B, d]) followed by the next K − 1 rows, cyclically: out[i][j] = t[(i + j) mod B] ([B, K, d]), so that
 * with x_i against out[i] the pair (x_i, y_i) comes first, as score matrices are laid out. Built of slices and a concat
 * (no gather: its gradient has no kernel on the wasm backend).
 */
export function rolled(t: tf.Tensor2D, K: number): tf.Tensor3D {
  checkArgs('rolled', { t: [Tensor2D, t], K: [PositiveInt, K] });
  const B = t.shape[0];
  const shifts = Array.from({ length: K }, (_, j) =>
    j === 0 ? t : tf.concat([tf.slice(t, [j, 0], [-1, -1]), tf.slice(t, [0, 0], [j, -1])]),
  );
  return tf.reshape(tf.stack(shifts, 1), [B, K, t.shape[1]]) as tf.Tensor3D;
}

/**
 * A square score matrix with the positives on the diagonal (square[i][j] scores (x_i, y_j)) laid out positive first:
 * out[i][j] = square[i][(i + j) mod B]. Row i of [square, square] flattened, read with a stride of 2B + 1, starts at
 * its diagonal element; the B values of padding only complete the last stride.
 */
export function positiveFirst(square: tf.Tensor2D): tf.Tensor2D {
  checkArgs('positiveFirst', { square: [Tensor2D, square] });
  const B = square.shape[0];
  const flat = tf.reshape(tf.concat([square, square], 1), [-1]);
  const strided = tf.reshape(tf.pad(flat, [[0, B]]), [B, 2 * B + 1]);
  return tf.slice(strided, [0, 0], [B, B]) as tf.Tensor2D;
}
