#include "elementwise.h"

#include <cmath>
#include <cstring>
#include <vector>

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

void binary(int op, const float* a, const float* b, long n, long period, bool reversed, float* out) {
  switch (op) {
    case kMul: return periodic(a, b, n, period, out, [](float x, float y) { return x * y; });
    case kAdd: return periodic(a, b, n, period, out, [](float x, float y) { return x + y; });
    case kSub:
      if (reversed) return periodic(a, b, n, period, out, [](float x, float y) { return y - x; });
      return periodic(a, b, n, period, out, [](float x, float y) { return x - y; });
    default:
      if (reversed) return periodic(a, b, n, period, out, [](float x, float y) { return y / x; });
      return periodic(a, b, n, period, out, [](float x, float y) { return x / y; });
  }
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

// softplus(x) = max(x, 0) + log1p(e^{−|x|}), on 16-wide vectors with polynomial exp and log1p (glibc's scalar expf and
// log1pf made the native kernel slower than tfjs-wasm's). e^v = 2^k·2^f, v·log₂e = k + f, |f| ≤ ½, 2^f by its degree-6
// Taylor polynomial; log1p(y) = 2 atanh(t), t = y/(2 + y) ∈ (0, ⅓], odd series to t¹¹. Both ≈ 1e-7 relative.
// tfjs-core's thresholds are kept: e^x for x < log ε + 2, x for x > −(log ε + 2).
void softplus(const float* x, long n, float* out) {
  typedef float v16 __attribute__((vector_size(64)));
  typedef int i16 __attribute__((vector_size(64)));
  const float threshold = std::log(1.1920928955078125e-7f) + 2.f;
  auto exp_neg = [](v16 v) {  // e^v for v ≤ 0 (v ≥ −88: the thresholds keep |x| small where this is used)
    const v16 z = v * 1.44269504088896341f;
    const v16 k = (z + 12582912.f) - 12582912.f;  // round to nearest: 1.5·2²³ pushes the fraction out
    const v16 f = (z - k) * 0.693147180559945309f;  // 2^(z−k) = e^f
    v16 p = v16{} + 1.f / 720;
    p = p * f + 1.f / 120;
    p = p * f + 1.f / 24;
    p = p * f + 1.f / 6;
    p = p * f + 0.5f;
    p = p * f + 1.f;
    p = p * f + 1.f;
    const i16 bits = (__builtin_convertvector(k, i16) + 127) << 23;  // 2^k
    v16 scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
  };
  auto log1p_unit = [](v16 y) {  // log(1 + y) for 0 < y ≤ 1
    const v16 t = y / (2.f + y), t2 = t * t;
    v16 q = t2 * (1.f / 11) + 1.f / 9;
    q = q * t2 + 1.f / 7;
    q = q * t2 + 1.f / 5;
    q = q * t2 + 1.f / 3;
    q = q * t2 + 1.f;
    return 2.f * t * q;
  };
  split(n, 16, [&](long i0, long i1) {
    long i = i0;
    for (; i + 16 <= i1; i += 16) {
      v16 v;
      std::memcpy(&v, x + i, sizeof v);
      const v16 a = v < 0 ? v : -v, low = v16{} - 87.f;  // −|x|; below −87, e^x is 0 in float32 anyway
      v16 r = (v > 0 ? v : v16{}) + log1p_unit(exp_neg(a < low ? low : a));
      r = v < threshold ? exp_neg(v < low ? low : v) : r;
      r = v > -threshold ? v : r;
      r = v == v ? r : v;
      std::memcpy(out + i, &r, sizeof r);
    }
    for (; i < i1; ++i) {
      const float v = x[i];
      out[i] = v < threshold ? std::exp(v) : v > -threshold ? v : std::log1p(std::exp(v));
    }
  });
}

void batch_norm(const float* x, long n, long channels, const float* mean, const float* variance, const float* offset,
                const float* scale, float eps, float* out) {
  std::vector<float> gain(channels), shift(channels);
  for (long c = 0; c < channels; ++c) {
    gain[c] = (scale ? scale[c] : 1.f) / std::sqrt(variance[c] + eps);
    shift[c] = offset ? offset[c] : 0.f;
  }
  split(n, channels, [&](long i0, long i1) {  // slices start on a channel-0 boundary
    for (long r = i0; r < i1; r += channels)
      for (long c = 0; c < channels; ++c) out[r + c] = (x[r + c] - mean[c]) * gain[c] + shift[c];
  });
}

void tile4(const uint32_t* x, const long* in_shape, const long* reps, int rank, uint32_t* out) {
  const long last = in_shape[rank - 1], out_last = last * reps[rank - 1];
  long rows = 1;
  for (int k = 0; k < rank - 1; ++k) rows *= in_shape[k] * reps[k];
  split(rows, 1, [&](long r0, long r1) {
    std::vector<long> coord(rank > 1 ? rank - 1 : 1, 0);
    long rem = r0;  // coordinates of output row r0 (row-major over the leading output dims)
    for (int k = rank - 2; k >= 0; --k) {
      const long d = in_shape[k] * reps[k];
      coord[k] = rem % d;
      rem /= d;
    }
    for (long r = r0; r < r1; ++r) {
      long src = 0;
      for (int k = 0; k < rank - 1; ++k) src = src * in_shape[k] + coord[k] % in_shape[k];
      const uint32_t* from = x + src * last;
      uint32_t* to = out + r * out_last;
      for (long t = 0; t < reps[rank - 1]; ++t) std::memcpy(to + t * last, from, last * sizeof(uint32_t));
      for (int k = rank - 2; k >= 0; --k) {  // next output row
        if (++coord[k] < in_shape[k] * reps[k]) break;
        coord[k] = 0;
      }
    }
  });
}

void batch_norm_grad(const float* x, const float* dy, long n, long channels, const float* mean, const float* variance,
                     const float* scale, float eps, float* dx, double* sums) {
  std::vector<float> gain(channels);
  for (long c = 0; c < channels; ++c) gain[c] = (scale ? scale[c] : 1.f) / std::sqrt(variance[c] + eps);
  ThreadPool& threads = pool();
  const long rows = n / channels;
  const int parts = n < kParallelMin || rows < threads.size() ? 1 : threads.size();
  std::vector<std::vector<double>> partial(parts, std::vector<double>(2 * channels, 0.0));
  threads.run(parts, [&](int part) {
    std::vector<float> s1(channels), s2(channels);  // float sums over blocks of 256 rows, then added in double
    double* total = partial[part].data();
    const long r1 = rows * (part + 1) / parts;
    for (long b0 = rows * part / parts; b0 < r1; b0 += 256) {
      for (long c = 0; c < channels; ++c) s1[c] = s2[c] = 0.f;
      const long b1 = b0 + 256 < r1 ? b0 + 256 : r1;
      for (long r = b0; r < b1; ++r) {
        const float* xr = x + r * channels;
        const float* g = dy + r * channels;
        float* d = dx + r * channels;
        for (long c = 0; c < channels; ++c) {
          d[c] = g[c] * gain[c];
          s1[c] += g[c];
          s2[c] += g[c] * (xr[c] - mean[c]);
        }
      }
      for (long c = 0; c < channels; ++c) total[c] += s1[c], total[channels + c] += s2[c];
    }
  });
  for (long c = 0; c < 2 * channels; ++c) {
    double t = 0;
    for (int part = 0; part < parts; ++part) t += partial[part][c];
    sums[c] = t;
  }
}

namespace {

// No contraction into FMAs: each product and sum is rounded to float32 as in tfjs-core's separate kernels. (The
// attribute replaces the optimisation flags, so -O3 and no-math-errno are repeated for the loop to vectorise.)
__attribute__((optimize("O3", "fp-contract=off", "no-math-errno"))) void adam_range(
    const float* __restrict p, const float* __restrict g, const float* __restrict m, const float* __restrict v, long i0,
    long i1, const float* k, float* __restrict p2, float* __restrict m2, float* __restrict v2) {
  const float b1 = k[0], c_b1 = k[1], b2 = k[2], c_b2 = k[3], c1 = k[4], c2 = k[5], eps = k[6], step = k[7];
  for (long i = i0; i < i1; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * c_b1;
    const float vi = v[i] * b2 + (gi * gi) * c_b2;
    m2[i] = mi;
    v2[i] = vi;
    p2[i] = ((mi / c1) / (std::sqrt(vi / c2) + eps)) * step + p[i];
  }
}

}  // namespace

void adam(const float* p, const float* g, const float* m, const float* v, long n, const float* k, float* p2, float* m2,
          float* v2) {
  split(n, 16, [&](long i0, long i1) { adam_range(p, g, m, v, i0, i1, k, p2, m2, v2); });
}
