#include "pool2d.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "pool.h"

namespace {

// Calls body(n0, n1) over image ranges split across the pool; images are independent in both directions.
template <typename Body>
void by_images(long batch, Body body) {
  ThreadPool& threads = pool();
  const int parts = static_cast<int>(batch < threads.size() ? batch : threads.size());
  if (parts <= 1) return body(0L, batch);
  threads.run(parts, [&](int part) { body(batch * part / parts, batch * (part + 1) / parts); });
}

}  // namespace

void max_pool(const PoolParams& p, const float* x, float* out) {
  const long C = p.channels;
  by_images(p.batch, [&](long n0, long n1) {
    for (long n = n0; n < n1; ++n)
      for (long oh = 0; oh < p.outH; ++oh)
        for (long ow = 0; ow < p.outW; ++ow) {
          float* o = out + ((n * p.outH + oh) * p.outW + ow) * C;
          for (long c = 0; c < C; ++c) o[c] = -std::numeric_limits<float>::infinity();
          for (long kh = 0; kh < p.fH; ++kh) {
            const long ih = oh * p.strideH - p.padTop + kh;
            if (ih < 0 || ih >= p.inH) continue;
            for (long kw = 0; kw < p.fW; ++kw) {
              const long iw = ow * p.strideW - p.padLeft + kw;
              if (iw < 0 || iw >= p.inW) continue;
              const float* in = x + ((n * p.inH + ih) * p.inW + iw) * C;
              for (long c = 0; c < C; ++c) o[c] = in[c] > o[c] ? in[c] : o[c];
            }
          }
        }
  });
}

void max_pool_grad(const PoolParams& p, const float* x, const float* dy, float* dx) {
  // 16 channels at a time: the running maximum and its flat index live in vector registers (first maximum wins).
  typedef float v16 __attribute__((vector_size(64)));
  typedef int32_t i16 __attribute__((vector_size(64)));
  const long C = p.channels, image = p.inH * p.inW * C, C16 = C / 16 * 16;
  const i16 lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  by_images(p.batch, [&](long n0, long n1) {
    std::memset(dx + n0 * image, 0, (n1 - n0) * image * sizeof(float));
    for (long n = n0; n < n1; ++n)
      for (long oh = 0; oh < p.outH; ++oh)
        for (long ow = 0; ow < p.outW; ++ow) {
          const float* g = dy + ((n * p.outH + oh) * p.outW + ow) * C;
          // Vector lanes hold offsets within image n (32-bit); larger images take the scalar path.
          float* dxn = dx + n * image;
          const float* xn = x + n * image;
          for (long c0 = 0; c0 < C; c0 += 16) {
            const bool full = c0 < C16 && image <= INT32_MAX;
            v16 best = v16{} - std::numeric_limits<float>::infinity();
            i16 where = i16{} - 1;
            float bestS[16];
            long whereS[16];
            if (!full)
              for (long c = c0; c < C; ++c) bestS[c - c0] = -std::numeric_limits<float>::infinity(), whereS[c - c0] = -1;
            for (long kh = 0; kh < p.fH; ++kh) {
              const long ih = oh * p.strideH - p.padTop + kh;
              if (ih < 0 || ih >= p.inH) continue;
              for (long kw = 0; kw < p.fW; ++kw) {
                const long iw = ow * p.strideW - p.padLeft + kw;
                if (iw < 0 || iw >= p.inW) continue;
                const long base = (ih * p.inW + iw) * C + c0;
                if (full) {
                  v16 v;
                  std::memcpy(&v, xn + base, sizeof v);
                  const i16 take = v > best;
                  best = take ? v : best;
                  where = take ? (i16{} + static_cast<int32_t>(base)) + lane : where;
                } else {
                  for (long c = 0; c < C - c0; ++c)
                    if (xn[base + c] > bestS[c]) bestS[c] = xn[base + c], whereS[c] = base + c;
                }
              }
            }
            if (full) {
              for (int l = 0; l < 16; ++l)
                if (where[l] >= 0) dxn[where[l]] += g[c0 + l];
            } else {
              for (long c = 0; c < C - c0; ++c)
                if (whereS[c] >= 0) dxn[whereS[c]] += g[c0 + c];
            }
          }
        }
  });
}
