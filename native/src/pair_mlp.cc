// Vectorised over pairs: a block of VW pairs (x_i, y_t), ..., (x_i, y_{t+VW-1}) runs the MLP with one vector per unit
// (lane = pair), so every layer is broadcast-weight × vector FMAs whatever the widths. The backward pass recomputes a
// block's activations instead of storing B·K of them; dW and db are summed as vectors of lanes per thread.
#include "pair_mlp.h"

#include <algorithm>

#include "isa.h"
#include "pool.h"

namespace {

constexpr int VW = kVecFloats;
typedef float vec __attribute__((vector_size(VW * 4)));  // aligned to its size
typedef float vecu __attribute__((vector_size(VW * 4), aligned(4)));

inline vec relu(vec v) {
  const vec zero{};
  return v > zero ? v : zero;
}

inline float lane_sum(vec v) {
  float s = 0;
  for (int l = 0; l < VW; ++l) s += v[l];
  return s;
}

// c transposed and read twice: ct[k * stride + t] = c[(t mod B) * h0 + k] for t < 2B, zero up to stride = 2B + VW, so
// the pairs of row i with y_{i+j}, ..., y_{i+j+VW-1} read one unaligned vector per unit k at ct + k * stride + i + j.
std::vector<float> doubled_transpose(const float* c, long B, long h0, long stride) {
  std::vector<float> ct(h0 * stride, 0.f);
  for (long t = 0; t < 2 * B; ++t)
    for (long k = 0; k < h0; ++k) ct[k * stride + t] = c[(t % B) * h0 + k];
  return ct;
}

// One thread's activations: layer l < L (post-ReLU) at act[offset[l]], the outputs in out.
struct Block {
  std::vector<vec> act, out;
  std::vector<long> offset;
  explicit Block(const PairMlp& n) : out(n.widths.back()), offset(n.widths.size(), 0) {
    for (size_t l = 1; l < n.widths.size(); ++l) offset[l] = offset[l - 1] + n.widths[l - 1];
    act.resize(offset.back());
  }
};

// The forward pass of one block: row i's a_i, and ct_at = ct + i + j.
void forward_block(const PairMlp& n, const float* a_i, const float* ct_at, long stride, Block& s) {
  const long L = static_cast<long>(n.widths.size()) - 1;
  vec* prev = s.act.data();
  for (long k = 0; k < n.widths[0]; ++k) prev[k] = relu(*reinterpret_cast<const vecu*>(ct_at + k * stride) + a_i[k]);
  for (long l = 1; l <= L; ++l) {
    const long win = n.widths[l - 1], wout = n.widths[l];
    vec* cur = l < L ? s.act.data() + s.offset[l] : s.out.data();
    const float *W = n.w[l - 1], *bias = n.b[l - 1];
    for (long u = 0; u < wout; ++u) cur[u] = vec{} + bias[u];
    for (long k = 0; k < win; ++k) {
      const vec p = prev[k];
      const float* wk = W + k * wout;
      for (long u = 0; u < wout; ++u) cur[u] += wk[u] * p;
    }
    if (l < L)
      for (long u = 0; u < wout; ++u) cur[u] = relu(cur[u]);
    prev = cur;
  }
}

// Rows split across the pool when the pairs' work is worth a fork.
int parts_for(const PairMlp& n) {
  long flops = 0;
  for (size_t l = 1; l < n.widths.size(); ++l) flops += n.widths[l - 1] * n.widths[l];
  return n.B * n.K * flops < (1L << 18) ? 1 : static_cast<int>(std::min<long>(pool().size(), n.B));
}

}  // namespace

void pair_mlp_forward(const PairMlp& n, const float* a, const float* c, float* out) {
  const long h0 = n.widths[0], o = n.widths.back(), stride = 2 * n.B + VW;
  const std::vector<float> ct = doubled_transpose(c, n.B, h0, stride);
  const int parts = parts_for(n);
  pool().run(parts, [&](int p) {
    Block s(n);
    for (long i = n.B * p / parts; i < n.B * (p + 1) / parts; ++i)
      for (long j = 0; j < n.K; j += VW) {
        forward_block(n, a + i * h0, ct.data() + i + j, stride, s);
        const long lanes = std::min<long>(VW, n.K - j);
        for (long u = 0; u < o; ++u) {
          float* dst = out + (u * n.B + i) * n.K + j;
          for (long lane = 0; lane < lanes; ++lane) dst[lane] = s.out[u][lane];
        }
      }
  });
}

