#include "bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "gemm.h"
#include "isa.h"
#include "pool.h"

namespace {

typedef float vec __attribute__((vector_size(kVecFloats * 4)));

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Independent accumulators cover FMA latency x pipes (4 x 2 on current x86) with room to spare: 12 of the 16 ymm
// registers on AVX2 (more would spill), 16 of the 32 zmm on AVX-512. The asm barrier keeps the compiler from folding
// the chains; a * x + y contracts to one FMA (GCC's -ffp-contract=fast default).
constexpr int kChains = kVecFloats == 16 ? 16 : 12;
__attribute__((noinline)) float fma_chains(long n) {
  vec a[kChains];
  vec x = vec{} + 0.999999f, y = vec{} + 1e-7f;
  for (int k = 0; k < kChains; ++k) a[k] = vec{} + float(k);
  for (long i = 0; i < n; ++i) {
    __asm__ volatile("" : "+x"(x), "+x"(y));
    for (int k = 0; k < kChains; ++k) a[k] = a[k] * x + y;
  }
  float s = 0;
  for (int k = 0; k < kChains; ++k) s += a[k][0];
  return s;
}

}  // namespace

double fma_peak(int threads, double seconds) {
  const long n = 1L << 20;
  std::atomic<float> sink{0};
  auto run = [&](long iters) {
    const double t0 = now();
    pool().run(threads, [&](int) { sink = sink + fma_chains(iters); });
    return now() - t0;
  };
  run(n / 8);  // wake the workers, settle the clock
  long iters = n;
  double t = run(iters);
  while (t < seconds / 4) iters *= 2, t = run(iters);
  double best = 0;
  const double flop = 2.0 * kVecFloats * kChains * iters * std::min(threads, pool().size());
  for (int r = 0; r < 4; ++r) best = std::max(best, flop / run(iters));
  return best / 1e9;
}

double gemm_rate(long M, long N, long K, bool transA, bool transB, bool serial, double seconds) {
  std::vector<float> a(M * K), b(K * N), c(M * N);
  unsigned s = 1;
  for (auto* v : {&a, &b})
    for (float& e : *v) e = ((s = s * 1664525u + 1013904223u) >> 8) * (1.f / 16777216.f) - 0.5f;
  const MatView A = transA ? MatView{a.data(), 1, M} : MatView{a.data(), K, 1};
  const MatView B = transB ? MatView{b.data(), 1, K} : MatView{b.data(), N, 1};
  auto once = [&] {
    if (serial) sgemm_serial(M, N, K, A, B, c.data(), N, false);
    else sgemm(M, N, K, A, B, c.data(), N, false);
  };
  once();
  const double flop = 2.0 * M * N * K;
  const int reps = std::max(1, static_cast<int>(seconds / 5 * 100e9 / flop));
  std::vector<double> rates;
  for (int r = 0; r < 5; ++r) {
    const double t0 = now();
    for (int i = 0; i < reps; ++i) once();
    rates.push_back(flop * reps / (now() - t0) / 1e9);
  }
  std::sort(rates.begin(), rates.end());
  return rates[2];
}
