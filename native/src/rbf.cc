// SSGE's RBF Gram matrix in one native pass (rbf.h): pairwise distances in float64, the median bandwidth by
// nth_element, the kernel and its row sums — instead of ≈ 10 tfjs kernels, two heap read-backs and a JavaScript
// quickselect. Whole rows on vectors across j (x transposed), so K is exactly symmetric; rows split over the pool.
#include "rbf.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "pool.h"
#include "vec_double.h"

namespace {

using namespace vec_double;

// e^v for −708 ≤ v ≤ 0: v = k·ln2 + t, |t| ≤ ln2/2, e^t by its degree-12 Taylor polynomial (relative error < 1e-15),
// times 2^k built in the exponent bits.
inline vd exp_neg(vd v) {
  v = v < -708.0 ? vd{} - 708.0 : v;
  const vd k = __builtin_convertvector(__builtin_convertvector(v * 1.4426950408889634 - 0.5, vl), vd);
  const vd t = v - k * 0.6931471805599453 - k * 2.3190468138462996e-17;
  vd p = vd{} + 1.0 / 479001600;
  for (double c : {1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120,
                   1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0})
    p = p * t + c;
  const vl bits = (__builtin_convertvector(k, vl) + 1023) << 52;
  return p * reinterpret_cast<vd>(bits);
}

}  // namespace

double rbf_gram(const float* x, long M, long d, double bandwidth, double jitter, double* K, double* r) {
  const long Mp = (M + VD - 1) / VD * VD;  // rows of K are computed in whole vectors into a padded scratch row
  std::vector<double> xt(d * Mp, 0.0);     // xᵀ in float64: column c of x is row c here
  for (long i = 0; i < M; ++i)
    for (long c = 0; c < d; ++c) xt[c * Mp + i] = x[i * d + c];
  ThreadPool& threads = pool();
  const int parts = M >= 64 ? threads.size() : 1;
  auto rows = [&](auto&& body) {
    threads.run(parts, [&](int part) {
      std::vector<double> row(Mp);
      for (long i = M * part / parts; i < M * (part + 1) / parts; ++i) body(i, row.data());
    });
  };
  rows([&](long i, double* row) {
    for (long j = 0; j < Mp; j += VD) {
      vd s{};
      for (long c = 0; c < d; ++c) {
        const vd t = load(xt.data() + c * Mp + j) - xt[c * Mp + i];
        s += t * t;
      }
      store(row + j, s);
    }
    std::copy(row, row + M, K + i * M);
  });
  double sigma = bandwidth;
  if (!(sigma > 0)) {
    std::vector<double> upper;
    upper.reserve(M * (M - 1) / 2);
    for (long i = 0; i < M; ++i) upper.insert(upper.end(), K + i * M + i + 1, K + (i + 1) * M);
    const auto mid = upper.begin() + upper.size() / 2;
    if (!upper.empty()) std::nth_element(upper.begin(), mid, upper.end());
    sigma = upper.empty() ? 1 : std::sqrt(*mid);
    if (!(sigma > 0)) sigma = 1;
  }
  const double scale = -1 / (2 * sigma * sigma);
  rows([&](long i, double* row) {
    std::copy(K + i * M, K + (i + 1) * M, row);
    vd s{};
    for (long j = 0; j < Mp; j += VD) {
      const vd e = exp_neg(load(row + j) * scale);
      store(row + j, e);
      s += j + VD <= M ? e : vd{};
    }
    double total = 0;
    for (int l = 0; l < VD; ++l) total += s[l];
    for (long j = M / VD * VD; j < M; ++j) total += row[j];
    r[i] = total;
    std::copy(row, row + M, K + i * M);
    K[i * M + i] += jitter;
  });
  return sigma;
}
