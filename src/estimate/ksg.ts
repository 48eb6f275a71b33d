/**
 * The k-nearest-neighbour estimators: KSG (Kraskov, Stögbauer & Grassberger 2004, estimator 1, max-norm) of I(X;Y),
 * and the Kozachenko–Leonenko entropy estimate in the max-norm (the same paper, §II) that BA's H(Y) uses.
 */
import { bruteForceNeighbours, countWithin, kdTree, kthDistances, type Points } from './knn.ts';
import { checkArgs, PointsArg, PositiveInt } from '../api/arguments.ts';

/** KSG's default number of neighbours (Kraskov et al. 2004 recommend k = 2…4 for bias, more for variance; bmi uses 5). */
export const KSG_K = 5;

/** Above this joint dimension the neighbour search is a blocked brute force instead of k-d trees (measured: docs/estimate.md). */
export const KD_TREE_MAX_DIM = 10;

/** ψ(1), ψ(2), …, ψ(n): ψ(1) = −γ, ψ(m + 1) = ψ(m) + 1/m. */
export function digammaTable(n: number): Float64Array {
  const psi = new Float64Array(n + 1);
  psi[1] = -0.5772156649015329;
  for (let m = 1; m < n; m++) psi[m + 1] = psi[m] + 1 / m;
  return psi;
}

/** The columns of a joint point set: X then Y side by side. */
function joint(x: Points, y: Points): Points {
  const dim = x.dim + y.dim;
  const values = new Float64Array(x.n * dim);
  for (let i = 0; i < x.n; i++) {
    values.set(x.values.subarray(i * x.dim, (i + 1) * x.dim), i * dim);
    values.set(y.values.subarray(i * y.dim, (i + 1) * y.dim), i * dim + x.dim);
  }
  return { values, n: x.n, dim };
}

/** Neighbour statistics of every sample: ε_i (k-th joint distance), n_x(i) and n_y(i) (strictly within ε_i). */
export function ksgNeighbours(x: Points, y: Points, k: number) {
  if (x.dim + y.dim > KD_TREE_MAX_DIM) return bruteForceNeighbours(x, y, k);
  const eps = kthDistances(kdTree(joint(x, y)), k);
  return { eps, nx: countWithin(kdTree(x), eps), ny: countWithin(kdTree(y), eps) };
}

/** Points with k identical neighbours have ε = 0, where KSG's counts mean nothing: say which row. */
function checkDistinct(eps: Float64Array, k: number, what: string): void {
  const at = eps.indexOf(0);
  if (at >= 0)
    throw new Error(
      `ksg: row ${at + 1} has ${k} or more identical ${what} (distance 0 to its ${k}-th neighbour); k-NN estimators need ` +
        'continuous data — add small noise, or choose a critic estimator (--estimator infonce)',
    );
}

/** KSG estimator 1 of I(X;Y) in nats: ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩ (Kraskov et al. 2004, Eq. 8). */
export function ksg(x: Points, y: Points, k = KSG_K): number {
  checkArgs('ksg', { x: [PointsArg, x], y: [PointsArg, y], k: [PositiveInt, k] });
  const { eps, nx, ny } = ksgNeighbours(x, y, k);
  checkDistinct(eps, k, 'samples (x, y)');
  const psi = digammaTable(x.n + 1);
  let mean = 0;
  for (let i = 0; i < x.n; i++) mean += psi[nx[i] + 1] + psi[ny[i] + 1];
  return psi[k] + psi[x.n] - mean / x.n;
}

/**
 * Kozachenko–Leonenko entropy in nats with the max-norm: H ≈ ψ(N) − ψ(k) + (d/N) Σ_i log(2 r_i), r_i the distance to
 * the k-th neighbour (the max-norm ball of radius r has volume (2r)^d; Kraskov et al. 2004, §II).
 */
export function klEntropy(y: Points, k = KSG_K): number {
  checkArgs('klEntropy', { y: [PointsArg, y], k: [PositiveInt, k] });
  const r = y.dim > KD_TREE_MAX_DIM ? bruteForceNeighbours(y, y, k).eps : kthDistances(kdTree(y), k);
  checkDistinct(r, k, 'samples y');
  const psi = digammaTable(y.n);
  let sum = 0;
  for (let i = 0; i < y.n; i++) sum += Math.log(2 * r[i]);
  return psi[y.n] - psi[k] + (y.dim * sum) / y.n;
}
