// The leading eigenpairs of a symmetric matrix without LAPACK, for SSGE (MIGE §2.1), which keeps the J largest:
//   1. Householder tridiagonalisation A = Q T Qᵀ, Q = H_0 ⋯ H_{n−3}, H_k = I − τ_k v_k v_kᵀ (dsytd2's maths);
//   2. all eigenvalues of T by implicit QL (EISPACK tql1) — O(n²), they set J;
//   3. eigenvectors of T for the J largest only, by inverse iteration with T − λI factored by Gaussian elimination
//      with partial pivoting (LAPACK dstein's approach), re-orthogonalised within clusters of nearly equal eigenvalues;
//   4. back-transformation z = H_0 ⋯ H_{n−3} y, split over the thread pool by columns.
// Step 1 is ⅔ of the 4n³/3 flops of the full problem; steps 3–4 cost O(nJ) and 2n²J instead of tql2's ≈ 3n³.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "eig.h"
#include "isa.h"
#include "pool.h"

namespace {

constexpr int VD = kVecFloats / 2;  // doubles per vector register
typedef double vd __attribute__((vector_size(VD * 8)));

inline vd load(const double* p) {
  vd v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, vd v) { std::memcpy(p, &v, sizeof v); }
inline double hsum(vd v) {
  double s = 0;
  for (int i = 0; i < VD; ++i) s += v[i];
  return s;
}

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
  double s = hsum(s0 + s1);
  for (; j < len; ++j) s += r[j] * v[j], p[j] += r[j] * vi;
  return s;
}

// r[j] −= a·w[j] + b·v[j] for j < len (one row of a lower-triangle rank-2 update).
inline void rank2_row(double* r, const double* v, const double* w, double a, double b, long len) {
  const vd av = vd{} + a, bv = vd{} + b;
  long j = 0;
  for (; j + VD <= len; j += VD) store(r + j, load(r + j) - av * load(w + j) - bv * load(v + j));
  for (; j < len; ++j) r[j] -= a * w[j] + b * v[j];
}

// a: n×n row-major, lower triangle read and destroyed. Fills d (n), e (n−1, e[k] = T[k+1][k]), and the reflectors:
// v_k in vs[k*n + (k+1) …], τ_k in tau[k].
void tridiagonalise(double* a, long n, double* d, double* e, double* vs, double* tau) {
  std::vector<double> p(n), w(n);
  for (long k = 0; k + 2 < n; ++k) {
    const long m = n - k - 1;
    double* v = vs + k * n + k + 1;
    double norm2 = 0;
    for (long i = 0; i < m; ++i) v[i] = a[(k + 1 + i) * n + k], norm2 += v[i] * v[i];
    d[k] = a[k * n + k];
    const double x0 = v[0], norm = std::sqrt(norm2);
    if (norm2 - x0 * x0 <= 0) {  // already reduced: H_k = I
      tau[k] = 0;
      e[k] = x0;
      continue;
    }
    const double alpha = x0 > 0 ? -norm : norm;  // H_k x = alpha e_1, the sign that avoids cancellation
    v[0] = x0 - alpha;
    const double t = 2 / (norm2 - x0 * x0 + v[0] * v[0]);
    tau[k] = t;
    e[k] = alpha;
    // p = τ A₂₂ v, A₂₂ the trailing block (lower triangle stored)
    std::fill(p.begin(), p.begin() + m, 0.0);
    for (long i = 0; i < m; ++i) {
      const double* r = a + (k + 1 + i) * n + k + 1;
      p[i] += dot_axpy(r, v, p.data(), v[i], i) + r[i] * v[i];
    }
    // w = p − (τ/2)(pᵀv) v;  A₂₂ ← H A₂₂ H = A₂₂ − v wᵀ − w vᵀ
    double pv = 0;
    for (long i = 0; i < m; ++i) p[i] *= t, pv += p[i] * v[i];
    const double half = t / 2 * pv;
    for (long i = 0; i < m; ++i) w[i] = p[i] - half * v[i];
    for (long i = 0; i < m; ++i) rank2_row(a + (k + 1 + i) * n + k + 1, v, w.data(), v[i], w[i], i + 1);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 1) * n + n - 2];
    tau[n - 2] = 0;
  }
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