void pair_mlp_backward(const PairMlp& n, const float* a, const float* c, const float* dy, float* da, float* dc,
                       const std::vector<float*>& dw, const std::vector<float*>& db) {
  const long L = static_cast<long>(n.widths.size()) - 1, h0 = n.widths[0], o = n.widths.back();
  const long stride = 2 * n.B + VW, widest = *std::max_element(n.widths.begin(), n.widths.end());
  const std::vector<float> ct = doubled_transpose(c, n.B, h0, stride);
  // layer l's dW (and db) sums start at wAt[l - 1] (bAt[l - 1]) of a thread's flat vectors
  std::vector<long> wAt(L + 1, 0), bAt(L + 1, 0);
  for (long l = 1; l <= L; ++l) {
    wAt[l] = wAt[l - 1] + n.widths[l - 1] * n.widths[l];
    bAt[l] = bAt[l - 1] + n.widths[l];
  }
  struct Sums {
    std::vector<vec> dw, db;
    std::vector<float> dct;
  };
  const int parts = parts_for(n);
  std::vector<Sums> sums(parts);
  pool().run(parts, [&](int p) {
    Sums& t = sums[p];
    t.dw.assign(wAt[L], vec{});
    t.db.assign(bAt[L], vec{});
    t.dct.assign(h0 * stride, 0.f);
    Block s(n);
    std::vector<vec> g(widest), back(widest), da_row(h0);
    for (long i = n.B * p / parts; i < n.B * (p + 1) / parts; ++i) {
      std::fill(da_row.begin(), da_row.end(), vec{});
      for (long j = 0; j < n.K; j += VW) {
        forward_block(n, a + i * h0, ct.data() + i + j, stride, s);
        // lanes past K read a zero gradient, so they add nothing below
        const long lanes = std::min<long>(VW, n.K - j);
        for (long u = 0; u < o; ++u) {
          const float* src = dy + (u * n.B + i) * n.K + j;
          vec v{};
          for (long lane = 0; lane < lanes; ++lane) v[lane] = src[lane];
          g[u] = v;
        }
        for (long l = L; l >= 1; --l) {
          const long win = n.widths[l - 1], wout = n.widths[l];
          const vec* prev = s.act.data() + s.offset[l - 1];
          vec* dW = t.dw.data() + wAt[l - 1];
          vec* dB = t.db.data() + bAt[l - 1];
          const float* W = n.w[l - 1];
          for (long u = 0; u < wout; ++u) dB[u] += g[u];
          for (long k = 0; k < win; ++k) {
            const vec pk = prev[k];
            const float* wk = W + k * wout;
            vec sum{};
            for (long u = 0; u < wout; ++u) {
              dW[k * wout + u] += pk * g[u];
              sum += wk[u] * g[u];
            }
            back[k] = pk > vec{} ? sum : vec{};  // ReLU's gradient, 0 at 0 as tfjs' Step
          }
          std::swap(g, back);
        }
        float* dct_at = t.dct.data() + i + j;
        for (long k = 0; k < h0; ++k) {
          da_row[k] += g[k];
          *reinterpret_cast<vecu*>(dct_at + k * stride) += g[k];
        }
      }
      for (long k = 0; k < h0; ++k) da[i * h0 + k] = lane_sum(da_row[k]);
    }
  });
  for (long l = 1; l <= L; ++l) {
    for (long e = 0; e < wAt[l] - wAt[l - 1]; ++e) {
      float s = 0;
      for (const Sums& t : sums) s += lane_sum(t.dw[wAt[l - 1] + e]);
      dw[l - 1][e] = s;
    }
    for (long e = 0; e < bAt[l] - bAt[l - 1]; ++e) {
      float s = 0;
      for (const Sums& t : sums) s += lane_sum(t.db[bAt[l - 1] + e]);
      db[l - 1][e] = s;
    }
  }
  for (long r = 0; r < n.B; ++r)
    for (long k = 0; k < h0; ++k) {
      float s = 0;
      for (const Sums& t : sums) s += t.dct[k * stride + r] + t.dct[k * stride + r + n.B];
      dc[r * h0 + k] = s;
    }
}
