#include "pool2d.h"

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
  const long C = p.channels, image = p.inH * p.inW * C;
  by_images(p.batch, [&](long n0, long n1) {
    std::memset(dx + n0 * image, 0, (n1 - n0) * image * sizeof(float));
    std::vector<float> best(C);
    std::vector<long> where(C);
    for (long n = n0; n < n1; ++n)
      for (long oh = 0; oh < p.outH; ++oh)
        for (long ow = 0; ow < p.outW; ++ow) {
          for (long c = 0; c < C; ++c) {
            best[c] = -std::numeric_limits<float>::infinity();
            where[c] = -1;
          }
          for (long kh = 0; kh < p.fH; ++kh) {
            const long ih = oh * p.strideH - p.padTop + kh;
            if (ih < 0 || ih >= p.inH) continue;
            for (long kw = 0; kw < p.fW; ++kw) {
              const long iw = ow * p.strideW - p.padLeft + kw;
              if (iw < 0 || iw >= p.inW) continue;
              const long base = ((n * p.inH + ih) * p.inW + iw) * C;
              for (long c = 0; c < C; ++c)
                if (x[base + c] > best[c]) {
                  best[c] = x[base + c];
                  where[c] = base + c;
                }
            }
          }
          const float* g = dy + ((n * p.outH + oh) * p.outW + ow) * C;
          for (long c = 0; c < C; ++c)
            if (where[c] >= 0) dx[where[c]] += g[c];
        }
  });
}
