// Standalone timing of the leading-eigenpairs solver's phases (thread CPU time, steadier than wall time on a shared
// machine) on an RBF Gram matrix like SSGE's (M = 500, 32-D, median bandwidth). Build:
//   g++ -O3 -march=native -std=c++17 -pthread -Inative/src native/bench/eig_bench.cc native/src/pool.cc -o /tmp/eig_bench
//   /tmp/eig_bench
#include <ctime>
#include <cstdio>

#include "../src/eig_top.cc"

static double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

int main() {
  const long n = 500, dim = 32;
  std::vector<double> x(n * dim), k(n * n), d2;
  unsigned s = 7;
  for (double& v : x) v = ((s = s * 1664525u + 1013904223u) >> 8) * (1.0 / 16777216.0) - 0.5;
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j) {
      double t = 0;
      for (long c = 0; c < dim; ++c) t += (x[i * dim + c] - x[j * dim + c]) * (x[i * dim + c] - x[j * dim + c]);
      k[i * n + j] = t;
      if (j > i) d2.push_back(t);
    }
  std::nth_element(d2.begin(), d2.begin() + d2.size() / 2, d2.end());
  const double s2 = d2[d2.size() / 2];
  for (long i = 0; i < n * n; ++i) k[i] = std::exp(-k[i] / (2 * s2)) + (i % (n + 1) == 0 ? 1e-6 : 0);
  std::vector<double> values(n), vectors(n * n);
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<double> a(k), dd(n), e(n - 1), vs(n * n), tau(n), w1(n), w2(n);
    double t0 = cpu_ms();
    tridiagonalise(a.data(), n, dd.data(), e.data(), vs.data(), tau.data());
    double t1 = cpu_ms();
    tridiagonal_values(dd, e, w1.data());
    double t2 = cpu_ms();
    tridiagonal_values_rootfree(dd, e, w2.data());
    double t3 = cpu_ms();
    double ph[5] = {0, 0, 0, 0, 0};
    eig_phase_ms = ph;
    int J = eig_sym_top(k.data(), n, 0.99, 0, values.data(), vectors.data());
    double t4 = cpu_ms();
    std::printf("phases: tridiagonalise %.2f, eigenvalues %.2f, inverse iteration %.2f, back-transformation %.2f, "
                "copy %.2f\n", ph[0], ph[1], ph[2], ph[3], ph[4]);
    std::sort(w1.begin(), w1.end());
    std::sort(w2.begin(), w2.end());
    double diff = 0;
    for (long i = 0; i < n; ++i) diff = std::max(diff, std::fabs(w1[i] - w2[i]));
    std::printf("tridiagonalise %.2f ms, tql1 %.2f ms, root-free QL %.2f ms (max diff %.1e), whole J = %d: %.2f ms "
                "(calling thread)\n", t1 - t0, t2 - t1, t3 - t2, diff, J, t4 - t3);
  }
}
