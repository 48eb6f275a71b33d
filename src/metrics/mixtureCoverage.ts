/**
 * How well samples cover a mixture of K components known by labelled data (the usual checks of GANs on Gaussian
 * mixtures, e.g. Srivastava et al. 2017, VEEGAN): each sample is assigned to its nearest component mean; it is of high
 * quality when within 3 standard deviations of it; a component is covered when it receives at least a fifth of its fair
 * share of high-quality samples.
 */

export interface Components {
  /** Component means [K × dim], row-major. */
  readonly means: Float64Array;
  /** Pooled within-component standard deviation per dimension. */
  readonly std: number;
  readonly k: number;
  readonly dim: number;
}

/** Means and pooled per-dimension spread of the labelled points `x` [n × dim]. */
export function componentsOf(x: Float32Array, labels: Int32Array, dim: number): Components {
  const k = Math.max(...labels) + 1;
  const means = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  labels.forEach((c, i) => {
    counts[c]++;
    for (let j = 0; j < dim; j++) means[c * dim + j] += x[i * dim + j];
  });
  for (let c = 0; c < k; c++) for (let j = 0; j < dim; j++) means[c * dim + j] /= Math.max(1, counts[c]);
  let ss = 0;
  labels.forEach((c, i) => {
    for (let j = 0; j < dim; j++) ss += (x[i * dim + j] - means[c * dim + j]) ** 2;
  });
  return { means, std: Math.sqrt(ss / (labels.length * dim)), k, dim };
}

/** Index of the nearest component mean and the distance to it, for every sample. */
export function nearestComponent(
  samples: Float32Array,
  c: Components,
): { component: Int32Array; distance: Float64Array } {
  const n = samples.length / c.dim;
  const component = new Int32Array(n);
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let k = 0; k < c.k; k++) {
      let d = 0;
      for (let j = 0; j < c.dim; j++) d += (samples[i * c.dim + j] - c.means[k * c.dim + j]) ** 2;
      if (d < best) [best, component[i]] = [d, k];
    }
    distance[i] = Math.sqrt(best);
  }
  return { component, distance };
}

export interface Coverage {
  /** Fraction of samples within 3σ (per dimension, so 3σ·√dim in distance) of their nearest component. */
  readonly highQuality: number;
  /** Components receiving at least a fifth of their fair share (n/K) of high-quality samples. */
  readonly covered: number;
  /** KL(histogram of high-quality samples over components ‖ uniform), 0 when every component gets the same share. */
  readonly modeKl: number;
}

export function coverage(samples: Float32Array, c: Components): Coverage {
  const { component, distance } = nearestComponent(samples, c);
  const n = component.length;
  const threshold = 3 * c.std * Math.sqrt(c.dim);
  const hits = new Float64Array(c.k);
  let good = 0;
  component.forEach((k, i) => {
    if (distance[i] <= threshold) {
      hits[k]++;
      good++;
    }
  });
  const covered = hits.filter((h) => h >= (0.2 * n) / c.k).length;
  const modeKl =
    good === 0 ? Infinity : hits.reduce((s, h) => (h > 0 ? s + (h / good) * Math.log((h / good) * c.k) : s), 0);
  return { highQuality: good / n, covered, modeKl };
}

/**
 * Accuracy of predicting `b` from `a` under the best one-to-one relabelling of `a` (both in 0..k−1), by dynamic
 * programming over subsets of b's labels (exact; k ≤ 16).
 */
export function matchedAccuracy(a: Int32Array, b: Int32Array, k: number): number {
  if (k > 16) throw new Error(`matchedAccuracy: k = ${k} is too large for the exact matching (≤ 16)`);
  const counts = Array.from({ length: k }, () => new Float64Array(k));
  a.forEach((x, i) => counts[x][b[i]]++);
  // best[mask]: the most agreements assigning a-labels 0..popcount(mask)−1 to the b-labels in mask
  const best = new Float64Array(1 << k).fill(-Infinity);
  best[0] = 0;
  for (let mask = 0; mask < 1 << k; mask++) {
    if (best[mask] === -Infinity) continue;
    let row = 0;
    for (let m = mask; m; m &= m - 1) row++;
    if (row === k) continue;
    for (let j = 0; j < k; j++)
      if (!(mask & (1 << j))) best[mask | (1 << j)] = Math.max(best[mask | (1 << j)], best[mask] + counts[row][j]);
  }
  return best[(1 << k) - 1] / a.length;
}
