// Float partial sums over blocks of rows, combined in double, so a 300k-row reduction keeps float32 accuracy.
#include "reduce.h"

#include <vector>

#include "pool.h"

namespace {
constexpr long kBlock = 256;
}

void sum_leading(const float* x, long outer, long inner, double scale, float* out) {
  ThreadPool& threads = pool();
  const int parts = outer * inner >= (1L << 16) && outer >= threads.size() ? threads.size() : 1;
  std::vector<std::vector<double>> totals(parts, std::vector<double>(inner, 0.0));
  threads.run(parts, [&](int part) {
    std::vector<float> block(inner);
    std::vector<double>& total = totals[part];
    const long i1 = outer * (part + 1) / parts;
    for (long i0 = outer * part / parts; i0 < i1; i0 += kBlock) {
      for (long j = 0; j < inner; ++j) block[j] = 0.f;
      const long end = i0 + kBlock < i1 ? i0 + kBlock : i1;
      for (long i = i0; i < end; ++i) {
        const float* row = x + i * inner;
        for (long j = 0; j < inner; ++j) block[j] += row[j];
      }
      for (long j = 0; j < inner; ++j) total[j] += block[j];
    }
  });
  for (long j = 0; j < inner; ++j) {
    double s = 0;
    for (int part = 0; part < parts; ++part) s += totals[part][j];
    out[j] = static_cast<float>(s * scale);
  }
}

void sum_trailing(const float* x, long outer, long inner, double scale, float* out) {
  ThreadPool& threads = pool();
  const int parts = outer * inner >= (1L << 16) && outer >= threads.size() ? threads.size() : 1;
  threads.run(parts, [&](int part) {
    for (long i = outer * part / parts; i < outer * (part + 1) / parts; ++i) {
      const float* row = x + i * inner;
      float lanes[16] = {};  // independent lanes vectorise without reassociating a single sum
      double total = 0;
      long j = 0;
      for (long j0 = 0; j0 + 16 <= inner; j0 += 16) {
        for (int l = 0; l < 16; ++l) lanes[l] += row[j0 + l];
        j = j0 + 16;
        if ((j0 / 16) % kBlock == kBlock - 1)
          for (int l = 0; l < 16; ++l) total += lanes[l], lanes[l] = 0.f;
      }
      for (int l = 0; l < 16; ++l) total += lanes[l];
      for (; j < inner; ++j) total += row[j];
      out[i] = static_cast<float>(total * scale);
    }
  });
}
