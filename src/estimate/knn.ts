/**
 * Nearest neighbours in the max-norm ‖a − b‖∞ = max_d |a_d − b_d|, the norm of KSG (Kraskov et al. 2004): the distance
 * to a point's k-th neighbour and the number of points strictly closer than a radius. A k-d tree (bounding boxes, cells
 * counted whole when they lie inside the radius) serves low dimension; a blocked brute force serves high dimension,
 * where trees prune nothing. Both return exactly the same numbers: max and |·| of doubles are exact.
 *
 * No npm package fits: kdbush is 2-D, static-kdtree and kd-tree-javascript search in the Euclidean norm (or a callback
 * metric without box pruning) and count nothing in a radius.
 */

/** n points of `dim` coordinates, row-major. */
export interface Points {
  readonly values: Float64Array;
  readonly n: number;
  readonly dim: number;
}

/** Points at most this many per leaf cell. */
const LEAF = 12;

interface Tree {
  readonly p: Points;
  /** The points' indices, each cell a contiguous range. */
  readonly order: Int32Array;
  /** Per cell: its range [start, end), children (−1 for a leaf) and bounding box (dim values each). */
  readonly start: number[];
  readonly end: number[];
  readonly left: number[];
  readonly right: number[];
  readonly lo: number[];
  readonly hi: number[];
}

/** Build a k-d tree: each cell split at the median of its widest coordinate. */
export function kdTree(p: Points): Tree {
  const t: Tree = {
    p,
    order: Int32Array.from({ length: p.n }, (_, i) => i),
    start: [],
    end: [],
    left: [],
    right: [],
    lo: [],
    hi: [],
  };
  const build = (s: number, e: number): number => {
    const id = t.start.length;
    t.start.push(s);
    t.end.push(e);
    t.left.push(-1);
    t.right.push(-1);
    let widest = 0;
    let spread = -1;
    for (let d = 0; d < p.dim; d++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = s; r < e; r++) {
        const v = p.values[t.order[r] * p.dim + d];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      t.lo.push(lo);
      t.hi.push(hi);
      if (hi - lo > spread) [widest, spread] = [d, hi - lo];
    }
    if (e - s <= LEAF || spread === 0) return id;
    const sorted = Array.from(t.order.subarray(s, e)).sort(
      (a, b) => p.values[a * p.dim + widest] - p.values[b * p.dim + widest],
    );
    t.order.set(sorted, s);
    const mid = (s + e) >> 1;
    t.left[id] = build(s, mid);
    t.right[id] = build(mid, e);
    return id;
  };
  build(0, p.n);
  return t;
}

/** Max-norm distance from point q's coordinates to the nearest (min) and farthest (max) point of a cell's box. */
function boxDistance(t: Tree, cell: number, q: Float64Array, qo: number): [number, number] {
  let near = 0;
  let far = 0;
  const o = cell * t.p.dim;
  for (let d = 0; d < t.p.dim; d++) {
    const v = q[qo + d];
    const [lo, hi] = [t.lo[o + d], t.hi[o + d]];
    const out = v < lo ? lo - v : v > hi ? v - hi : 0;
    if (out > near) near = out;
    const span = Math.max(v - lo, hi - v);
    if (span > far) far = span;
  }
  return [near, far];
}

