// Standalone SGEMM check and timing, outside Node: correctness against a double-precision loop, then GFLOP/s
// for the three transpose cases. Build (AVX2 path shown; drop -mno-avx512f for the host's widest ISA):
//   g++ -O3 -march=native -mno-avx512f -std=c++17 -pthread -Inative/src native/bench/gemm_bench.cc \
//       native/src/gemm.cc native/src/pool.cc -o /tmp/gemm_bench && /tmp/gemm_bench [threads]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <array>
#include <vector>

#include "gemm.h"

static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static float check(long M, long N, long K, bool ta, bool tb) {
  std::vector<float> a(M * K), b(K * N), c(M * N);
  for (auto& v : a) v = std::rand() / float(RAND_MAX) - 0.5f;
  for (auto& v : b) v = std::rand() / float(RAND_MAX) - 0.5f;
  MatView A = ta ? MatView{a.data(), 1, M} : MatView{a.data(), K, 1};
  MatView B = tb ? MatView{b.data(), 1, K} : MatView{b.data(), N, 1};
  sgemm(M, N, K, A, B, c.data(), N, false);
  float worst = 0;
  for (long i = 0; i < M; ++i)
    for (long j = 0; j < N; ++j) {
      double s = 0;
      for (long k = 0; k < K; ++k) s += double(A.p[i * A.rs + k * A.cs]) * B.p[k * B.rs + j * B.cs];
      worst = std::fmax(worst, std::fabs(float(s) - c[i * N + j]));
    }
  return worst;
}

static double gflops(long M, long N, long K, bool ta, bool tb, bool serial) {
  std::vector<float> a(M * K, 0.5f), b(K * N, 0.25f), c(M * N);
  MatView A = ta ? MatView{a.data(), 1, M} : MatView{a.data(), K, 1};
  MatView B = tb ? MatView{b.data(), 1, K} : MatView{b.data(), N, 1};
  auto run = [&] {
    if (serial) sgemm_serial(M, N, K, A, B, c.data(), N, false);
    else sgemm(M, N, K, A, B, c.data(), N, false);
  };
  run();
  std::vector<double> t;
  for (int r = 0; r < 7; ++r) {
    const double flop = 2.0 * M * N * K;
    int reps = std::max(1, int(2e9 / flop));
    double t0 = now();
    for (int i = 0; i < reps; ++i) run();
    t.push_back((now() - t0) / reps);
  }
  std::sort(t.begin(), t.end());
  return 2.0 * M * N * K / t[t.size() / 2] / 1e9;
}

int main(int argc, char** argv) {
  const bool serial = argc > 1 && std::atoi(argv[1]) == 1;
  for (auto [m, n, k] : {std::array<long, 3>{37, 53, 29}, {130, 300, 70}, {1, 5, 1}, {500, 10, 3}, {97, 131, 517}})
    for (int t = 0; t < 3; ++t)
      std::printf("check %ldx%ldx%ld case %d: max err %.2e\n", m, n, k, t, check(m, n, k, t == 1, t == 2));
  for (long s : {256L, 512L, 1024L})
    std::printf("%ld^3 %s: NN %.1f  TN %.1f  NT %.1f GFLOP/s\n", s, serial ? "1 thread" : "pool",
                gflops(s, s, s, 0, 0, serial), gflops(s, s, s, 1, 0, serial), gflops(s, s, s, 0, 1, serial));
  std::printf("500x500x784 NN %.1f, 784x500x500 TN %.1f, 500x784x500 NT %.1f\n", gflops(500, 500, 784, 0, 0, serial),
              gflops(784, 500, 500, 1, 0, serial), gflops(500, 784, 500, 0, 1, serial));
}
