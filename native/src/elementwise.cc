#include "elementwise.h"

#include <cmath>
#include <cstring>

#include "pool.h"

namespace {

constexpr long kParallelMin = 1L << 16;

// Calls body(i0, i1) over [0, n) split across the pool; slices are multiples of `align` elements.
template <typename Body>
void split(long n, long align, Body body) {
  ThreadPool& threads = pool();
  const long units = (n + align - 1) / align;
  const int parts = n < kParallelMin || units < threads.size() ? 1 : threads.size();
  threads.run(parts, [&](int part) {
    const long i0 = units * part / parts * align, i1 = units * (part + 1) / parts * align;
    body(i0, i1 < n ? i1 : n);
  });
}

template <typename Op>
void periodic(const float* a, const float* b, long n, long period, float* out, Op op) {
  if (period == n) {
    split(n, 16, [&](long i0, long i1) {
      for (long i = i0; i < i1; ++i) out[i] = op(a[i], b[i]);
    });
    return;
  }
  if (period == 1) {
    const float s = b[0];
    split(n, 16, [&](long i0, long i1) {
      for (long i = i0; i < i1; ++i) out[i] = op(a[i], s);
    });
    return;
  }
  split(n, period, [&](long i0, long i1) {  // slices start on a period boundary
    for (long r = i0; r < i1; r += period)
      for (long j = 0; j < period; ++j) out[r + j] = op(a[r + j], b[j]);
  });
}

}  // namespace

void binary(int op, const float* a, const float* b, long n, long period, float* out) {
  if (op == kMul) periodic(a, b, n, period, out, [](float x, float y) { return x * y; });
  else periodic(a, b, n, period, out, [](float x, float y) { return x + y; });
}

void relu(const float* x, long n, float* out) {
  split(n, 16, [&](long i0, long i1) {
    for (long i = i0; i < i1; ++i) out[i] = x[i] < 0.f ? 0.f : x[i];
  });
}

void step(const float* x, long n, float alpha, float* out) {
  // Written on 16-wide vectors: GCC leaves the scalar two-select form as a branchy loop (6x slower on random signs).
  typedef float v16 __attribute__((vector_size(64)));
  const v16 ones = v16{} + 1.f, alphas = v16{} + alpha;
  split(n, 16, [&](long i0, long i1) {
    long i = i0;
    for (; i + 16 <= i1; i += 16) {
      v16 v;
      std::memcpy(&v, x + i, sizeof v);
      const v16 r = v == v ? (v > 0.f ? ones : alphas) : v;
      std::memcpy(out + i, &r, sizeof r);
    }
    for (; i < i1; ++i) out[i] = x[i] > 0.f ? 1.f : (x[i] == x[i] ? alpha : x[i]);
  });
}