const maxNorm = (a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number => {
  let m = 0;
  for (let d = 0; d < dim; d++) {
    const v = Math.abs(a[ao + d] - b[bo + d]);
    if (v > m) m = v;
  }
  return m;
};

/** Insert v into the ascending list `best` of the k smallest so far (best[k−1] the k-th). */
function keep(best: Float64Array, v: number): void {
  const k = best.length;
  if (v >= best[k - 1]) return;
  let j = k - 1;
  while (j > 0 && best[j - 1] > v) {
    best[j] = best[j - 1];
    j--;
  }
  best[j] = v;
}

/** The max-norm distance from point i to its k-th nearest other point, for every i. */
export function kthDistances(t: Tree, k: number): Float64Array {
  const { values, n, dim } = t.p;
  const out = new Float64Array(n);
  const best = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    best.fill(Infinity);
    const qo = i * dim;
    const visit = (cell: number) => {
      if (boxDistance(t, cell, values, qo)[0] > best[k - 1]) return;
      if (t.left[cell] < 0) {
        for (let r = t.start[cell]; r < t.end[cell]; r++) {
          const j = t.order[r];
          if (j !== i) keep(best, maxNorm(values, qo, values, j * dim, dim));
        }
        return;
      }
      // the nearer child first, so that the k-th distance shrinks early
      const [a, b] = [t.left[cell], t.right[cell]];
      const first = boxDistance(t, a, values, qo)[0] <= boxDistance(t, b, values, qo)[0];
      visit(first ? a : b);
      visit(first ? b : a);
    };
    visit(0);
    out[i] = best[k - 1];
  }
  return out;
}

/** For every i, the number of points j ≠ i with ‖p_j − p_i‖∞ < radius[i] (strictly). */
export function countWithin(t: Tree, radius: Float64Array): Int32Array {
  const { values, n, dim } = t.p;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const qo = i * dim;
    const r = radius[i];
    let count = 0;
    const visit = (cell: number) => {
      const [near, far] = boxDistance(t, cell, values, qo);
      if (near >= r) return;
      if (far < r) {
        count += t.end[cell] - t.start[cell];
        return;
      }
      if (t.left[cell] < 0) {
        for (let s = t.start[cell]; s < t.end[cell]; s++)
          if (maxNorm(values, qo, values, t.order[s] * dim, dim) < r) count++;
        return;
      }
      visit(t.left[cell]);
      visit(t.right[cell]);
    };
    visit(0);
    out[i] = count - 1; // the point itself is at distance 0 < r
  }
  return out;
}

/** out[b·n + j] = ‖p_{i0+b} − p_j‖∞ for the `rows` query rows from i0 and every point j. */
function blockDistances(p: Points, i0: number, rows: number, out: Float64Array): void {
  const { values: v, n, dim } = p;
  for (let j = 0; j < n; j++) {
    const jo = j * dim;
    for (let b = 0; b < rows; b++) {
      const qo = (i0 + b) * dim;
      let m = 0;
      for (let d = 0; d < dim; d++) {
        const diff = Math.abs(v[qo + d] - v[jo + d]);
        if (diff > m) m = diff;
      }
      out[b * n + j] = m;
    }
  }
}

/** Query rows per block of the brute force: their distances to all n points stay in cache together. */
const BLOCK = 32;

/**
 * KSG's neighbour statistics by brute force, in blocks of query rows: ε_i, the k-th distance in the joint space
 * (max of the two max-norms), and n_x(i), n_y(i), the points strictly within ε_i in each marginal space.
 */
export function bruteForceNeighbours(
  x: Points,
  y: Points,
  k: number,
): { eps: Float64Array; nx: Int32Array; ny: Int32Array } {
  const n = x.n;
  const eps = new Float64Array(n);
  const nx = new Int32Array(n);
  const ny = new Int32Array(n);
  const dx = new Float64Array(BLOCK * n);
  const dy = new Float64Array(BLOCK * n);
  const best = new Float64Array(k);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const rows = Math.min(BLOCK, n - i0);
    blockDistances(x, i0, rows, dx);
    blockDistances(y, i0, rows, dy);
    for (let b = 0; b < rows; b++) {
      const i = i0 + b;
      best.fill(Infinity);
      for (let j = 0; j < n; j++) if (j !== i) keep(best, Math.max(dx[b * n + j], dy[b * n + j]));
      const e = best[k - 1];
      let cx = 0;
      let cy = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        if (dx[b * n + j] < e) cx++;
        if (dy[b * n + j] < e) cy++;
      }
      [eps[i], nx[i], ny[i]] = [e, cx, cy];
    }
  }
  return { eps, nx, ny };
}
