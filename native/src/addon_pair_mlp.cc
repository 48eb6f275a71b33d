// N-API entry points of the fused pair critic (pair_mlp.cc), registered by addon.cc.
#include <string>

#include "napi_args.h"
#include "pair_mlp.h"

using namespace napi_args;

namespace {

// The network from (B, K, widths, params): widths an Int32Array [h0, w1, ..., wL], params the byte offsets of
// W1, b1, ..., WL, bL (an Int32Array, L ≥ 1).
bool read_net(Args& a, const Heap& h, size_t at, PairMlp& n, std::vector<long>& params) {
  n.B = integer(a, at, "pairMlp: B", 1, 1 << 24);
  n.K = integer(a, at + 1, "pairMlp: K", 1, 1 << 24);
  if (!a.ok || !int32s(a, at + 2, n.widths) || !int32s(a, at + 3, params)) return false;
  const long L = static_cast<long>(n.widths.size()) - 1;
  if (n.K > n.B || L < 1 || L > 64 || static_cast<long>(params.size()) != 2 * L) {
    fail(a.env, "pairMlp: needs 1 ≤ K ≤ B, 1 to 64 layers, and a weight and a bias offset per layer");
    return false;
  }
  for (long w : n.widths)
    if (w < 1 || w > (1 << 20)) {
      fail(a.env, "pairMlp: every width must be in [1, 2^20]");
      return false;
    }
  for (long l = 1; l <= L; ++l) {
    const double win = n.widths[l - 1], wout = n.widths[l];
    const float* w = span(a, h, params[2 * l - 2], win * wout, "pairMlp: layer " + std::to_string(l) + "'s W");
    const float* b = span(a, h, params[2 * l - 1], wout, "pairMlp: layer " + std::to_string(l) + "'s b");
    if (!a.ok) return false;
    n.w.push_back(w);
    n.b.push_back(b);
  }
  return true;
}

}  // namespace

// pairMlp(heap, a, c, B, K, widths, params, out)
napi_value PairMlpForward(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  PairMlp n;
  std::vector<long> params;
  if (!read_args(env, info, a, 8) || !heap_of(a, 0, h) || !read_net(a, h, 3, n, params)) return nullptr;
  const long h0 = n.widths[0];
  const float* x = at(a, h, 1, double(n.B) * h0);
  const float* y = at(a, h, 2, double(n.B) * h0);
  float* out = at(a, h, 7, static_cast<double>(n.B) * n.K * n.widths.back());
  if (!a.ok) return nullptr;
  pair_mlp_forward(n, x, y, out);
  return nullptr;
}

// pairMlpGrad(heap, a, c, B, K, widths, params, dy, da, dc, grads): grads the offsets of dW1, db1, ..., dWL, dbL.
napi_value PairMlpBackward(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  PairMlp n;
  std::vector<long> params, grads;
  if (!read_args(env, info, a, 11) || !heap_of(a, 0, h) || !read_net(a, h, 3, n, params)) return nullptr;
  const long h0 = n.widths[0], L = static_cast<long>(n.widths.size()) - 1;
  const float* x = at(a, h, 1, double(n.B) * h0);
  const float* y = at(a, h, 2, double(n.B) * h0);
  const float* dy = at(a, h, 7, static_cast<double>(n.B) * n.K * n.widths.back());
  float* da = at(a, h, 8, double(n.B) * h0);
  float* dc = at(a, h, 9, double(n.B) * h0);
  if (!a.ok || !int32s(a, 10, grads)) return nullptr;
  if (static_cast<long>(grads.size()) != 2 * L) {
    fail(env, "pairMlpGrad: needs a weight and a bias gradient offset per layer");
    return nullptr;
  }
  std::vector<float*> dw, db;
  for (long l = 1; l <= L; ++l) {
    const double counts[2] = {double(n.widths[l - 1]) * n.widths[l], double(n.widths[l])};
    for (int e = 0; e < 2; ++e) {
      float* g = span(a, h, grads[2 * l - 2 + e], counts[e], "pairMlpGrad: a gradient");
      if (!a.ok) return nullptr;
      (e == 0 ? dw : db).push_back(g);
    }
  }
  pair_mlp_backward(n, x, y, dy, da, dc, dw, db);
  return nullptr;
}
