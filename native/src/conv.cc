// Convolution as matrix products: the im2col row of output pixel (n, oh, ow) lists its receptive field in
// (kh, kw, ic) order, which is exactly the row order of the HWIO filter seen as a [FH*FW*IC, OC] matrix. So
//   forward:         out[rows, OC]   = cols[rows, Kc] * W[Kc, OC]
//   backprop input:  dcols[rows, Kc] = dy[rows, OC] * W^T, scattered back (col2im) into dx
//   backprop filter: dW[Kc, OC]      = cols^T * dy[rows, OC], summed over row chunks
// Work is split over the pool by whole images, so col2im scatters of different threads never overlap.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "pool.h"

namespace {

constexpr long kChunkFloats = 1L << 20;  // 4 MiB of im2col rows per chunk

long cols_width(const ConvParams& p) { return p.fH * p.fW * p.inC; }

// Output pixel r is input pixel r only when the output has the input's size too (no bottom or right padding).
bool is_pointwise(const ConvParams& p) {
  return p.fH == 1 && p.fW == 1 && p.strideH == 1 && p.strideW == 1 && p.padTop == 0 && p.padLeft == 0 &&
         p.dilH == 1 && p.dilW == 1 && p.outH == p.inH && p.outW == p.inW;
}

// Rows [r0, r1) of the flattened (n, oh, ow) index, each Kc wide; out-of-image taps are zero.
void im2col(const ConvParams& p, const float* x, long r0, long r1, float* cols) {
  const long Kc = cols_width(p), plane = p.outH * p.outW;
  for (long r = r0; r < r1; ++r) {
    const long n = r / plane, oh = (r % plane) / p.outW, ow = r % p.outW;
    float* dst = cols + (r - r0) * Kc;
    for (long kh = 0; kh < p.fH; ++kh) {
      const long ih = oh * p.strideH - p.padTop + kh * p.dilH;
      for (long kw = 0; kw < p.fW; ++kw, dst += p.inC) {
        const long iw = ow * p.strideW - p.padLeft + kw * p.dilW;
        if (ih < 0 || ih >= p.inH || iw < 0 || iw >= p.inW) {
          std::memset(dst, 0, p.inC * sizeof(float));
        } else {
          const float* src = x + ((n * p.inH + ih) * p.inW + iw) * p.inC;
          if (p.inC == 1) *dst = *src;
          else std::memcpy(dst, src, p.inC * sizeof(float));
        }
      }
    }
  }
}

// The adjoint of im2col: adds each row's receptive-field entries back into dx.
void col2im_add(const ConvParams& p, const float* cols, long r0, long r1, float* dx) {
  const long Kc = cols_width(p), plane = p.outH * p.outW;
  for (long r = r0; r < r1; ++r) {
    const long n = r / plane, oh = (r % plane) / p.outW, ow = r % p.outW;
    const float* src = cols + (r - r0) * Kc;
    for (long kh = 0; kh < p.fH; ++kh) {
      const long ih = oh * p.strideH - p.padTop + kh * p.dilH;
      for (long kw = 0; kw < p.fW; ++kw, src += p.inC) {
        const long iw = ow * p.strideW - p.padLeft + kw * p.dilW;
        if (ih < 0 || ih >= p.inH || iw < 0 || iw >= p.inW) continue;
        float* dst = dx + ((n * p.inH + ih) * p.inW + iw) * p.inC;
        for (long c = 0; c < p.inC; ++c) dst[c] += src[c];
      }
    }
  }
}

long chunk_rows(const ConvParams& p) { return std::max(32L, kChunkFloats / std::max(1L, cols_width(p))); }

// Calls body(part, r0, r1) for the row range of each part: whole images per thread when there are enough
// images, otherwise a single part whose matrix products use the pool themselves.
template <typename Body>
void for_row_parts(const ConvParams& p, Body body) {
  ThreadPool& threads = pool();
  const long plane = p.outH * p.outW;
  const int parts = static_cast<int>(std::min<long>(threads.size(), p.batch));
  if (parts <= 1) {
    body(0, 0L, p.batch * plane, false);
    return;
  }
  threads.run(parts, [&](int part) {
    const long n0 = p.batch * part / parts, n1 = p.batch * (part + 1) / parts;
    body(part, n0 * plane, n1 * plane, true);
  });
}

void gemm(bool serial, long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool acc) {
  if (serial) sgemm_serial(M, N, K, A, B, C, ldc, acc);
  else sgemm(M, N, K, A, B, C, ldc, acc);
}

}  // namespace