void normalise(double* x, long n) {
  double s = 0;
  for (long i = 0; i < n; ++i) s += x[i] * x[i];
  s = 1 / std::sqrt(s);
  for (long i = 0; i < n; ++i) x[i] *= s;
}

}  // namespace

int eig_sym_top(const double* a_in, int n_in, double ratio, int count, double* values, double* vectors) {
  const long n = n_in;
  if (n <= 0) return 0;
  std::vector<double> a(a_in, a_in + n * n), d(n), e(std::max(1L, n - 1)), vs(n * n, 0.0), tau(n, 0.0);
  if (n == 1) {
    values[0] = a[0];
    vectors[0] = 1;
    return 1;
  }
  tridiagonalise(a.data(), n, d.data(), e.data(), vs.data(), tau.data());
  e.resize(n - 1);
  if (!tridiagonal_values(d, e, values)) return -1;
  std::sort(values, values + n, [](double x, double y) { return x > y; });
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
  std::vector<double> ys(J * n), z(n * J);  // ys: row j = eigenvector j of T; z: the same, column-major for step 4
  // Clusters (runs of eigenvalues closer than `cluster`) are orthogonalised together, so threads split between them.
  std::vector<long> starts(J);
  for (long j = 0; j < J; ++j) starts[j] = j > 0 && values[j - 1] - values[j] <= cluster ? starts[j - 1] : j;
  ThreadPool& threads = pool();
  const int vparts = J >= 32 ? threads.size() : 1;
  std::vector<long> bounds(vparts + 1, J);
  for (int q = 0; q < vparts; ++q) bounds[q] = starts[J * q / vparts];
  threads.run(vparts, [&](int part) {
    ShiftedSolver solver(n);
    for (long j = bounds[part]; j < bounds[part + 1]; ++j) {
      solver.factor(d.data(), e.data(), values[j], tiny);
      double* y = ys.data() + j * n;
      unsigned s = 12345u + 7919u * static_cast<unsigned>(j);
      for (long i = 0; i < n; ++i) y[i] = ((s = s * 1664525u + 1013904223u) >> 8) * (1.0 / 16777216.0) - 0.5;
      // λ_j is accurate to ε‖T‖, so each solve multiplies the eigenvector's share by ≈ 1/ε: two solves suffice
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
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < J; ++j) z[i * J + j] = ys[j * n + i];
  // z ← H_0 ⋯ H_{n−3} z: the reflectors in reverse order; columns are independent, so threads take column ranges.
  const int parts = J >= 64 ? threads.size() : 1;
  threads.run(parts, [&](int part) {
    const long c0 = J * part / parts, c1 = J * (part + 1) / parts, width = c1 - c0;
    std::vector<double> w(width);
    for (long k = n - 3; k >= 0; --k) {
      if (tau[k] == 0) continue;
      const double* v = vs.data() + k * n + k + 1;
      std::fill(w.begin(), w.end(), 0.0);
      for (long i = 0; i < n - k - 1; ++i) {  // w = vᵀ z₂
        const double* row = z.data() + (k + 1 + i) * J + c0;
        const double vi = v[i];
        for (long c = 0; c < width; ++c) w[c] += vi * row[c];
      }
      for (long i = 0; i < n - k - 1; ++i) {  // z₂ −= τ v wᵀ
        double* row = z.data() + (k + 1 + i) * J + c0;
        const double f = tau[k] * v[i];
        for (long c = 0; c < width; ++c) row[c] -= f * w[c];
      }
    }
  });
  for (long j = 0; j < J; ++j)
    for (long i = 0; i < n; ++i) vectors[j * n + i] = z[i * J + j];
  return static_cast<int>(J);
}
