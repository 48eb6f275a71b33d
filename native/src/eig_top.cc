// The leading eigenpairs of a symmetric matrix without LAPACK, for SSGE (MIGE §2.1), which keeps the J largest:
//   1. Householder tridiagonalisation A = Q T Qᵀ, Q = H_0 ⋯ H_{n−3}, H_k = I − τ_k v_k v_kᵀ (dsytd2's maths);
//   2. all eigenvalues of T by implicit QL (EISPACK tql1) — O(n²), they set J;
//   3. eigenvectors of T for the J largest only, by inverse iteration with T − λI factored by Gaussian elimination
//      with partial pivoting (LAPACK dstein's approach), re-orthogonalised within clusters of nearly equal eigenvalues;
//   4. back-transformation z = H_0 ⋯ H_{n−3} y, split over the thread pool by columns.
// Step 1 is ⅔ of the 4n³/3 flops of the full problem; steps 3–4 cost O(nJ) and 2n²J instead of tql2's ≈ 3n³.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

#include "eig.h"
#include "pool.h"
#include "vec_double.h"

namespace {

using namespace vec_double;

// Lanes [0, rem) set: the tail of a row is one masked vector instead of up to VD − 1 scalar steps. Callers pad their
// arrays by VD elements; masked lanes are read but contribute nothing (the mask is applied to products, so garbage
// past the row, even Inf, cannot leak in) and are written back unchanged.
inline vl tail_mask(long rem) {
  vl iota;
  for (int i = 0; i < VD; ++i) iota[i] = i;
  return iota < rem;
}
inline vd masked(vd x, vl m) { return reinterpret_cast<vd>(reinterpret_cast<vl>(x) & m); }

// Returns Σ_j r[j]·v[j] over j < len and does p[j] += r[j]·vi on the way (one row of a lower-triangle symv).
inline double dot_axpy(const double* r, const double* v, double* p, double vi, long len) {
  vd s0{}, s1{};
  const vd b = vd{} + vi;
  long j = 0;
  for (; j + 2 * VD <= len; j += 2 * VD) {
    const vd r0 = load(r + j), r1 = load(r + j + VD);
    s0 += r0 * load(v + j);
    s1 += r1 * load(v + j + VD);
    store(p + j, load(p + j) + r0 * b);
    store(p + j + VD, load(p + j + VD) + r1 * b);
  }
  for (; j < len; j += VD) {
    const vl m = tail_mask(len - j);
    const vd r0 = load(r + j);
    s0 += masked(r0 * load(v + j), m);
    store(p + j, load(p + j) + masked(r0 * b, m));
  }
  return hsum(s0 + s1);
}

// r[j] −= a·w[j] + b·v[j] for j < len (one row of a lower-triangle rank-2 update).
inline void rank2_row(double* r, const double* v, const double* w, double a, double b, long len) {
  const vd av = vd{} + a, bv = vd{} + b;
  long j = 0;
  for (; j + VD <= len; j += VD) store(r + j, load(r + j) - av * load(w + j) - bv * load(v + j));
  if (j < len) store(r + j, load(r + j) - masked(av * load(w + j) + bv * load(v + j), tail_mask(len - j)));
}

// One row of step k's rank-2 update fused with step k+1's symv: r[j] −= a·w[j] + b·v[j] for j < len, where j = len − 1
// is the diagonal; then, with the updated values, s = Σ_{j<len−1} r[j]·vn[j] and pn[j] += r[j]·vn_i, and the diagonal
// adds r[len−1]·vn_i to pn[len−1]. One read and one write of A per step instead of two reads and a write.
inline void fused_row(double* r, const double* v, const double* w, double a, double b, const double* vn, double* pn,
                      double vni, long len) {
  const vd av = vd{} + a, bv = vd{} + b, nv = vd{} + vni;
  vd s0{};
  const long off = len - 1;  // off-diagonal entries
  long j = 0;
  for (; j + VD <= off; j += VD) {
    const vd x = load(r + j) - av * load(w + j) - bv * load(v + j);
    store(r + j, x);
    s0 += x * load(vn + j);
    store(pn + j, load(pn + j) + x * nv);
  }
  if (j < off) {
    const vl m = tail_mask(off - j);
    const vd x = load(r + j) - masked(av * load(w + j) + bv * load(v + j), m);
    store(r + j, x);
    s0 += masked(x * load(vn + j), m);
    store(pn + j, load(pn + j) + masked(x * nv, m));
  }
  const double diag = r[off] - a * w[off] - b * v[off];
  r[off] = diag;
  pn[off] += hsum(s0) + diag * vni;
}

// a: n×n row-major, lower triangle read and destroyed. Fills d (n), e (n−1, e[k] = T[k+1][k]), and the reflectors:
// v_k in vs[k*n + (k+1) …], τ_k in tau[k]. Arrays a and vs are padded by VD (masked row tails).
void tridiagonalise(double* a, long n, double* d, double* e, double* vs, double* tau) {
  std::vector<double> p(n + VD, 0.0), w(n + VD, 0.0), pn(n + VD, 0.0);
  // H_k from column k below the diagonal (already updated): H_k x = alpha e_1, the sign that avoids cancellation
  auto reflector = [&](long k) {
    const long m = n - k - 1;
    double* v = vs + k * n + k + 1;
    double norm2 = 0;
    for (long i = 0; i < m; ++i) v[i] = a[(k + 1 + i) * n + k], norm2 += v[i] * v[i];
    d[k] = a[k * n + k];
    const double x0 = v[0];
    if (norm2 - x0 * x0 <= 0) {  // already reduced: H_k = I
      tau[k] = 0;
      e[k] = x0;
      std::fill(v, v + m, 0.0);
      return;
    }
    const double alpha = x0 > 0 ? -std::sqrt(norm2) : std::sqrt(norm2);
    v[0] = x0 - alpha;
    tau[k] = 2 / (norm2 - x0 * x0 + v[0] * v[0]);
    e[k] = alpha;
  };
  if (n < 3) {
    for (long k = 0; k < n; ++k) d[k] = a[k * n + k], tau[k] = 0;
    if (n == 2) e[0] = a[n];
    return;
  }
  reflector(0);
  {  // p = A₂₂ v_0 for step 0; later steps get theirs from the fused pass of the step before
    const double* v = vs + 1;
    for (long i = 0; i < n - 1; ++i) {
      const double* r = a + (1 + i) * n + 1;
      p[i] += dot_axpy(r, v, p.data(), v[i], i) + r[i] * v[i];
    }
  }
  for (long k = 0; k + 2 < n; ++k) {
    const long m = n - k - 1;
    const double* v = vs + k * n + k + 1;
    const double t = tau[k];
    // p ← τ A₂₂ v, w = p − (τ/2)(pᵀv) v;  A₂₂ ← H A₂₂ H = A₂₂ − v wᵀ − w vᵀ
    double pv = 0;
    for (long i = 0; i < m; ++i) p[i] *= t, pv += p[i] * v[i];
    for (long i = 0; i < m; ++i) w[i] = p[i] - t / 2 * pv * v[i];
    if (k + 3 == n) {  // the last 2 × 2 block: no next reflector
      for (long i = 0; i < m; ++i) rank2_row(a + (k + 1 + i) * n + k + 1, v, w.data(), v[i], w[i], i + 1);
      break;
    }
    for (long i = 0; i < m; ++i) a[(k + 1 + i) * n + k + 1] -= v[i] * w[0] + w[i] * v[0];  // column k+1 first
    reflector(k + 1);
    const double* vn = vs + (k + 1) * n + k + 2;  // v_{k+1}, rows k+2 … n−1
    std::fill(pn.begin(), pn.begin() + m, 0.0);
    for (long i = 1; i < m; ++i)  // rows k+2 … n−1, columns k+2 … row
      fused_row(a + (k + 1 + i) * n + k + 2, v + 1, w.data() + 1, v[i], w[i], vn, pn.data(), vn[i - 1], i);
    std::swap(p, pn);
  }
  d[n - 2] = a[(n - 2) * n + n - 2];
  e[n - 2] = a[(n - 1) * n + n - 2];
  tau[n - 2] = 0;
  d[n - 1] = a[(n - 1) * n + n - 1];
}

// Eigenvalues of the symmetric tridiagonal (d, e) by the implicit QL method with Wilkinson-like shifts (tql1).
bool tridiagonal_values(std::vector<double> d, std::vector<double> e, double* values) {
  const long n = static_cast<long>(d.size());
  e.push_back(0);
  for (long l = 0; l < n; ++l) {
    for (int iter = 0;; ++iter) {
      long m = l;
      for (; m < n - 1; ++m) {
        const double dd = std::fabs(d[m]) + std::fabs(d[m + 1]);
        if (std::fabs(e[m]) + dd == dd) break;
      }
      if (m == l) break;
      if (iter == 60) return false;
      double g = (d[l + 1] - d[l]) / (2 * e[l]);
      double r = std::sqrt(g * g + 1);
      g = d[m] - d[l] + e[l] / (g + std::copysign(r, g));
      double s = 1, c = 1, p = 0;
      long i = m - 1;
      bool underflow = false;
      for (; i >= l; --i) {
        const double f = s * e[i], b = c * e[i];
        e[i + 1] = r = std::sqrt(f * f + g * g);
        if (r == 0) {
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  std::copy(d.begin(), d.end(), values);
  return true;
}

// The same eigenvalues by the root-free (Pal–Walker–Kahan) QL variant of LAPACK dsterf: it iterates on the squared
// off-diagonals, so each rotation costs two divisions and no square root (≈ 2× faster than tql1 here).
bool tridiagonal_values_rootfree(std::vector<double> d, const std::vector<double>& e, double* values) {
  const long n = static_cast<long>(d.size());
  std::vector<double> e2(n, 0.0);
  for (long i = 0; i + 1 < n; ++i) e2[i] = e[i] * e[i];
  const double eps2 = 1.2e-32;  // (2⁻⁵³)² rounded up: |e| ≤ ε (|d_m| + |d_m+1|), as tql1's test, squared
  for (long l = 0; l < n; ++l) {
    for (int iter = 0;; ++iter) {
      long m = l;
      for (; m < n - 1; ++m) {
        const double dd = std::fabs(d[m]) + std::fabs(d[m + 1]);
        if (e2[m] <= eps2 * dd * dd) break;
      }
      if (m == l) break;
      if (iter == 60) return false;
      const double rte = std::sqrt(e2[l]);
      double sigma = (d[l + 1] - d[l]) / (2 * rte);
      const double r0 = std::sqrt(sigma * sigma + 1);
      sigma = d[l] - rte / (sigma + std::copysign(r0, sigma));  // Wilkinson-type shift from the leading 2 × 2
      double c = 1, s = 0, gamma = d[m] - sigma, p = gamma * gamma;
      for (long i = m - 1; i >= l; --i) {
        const double bb = e2[i], r = p + bb;
        if (i != m - 1) e2[i + 1] = s * r;
        const double oldc = c, inv = 1 / r;
        c = p * inv;
        s = bb * inv;
        const double oldgam = gamma, alpha = d[i];
        gamma = c * (alpha - sigma) - s * oldgam;
        d[i + 1] = oldgam + (alpha - gamma);
        p = c != 0 ? gamma * gamma / c : oldc * bb;
      }
      e2[l] = s * p;
      d[l] = sigma + gamma;
    }
  }
  std::copy(d.begin(), d.end(), values);
  return true;
}

// Solves (T − λI) x = b in place for the tridiagonal (d, e), Gaussian elimination with partial pivoting; a zero
// pivot becomes `tiny` (the solution then grows along the eigenvector, which is the point of inverse iteration).
struct ShiftedSolver {
  long n;
  std::vector<double> u0, u1, u2, mult;  // U's three diagonals (u0 holds reciprocals after factor), L's multipliers
  std::vector<char> swapped;
  explicit ShiftedSolver(long n_) : n(n_), u0(n_), u1(n_), u2(n_), mult(n_), swapped(n_) {}
  void factor(const double* d, const double* e, double lambda, double tiny) {
    double r0 = d[0] - lambda, r1 = n > 1 ? e[0] : 0;  // the working row, at columns i and i+1
    for (long i = 0; i + 1 < n; ++i) {
      const double sub = e[i], diag = d[i + 1] - lambda, sup = i + 2 < n ? e[i + 1] : 0;
      if (std::fabs(r0) >= std::fabs(sub)) {
        if (r0 == 0) r0 = tiny;
        swapped[i] = 0;
        u0[i] = r0, u1[i] = r1, u2[i] = 0;
        mult[i] = sub / r0;
        r0 = diag - mult[i] * r1;
        r1 = sup;
      } else {
        swapped[i] = 1;
        u0[i] = sub, u1[i] = diag, u2[i] = sup;
        mult[i] = r0 / sub;
        const double n0 = r1 - mult[i] * diag, n1 = -mult[i] * sup;
        r0 = n0;
        r1 = n1;
      }
    }
    u0[n - 1] = r0 == 0 ? tiny : r0;
    for (long i = 0; i < n; ++i) u0[i] = 1 / u0[i];  // solve() multiplies by the reciprocal pivots
  }
  void solve(double* b) const {
    for (long i = 0; i + 1 < n; ++i) {
      if (swapped[i]) std::swap(b[i], b[i + 1]);
      b[i + 1] -= mult[i] * b[i];
    }
    b[n - 1] *= u0[n - 1];
    if (n >= 2) b[n - 2] = (b[n - 2] - u1[n - 2] * b[n - 1]) * u0[n - 2];
    for (long i = n - 3; i >= 0; --i) b[i] = (b[i] - u1[i] * b[i + 1] - u2[i] * b[i + 2]) * u0[i];
  }
};

// The same for VD shifts at once, one per vector lane: factor and solves are chains of dependent divisions and
// multiply-adds, so the lanes run VD inverse iterations in the latency of one. The pivot choice is a per-lane select.
struct ShiftedSolverLanes {
  long n;
  std::vector<vd> u0, u1, u2, mult;
  std::vector<vl> swapped;
  explicit ShiftedSolverLanes(long n_) : n(n_), u0(n_), u1(n_), u2(n_), mult(n_), swapped(n_) {}
  void factor(const double* d, const double* e, vd lambda, double tiny) {
    vd r0 = d[0] - lambda, r1 = vd{} + (n > 1 ? e[0] : 0);
    for (long i = 0; i + 1 < n; ++i) {
      const double sub = e[i], sup = i + 2 < n ? e[i + 1] : 0;
      const vd diag = d[i + 1] - lambda, pivot = r0 == 0 ? vd{} + tiny : r0;
      const vl keep = (r0 < 0 ? -r0 : r0) >= std::fabs(sub);
      const vd m = (keep ? vd{} + sub : r0) / (keep ? pivot : vd{} + sub);
      swapped[i] = ~keep;
      u0[i] = keep ? pivot : vd{} + sub;
      u1[i] = keep ? r1 : diag;
      u2[i] = keep ? vd{} : vd{} + sup;
      mult[i] = m;
      const vd n0 = keep ? diag - m * r1 : r1 - m * diag;
      r1 = keep ? vd{} + sup : -m * sup;
      r0 = n0;
    }
    u0[n - 1] = r0 == 0 ? vd{} + tiny : r0;
    for (long i = 0; i < n; ++i) u0[i] = 1 / u0[i];
  }
  void solve(vd* b) const {
    for (long i = 0; i + 1 < n; ++i) {
      const vd top = swapped[i] ? b[i + 1] : b[i], bottom = swapped[i] ? b[i] : b[i + 1];
      b[i] = top;
      b[i + 1] = bottom - mult[i] * top;
    }
    b[n - 1] *= u0[n - 1];
    if (n >= 2) b[n - 2] = (b[n - 2] - u1[n - 2] * b[n - 1]) * u0[n - 2];
    for (long i = n - 3; i >= 0; --i) b[i] = (b[i] - u1[i] * b[i + 1] - u2[i] * b[i + 2]) * u0[i];
  }
};

// The pseudo-random start of inverse iteration for eigenvector j (the same in the scalar and the lane solver).
inline double start_value(unsigned& s) { return ((s = s * 1664525u + 1013904223u) >> 8) * (1.0 / 16777216.0) - 0.5; }

void normalise(double* x, long n) {
  double s = 0;
  for (long i = 0; i < n; ++i) s += x[i] * x[i];
  s = 1 / std::sqrt(s);
  for (long i = 0; i < n; ++i) x[i] *= s;
}

// Calling-thread CPU ms per phase, recorded when native/bench/eig_bench.cc points this at 5 doubles.
double* eig_phase_ms = nullptr;
double thread_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

}  // namespace

int eig_sym_top(const double* a_in, int n_in, double ratio, int count, double* values, double* vectors) {
  const long n = n_in;
  if (n <= 0) return 0;
  // a and vs are padded by VD so that the masked row tails of the last rows stay inside them. The large buffers are
  // kept between calls (per calling thread; named by reference, so the pool's workers use the caller's): fresh ones
  // cost ≈ 2 ms of page faults at n = 500.
  static thread_local std::vector<double> kept[4];
  std::vector<double> &a = kept[0], &vs = kept[1], &ys = kept[2], &z = kept[3];
  a.assign(a_in, a_in + n * n);
  a.resize(n * n + VD, 0.0);
  vs.assign(n * n + VD, 0.0);
  std::vector<double> d(n), e(std::max(1L, n - 1)), tau(n, 0.0);
  if (n == 1) {
    values[0] = a[0];
    vectors[0] = 1;
    return 1;
  }
  double mark = eig_phase_ms ? thread_ms() : 0;
  auto phase = [&](int i) {
    if (!eig_phase_ms) return;
    const double now = thread_ms();
    eig_phase_ms[i] = now - mark;
    mark = now;
  };
  tridiagonalise(a.data(), n, d.data(), e.data(), vs.data(), tau.data());
  e.resize(n - 1);
  phase(0);
  if (!tridiagonal_values_rootfree(d, e, values) && !tridiagonal_values(d, e, values)) return -1;
  std::sort(values, values + n, [](double x, double y) { return x > y; });
  phase(1);
  // J: the fixed count, or the fewest eigenvalues whose (non-negative) sum reaches `ratio` of the total (ssge.ts)
  long J = n;
  if (count > 0) {
    J = std::min<long>(count, n);
  } else {
    double total = 0, acc = 0;
    for (long j = 0; j < n; ++j) total += std::max(values[j], 0.0);
    for (long j = 0; j < n; ++j) {
      acc += std::max(values[j], 0.0);
      if (acc >= ratio * total) {
        J = j + 1;
        break;
      }
    }
  }
  double tnorm = 0;  // ‖T‖₁ bound
  for (long i = 0; i < n; ++i)
    tnorm = std::max(tnorm, std::fabs(d[i]) + (i > 0 ? std::fabs(e[i - 1]) : 0) + (i + 1 < n ? std::fabs(e[i]) : 0));
  const double tiny = 1e-16 * std::max(tnorm, 1e-300), cluster = 1e-7 * tnorm;
  // ys: row j = eigenvector j of T; z: the same as columns (row stride Jp, padded to whole vectors) for step 4
  const long Jp = (J + 2 * VD - 1) / (2 * VD) * (2 * VD);
  ys.resize(J * n);
  z.assign(n * Jp, 0.0);
  // Clusters (runs of eigenvalues closer than `cluster`) are orthogonalised together, so threads split between them.
  std::vector<long> starts(J);
  for (long j = 0; j < J; ++j) starts[j] = j > 0 && values[j - 1] - values[j] <= cluster ? starts[j - 1] : j;
  ThreadPool& threads = pool();
  const int vparts = J >= 32 ? threads.size() : 1;
  std::vector<long> bounds(vparts + 1, J);
  for (int q = 0; q < vparts; ++q) bounds[q] = starts[J * q / vparts];
  // λ_j is accurate to ε‖T‖, so each solve multiplies the eigenvector's share by ≈ 1/ε: two solves suffice
  threads.run(vparts, [&](int part) {
    // vectors alone in their cluster need no Gram–Schmidt: VD at a time on the lane solver (the last group padded by
    // repeating its last vector); the clusters' vectors after them, in order, on the scalar one
    std::vector<long> alone, clustered;
    for (long j = bounds[part]; j < bounds[part + 1]; ++j)
      (starts[j] == j && (j + 1 == J || starts[j + 1] == j + 1) ? alone : clustered).push_back(j);
    ShiftedSolverLanes lanes(n);
    std::vector<vd> b(n);
    for (size_t g = 0; g < alone.size(); g += VD) {
      long js[VD];
      vd lambda;
      for (int l = 0; l < VD; ++l) js[l] = alone[std::min(g + l, alone.size() - 1)], lambda[l] = values[js[l]];
      lanes.factor(d.data(), e.data(), lambda, tiny);
      for (int l = 0; l < VD; ++l) {
        unsigned s = 12345u + 7919u * static_cast<unsigned>(js[l]);
        for (long i = 0; i < n; ++i) b[i][l] = start_value(s);
      }
      for (int it = 0; it < 2; ++it) {
        lanes.solve(b.data());
        vd s2{};
        for (long i = 0; i < n; ++i) s2 += b[i] * b[i];
        for (int l = 0; l < VD; ++l) s2[l] = 1 / std::sqrt(s2[l]);
        for (long i = 0; i < n; ++i) b[i] *= s2;
      }
      for (int l = 0; l < VD; ++l)
        for (long i = 0; i < n; ++i) ys[js[l] * n + i] = b[i][l];
    }
    ShiftedSolver solver(n);
    for (const long j : clustered) {
      solver.factor(d.data(), e.data(), values[j], tiny);
      double* y = ys.data() + j * n;
      unsigned s = 12345u + 7919u * static_cast<unsigned>(j);
      for (long i = 0; i < n; ++i) y[i] = start_value(s);
      for (int it = 0; it < 2; ++it) {
        solver.solve(y);
        normalise(y, n);
        for (long q = starts[j]; q < j; ++q) {  // Gram–Schmidt against the cluster's earlier vectors
          const double* u = ys.data() + q * n;
          double dot = 0;
          for (long i = 0; i < n; ++i) dot += y[i] * u[i];
          for (long i = 0; i < n; ++i) y[i] -= dot * u[i];
        }
        if (starts[j] < j) normalise(y, n);
      }
    }
  });
  phase(2);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < J; ++j) z[i * Jp + j] = ys[j * n + i];
  // z ← H_0 ⋯ H_{n−3} z: the reflectors in reverse order, in blocks of kBlock so that one pass over z applies several.
  // For H_{k_1} first, then H_{k_2}, …: with u_t = v_tᵀ z (all from the same z), the product applied at step t is
  // w_t = u_t − Σ_{s<t} τ_s (v_t·v_s) w_s, and z ← z − Σ_t τ_t v_t w_tᵀ. Both passes keep a kBlock × kChunk tile of
  // w in registers while they stream z's rows. Columns are independent: threads take ranges of whole chunks.
  const int parts = J >= 64 ? threads.size() : 1;
  threads.run(parts, [&](int part) {
    constexpr int kBlock = 8, NV = VD == 8 ? 2 : 1, kChunk = NV * VD;  // 16 (AVX-512) or 8 × 2 of 16 registers
    const long chunks = Jp / kChunk, c0 = chunks * part / parts * kChunk, c1 = chunks * (part + 1) / parts * kChunk;
    std::vector<double> w(kBlock * Jp), tv(kBlock * n);
    for (long top = n - 3; top >= 0; top -= kBlock) {
      const int b = static_cast<int>(std::min<long>(kBlock, top + 1));  // reflectors top, top−1, …, top−b+1
      const double* v[kBlock];
      double t[kBlock], g[kBlock][kBlock];
      for (int q = 0; q < b; ++q) v[q] = vs.data() + (top - q) * n, t[q] = tau[top - q];  // zero up to row top−q
      const long r0 = top - b + 2;  // first row any of them touches
      for (int q = 0; q < b; ++q) {
        for (long i = r0; i < n; ++i) tv[q * n + i] = t[q] * v[q][i];
        for (int r = 0; r < q; ++r) {
          double dot = 0;
          for (long i = top - r + 1; i < n; ++i) dot += v[q][i] * v[r][i];
          g[q][r] = dot;
        }
      }
      for (long c = c0; c < c1; c += kChunk) {  // u_t = v_tᵀ z
        vd acc[kBlock][NV] = {};
        for (long i = r0; i < n; ++i) {
          vd zr[NV];
          for (int h = 0; h < NV; ++h) zr[h] = load(z.data() + i * Jp + c + h * VD);
          for (int q = 0; q < kBlock; ++q) {
            if (q >= b) break;
            const vd vi = vd{} + v[q][i];
            for (int h = 0; h < NV; ++h) acc[q][h] += vi * zr[h];
          }
        }
        for (int q = 0; q < b; ++q)
          for (int h = 0; h < NV; ++h) store(w.data() + q * Jp + c + h * VD, acc[q][h]);
      }
      for (int q = 1; q < b; ++q)  // w_t = u_t − Σ_{s<t} τ_s g_ts w_s
        for (int r = 0; r < q; ++r) {
          const double f = t[r] * g[q][r];
          for (long c = c0; c < c1; ++c) w[q * Jp + c] -= f * w[r * Jp + c];
        }
      for (long c = c0; c < c1; c += kChunk) {  // z −= Σ_t τ_t v_t w_tᵀ
        vd wt[kBlock][NV];
        for (int q = 0; q < b; ++q)
          for (int h = 0; h < NV; ++h) wt[q][h] = load(w.data() + q * Jp + c + h * VD);
        for (long i = r0; i < n; ++i) {
          vd zr[NV];
          for (int h = 0; h < NV; ++h) zr[h] = load(z.data() + i * Jp + c + h * VD);
          for (int q = 0; q < kBlock; ++q) {
            if (q >= b) break;
            const vd f = vd{} + tv[q * n + i];
            for (int h = 0; h < NV; ++h) zr[h] -= f * wt[q][h];
          }
          for (int h = 0; h < NV; ++h) store(z.data() + i * Jp + c + h * VD, zr[h]);
        }
      }
    }
  });
  phase(3);
  for (long i = 0; i < n; ++i) std::copy(z.data() + i * Jp, z.data() + i * Jp + J, vectors + i * J);
  phase(4);
  return static_cast<int>(J);
}