void conv2d_forward(const ConvParams& p, const float* x, const float* w, float* out) {
  const long Kc = cols_width(p), step = chunk_rows(p);
  const MatView W{w, p.outC, 1};
  for_row_parts(p, [&](int, long r0, long r1, bool serial) {
    if (is_pointwise(p)) {
      gemm(serial, r1 - r0, p.outC, Kc, MatView{x + r0 * Kc, Kc, 1}, W, out + r0 * p.outC, p.outC, false);
      return;
    }
    thread_local std::vector<float> cols;
    cols.resize(step * Kc);
    for (long c0 = r0; c0 < r1; c0 += step) {
      const long c1 = std::min(r1, c0 + step);
      im2col(p, x, c0, c1, cols.data());
      gemm(serial, c1 - c0, p.outC, Kc, MatView{cols.data(), Kc, 1}, W, out + c0 * p.outC, p.outC, false);
    }
  });
}

void conv2d_backprop_input(const ConvParams& p, const float* dy, const float* w, float* dx) {
  const long Kc = cols_width(p), step = chunk_rows(p);
  const MatView Wt{w, 1, p.outC};  // W^T[OC, Kc]
  for_row_parts(p, [&](int, long r0, long r1, bool serial) {
    const long plane = p.outH * p.outW, n0 = r0 / plane, n1 = r1 / plane;
    const long image = p.inH * p.inW * p.inC;
    if (is_pointwise(p)) {
      gemm(serial, r1 - r0, Kc, p.outC, MatView{dy + r0 * p.outC, p.outC, 1}, Wt, dx + r0 * Kc, Kc, false);
      return;
    }
    std::memset(dx + n0 * image, 0, (n1 - n0) * image * sizeof(float));
    thread_local std::vector<float> cols;
    cols.resize(step * Kc);
    for (long c0 = r0; c0 < r1; c0 += step) {
      const long c1 = std::min(r1, c0 + step);
      gemm(serial, c1 - c0, Kc, p.outC, MatView{dy + c0 * p.outC, p.outC, 1}, Wt, cols.data(), Kc, false);
      col2im_add(p, cols.data(), c0, c1, dx);
    }
  });
}

void conv2d_backprop_filter(const ConvParams& p, const float* x, const float* dy, float* dw) {
  const long Kc = cols_width(p), step = chunk_rows(p), size = Kc * p.outC;
  std::vector<std::vector<float>> partial(pool().size());
  for_row_parts(p, [&](int part, long r0, long r1, bool serial) {
    float* target = dw;
    if (part > 0) {
      partial[part].assign(size, 0.f);
      target = partial[part].data();
    }
    bool acc = part > 0;
    if (is_pointwise(p)) {
      gemm(serial, Kc, p.outC, r1 - r0, MatView{x + r0 * Kc, 1, Kc}, MatView{dy + r0 * p.outC, p.outC, 1}, target,
           p.outC, acc);
      return;
    }
    if (r1 <= r0 && !acc) std::memset(target, 0, size * sizeof(float));
    thread_local std::vector<float> cols;
    cols.resize(step * Kc);
    for (long c0 = r0; c0 < r1; c0 += step, acc = true) {
      const long c1 = std::min(r1, c0 + step);
      im2col(p, x, c0, c1, cols.data());
      gemm(serial, Kc, p.outC, c1 - c0, MatView{cols.data(), 1, Kc}, MatView{dy + c0 * p.outC, p.outC, 1}, target,
           p.outC, acc);
    }
  });
  for (size_t part = 1; part < partial.size(); ++part) {
    if (partial[part].empty()) continue;
    const float* src = partial[part].data();
    for (long i = 0; i < size; ++i) dw[i] += src[i];
  }
}
