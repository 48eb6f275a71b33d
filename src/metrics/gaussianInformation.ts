/**
 * How much a trained Gaussian encoder q(z|x) = N(μ(x), diag σ²(x)) keeps of its input, measured on a data set of N
 * points (the Information Bottleneck's I(X;Z), lecture notes §3): two estimates, in nats, from the encoder's means and
 * log-variances at each point.
 *
 * - the rate E_x KL(q(z|x) ‖ N(0, I)): the VIB's own term, an upper bound on I(X;Z) since KL(q(z|x) ‖ r(z)) ≥ I for any
 * r;
 * - the aggregate-posterior estimate (1/N) Σ_i [log q(z_i|x_i) − log (1/N) Σ_j q(z_i|x_j)], z_i ~ q(·|x_i): I(X;Z) with
 * X uniform on the N points and q(z) = (1/N) Σ_j q(z|x_j). Each term is at most log N (the sum contains j = i), so the
 * estimate saturates at log N when the codes of different points barely overlap.
 */
import { makeRng } from '../data/rng.ts';
import { checkArgs, Num, Obj } from '../api/arguments.ts';

export interface GaussianCodes {
  /** Means, row-major N × d. */
  readonly mean: Float32Array;
  /** Log-variances, row-major N × d. */
  readonly logVar: Float32Array;
  readonly dim: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

const count = (c: GaussianCodes): number => {
  if (c.mean.length !== c.logVar.length || c.mean.length % c.dim !== 0)
    throw new Error(
      `gaussian codes: ${c.mean.length} means and ${c.logVar.length} log-variances do not form rows of ${c.dim}`,
    );
  const n = c.mean.length / c.dim;
  if (n === 0) throw new Error('gaussian codes: no points');
  return n;
};

/** E_x KL(N(μ, σ²) ‖ N(0, I)) = E_x ½ Σ_d (μ² + σ² − 1 − log σ²) (lecture notes §1.3.1). */
export function gaussianRate(c: GaussianCodes): number {
  checkArgs('gaussianRate', { codes: [Obj('Gaussian codes { mean, logVar, … }'), c] });
  const n = count(c);
  let s = 0;
  for (let k = 0; k < c.mean.length; k++) s += c.mean[k] ** 2 + Math.exp(c.logVar[k]) - 1 - c.logVar[k];
  return (0.5 * s) / n;
}

/**
 * The aggregate-posterior estimate of I(X;Z) with one reparameterised z_i = μ_i + σ_i·ε_i per point (ε from `seed`),
 * and its ceiling log N. O(N²·d) in float64.
 */
export function aggregateMutualInformation(c: GaussianCodes, seed: number): { estimate: number; logN: number } {
  checkArgs('aggregateMutualInformation', { codes: [Obj('Gaussian codes { mean, logVar, … }'), c], seed: [Num, seed] });
  const n = count(c);
  const rng = makeRng(`${seed}:aggregate-mi`);
  const precision = Float64Array.from(c.logVar, (v) => Math.exp(-v));
  const constant = new Float64Array(n); // −½ (Σ_d log σ_jd² + d log 2π)
  for (let j = 0; j < n; j++) {
    let s = c.dim * LOG_2PI;
    for (let d = 0, at = j * c.dim; d < c.dim; d++, at++) s += c.logVar[at];
    constant[j] = -0.5 * s;
  }
  const z = new Float64Array(c.dim);
  const logq = new Float64Array(n); // log q(z_i|x_j) = −½ Σ_d (z_d − μ_jd)²/σ_jd² + constant_j
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let d = 0, at = i * c.dim; d < c.dim; d++, at++)
      z[d] = c.mean[at] + Math.exp(0.5 * c.logVar[at]) * rng.normal();
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0, at = j * c.dim; d < c.dim; d++, at++) s += (z[d] - c.mean[at]) ** 2 * precision[at];
      logq[j] = constant[j] - 0.5 * s;
      if (logq[j] > max) max = logq[j];
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(logq[j] - max);
    total += logq[i] - (max + Math.log(sum) - Math.log(n)); // log q(z_i|x_i) − log q(z_i), q(z) = (1/N) Σ_j q(z|x_j)
  }
  return { estimate: total / n, logN: Math.log(n) };
}
