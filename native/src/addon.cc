// N-API entry points. Every tensor argument is a byte offset into one ArrayBuffer (the wasm backend's heap),
// read and written in place: nothing is copied between JavaScript and C++.
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "bench.h"
#include "conv.h"
#include "eig.h"
#include "epilogue.h"
#include "gemm.h"
#include "isa.h"
#include "napi_args.h"
#include "pool.h"
#include "pool2d.h"
#include "rbf.h"

using namespace napi_args;

namespace {

// matmul(heap, a, b, out, batchA, batchB, M, N, K, transposeA, transposeB, epilogue[bias, activation, alpha]):
// batchA and batchB equal, or one of them 1 (broadcast); M, N, K ≥ 1.
napi_value MatMul(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 12) || !heap_of(a, 0, h)) return nullptr;
  const long batchA = integer(a, 4, "batchA", 1), batchB = integer(a, 5, "batchB", 1);
  const long M = integer(a, 6, "M", 1), N = integer(a, 7, "N", 1), K = integer(a, 8, "K", 1);
  const bool tA = number(a, 9) != 0, tB = number(a, 10) != 0;
  if (!a.ok) return nullptr;
  if (batchA != batchB && batchA != 1 && batchB != 1) {
    fail(env, "matmul: batchA " + std::to_string(batchA) + " and batchB " + std::to_string(batchB) +
                  " do not broadcast (equal, or one of them 1)");
    return nullptr;
  }
  const long batch = batchA > batchB ? batchA : batchB;
  const float* A = at(a, h, 1, double(batchA) * M * K);
  const float* B = at(a, h, 2, double(batchB) * K * N);
  float* C = at(a, h, 3, double(batch) * M * N);
  if (!a.ok) return nullptr;
  bool isArray = false;
  uint32_t epLength = 0;
  napi_value ep = a.argv[11];
  if (napi_is_array(env, ep, &isArray) != napi_ok || !isArray || napi_get_array_length(env, ep, &epLength) != napi_ok ||
      epLength < 3) {
    fail(env, "matmul: the epilogue must be an array [bias offset, activation, alpha]");
    return nullptr;
  }
  double epv[3] = {0, 0, 0};
  for (uint32_t i = 0; i < 3; ++i) {
    napi_value v;
    if (napi_get_element(env, ep, i, &v) != napi_ok || napi_get_value_double(env, v, &epv[i]) != napi_ok) {
      fail(env, "matmul: the epilogue must hold three numbers");
      return nullptr;
    }
  }
  const double biasOff = epv[0], act = epv[1], alpha = epv[2];
  if (!(act >= kLinear && act <= kSigmoid && act == std::floor(act))) {
    fail(env, "matmul: unknown activation code " + std::to_string(act));
    return nullptr;
  }
  const float* bias = biasOff >= 0 ? span(a, h, biasOff, N, "bias") : nullptr;
  if (!a.ok) return nullptr;
  const MatView viewA0 = tA ? MatView{A, 1, M} : MatView{A, K, 1};
  const MatView viewB0 = tB ? MatView{B, 1, K} : MatView{B, N, 1};
  auto one = [&](long i, bool serial) {
    MatView va = viewA0, vb = viewB0;
    if (batchA > 1) va.p += i * M * K;
    if (batchB > 1) vb.p += i * K * N;
    if (serial) sgemm_serial(M, N, K, va, vb, C + i * M * N, N, false);
    else sgemm(M, N, K, va, vb, C + i * M * N, N, false);
  };
  ThreadPool& threads = pool();
  if (batch >= threads.size() && 2.0 * M * N * K < 4e6) {
    const int parts = threads.size();
    threads.run(parts, [&](int part) {
      for (long i = batch * part / parts; i < batch * (part + 1) / parts; ++i) one(i, true);
    });
  } else {
    for (long i = 0; i < batch; ++i) one(i, false);
  }
  if (bias || act != kLinear) bias_activation(C, batch * M, N, bias, static_cast<int>(act), static_cast<float>(alpha));
  return nullptr;
}

// Every dimension in [lo, 2^24] (pads may be 0, the rest at least 1), so the kernels' index products stay exact.
bool dims_in_range(Args& a, const int32_t* d, const long* lo, size_t count, const char* what) {
  for (size_t k = 0; k < count; ++k)
    if (d[k] < lo[k] || d[k] > (1 << 24)) {
      fail(a.env, std::string(what) + " dim " + std::to_string(k) + " is " + std::to_string(d[k]) + ", must be in [" +
                      std::to_string(lo[k]) + ", 2^24]");
      a.ok = false;
      return false;
    }
  return true;
}

bool conv_params(Args& a, size_t i, ConvParams& p) {
  size_t length = 0;
  const int32_t* d = typed<int32_t>(a, i, napi_int32_array, -1, "conv dims", &length);
  if (!d || length != 15) {
    if (d) fail(a.env, "conv dims must be an Int32Array of 15 values");
    return false;
  }
  // batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW ≥ 1; padTop, padLeft ≥ 0
  static const long lo[15] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
  if (!dims_in_range(a, d, lo, 15, "conv")) return false;
  p = ConvParams{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14]};
  return true;
}

enum ConvKind { kForward, kBackpropInput, kBackpropFilter };

// conv(heap, dims, in0, in1, out[, bias, activation, alpha])
napi_value Conv(napi_env env, napi_callback_info info, ConvKind kind) {
  Args a;
  Heap h;
  ConvParams p;
  if (!read_args(env, info, a, 5) || !heap_of(a, 0, h) || !conv_params(a, 1, p)) return nullptr;
  const double xSize = double(p.batch) * p.inH * p.inW * p.inC, ySize = double(p.batch) * p.outH * p.outW * p.outC;
  const double wSize = double(p.fH) * p.fW * p.inC * p.outC;
  if (kind == kForward) {
    const float* x = at(a, h, 2, xSize);
    const float* w = at(a, h, 3, wSize);
    float* y = at(a, h, 4, ySize);
    if (!a.ok) return nullptr;
    conv2d_forward(p, x, w, y);
    if (a.argc >= 8) {
      const float* bias = at(a, h, 5, p.outC, true);
      const double act = integer(a, 6, "activation", kLinear, kSigmoid), alpha = number(a, 7);
      if (!a.ok) return nullptr;
      if (bias || act != kLinear)
        bias_activation(y, p.batch * p.outH * p.outW, p.outC, bias, static_cast<int>(act), static_cast<float>(alpha));
    }
  } else if (kind == kBackpropInput) {
    const float* dy = at(a, h, 2, ySize);
    const float* w = at(a, h, 3, wSize);
    float* dx = at(a, h, 4, xSize);
    if (!a.ok) return nullptr;
    conv2d_backprop_input(p, dy, w, dx);
  } else {
    const float* x = at(a, h, 2, xSize);
    const float* dy = at(a, h, 3, ySize);
    float* dw = at(a, h, 4, wSize);
    if (!a.ok) return nullptr;
    conv2d_backprop_filter(p, x, dy, dw);
  }
  return nullptr;
}

napi_value Conv2D(napi_env env, napi_callback_info info) { return Conv(env, info, kForward); }
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info) { return Conv(env, info, kBackpropInput); }
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info) { return Conv(env, info, kBackpropFilter); }

bool pool_params(Args& a, size_t i, PoolParams& p) {
  size_t length = 0;
  const int32_t* d = typed<int32_t>(a, i, napi_int32_array, -1, "pool dims", &length);
  if (!d || length != 12) {
    if (d) fail(a.env, "pool dims must be an Int32Array of 12 values");
    return false;
  }
  // batch, inH, inW, channels, outH, outW, fH, fW, strideH, strideW ≥ 1; padTop, padLeft ≥ 0
  static const long lo[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
  if (!dims_in_range(a, d, lo, 12, "pool")) return false;
  p = PoolParams{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
  return true;
}

// maxPool(heap, dims, x, out)
napi_value MaxPool(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  PoolParams p;
  if (!read_args(env, info, a, 4) || !heap_of(a, 0, h) || !pool_params(a, 1, p)) return nullptr;
  const float* x = at(a, h, 2, double(p.batch) * p.inH * p.inW * p.channels);
  float* y = at(a, h, 3, double(p.batch) * p.outH * p.outW * p.channels);
  if (!a.ok) return nullptr;
  max_pool(p, x, y);
  return nullptr;
}

// maxPoolGrad(heap, dims, x, dy, dx)
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  PoolParams p;
  if (!read_args(env, info, a, 5) || !heap_of(a, 0, h) || !pool_params(a, 1, p)) return nullptr;
  const double xSize = double(p.batch) * p.inH * p.inW * p.channels;
  const float* x = at(a, h, 2, xSize);
  const float* dy = at(a, h, 3, double(p.batch) * p.outH * p.outW * p.channels);
  float* dx = at(a, h, 4, xSize);
  if (!a.ok) return nullptr;
  max_pool_grad(p, x, dy, dx);
  return nullptr;
}

// info() → { isa, threads, vectorFloats, gemmTile }: what the addon was compiled for (isa.h).
napi_value Info(napi_env env, napi_callback_info) {
  napi_value out, isa, threads, width, tile;
  napi_create_object(env, &out);
  napi_create_string_utf8(env, kIsaName, NAPI_AUTO_LENGTH, &isa);
  napi_create_int32(env, pool().size(), &threads);
  napi_create_int32(env, kVecFloats, &width);
  napi_create_string_utf8(env, gemm_tile(), NAPI_AUTO_LENGTH, &tile);
  napi_set_named_property(env, out, "isa", isa);
  napi_set_named_property(env, out, "threads", threads);
  napi_set_named_property(env, out, "vectorFloats", width);
  napi_set_named_property(env, out, "gemmTile", tile);
  return out;
}

// fmaPeak(threads, seconds) → GFLOP/s of independent FMA chains at the built vector width, all threads together.
napi_value FmaPeak(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 2)) return nullptr;
  const long threads = integer(a, 0, "threads", 1, 64);
  const double seconds = number(a, 1);
  if (!a.ok) return nullptr;
  if (!(seconds > 0 && seconds <= 60)) {
    fail(env, "fmaPeak: seconds must be in (0, 60]");
    return nullptr;
  }
  napi_value out;
  napi_create_double(env, fma_peak(static_cast<int>(threads), seconds), &out);
  return out;
}

// gemmRate(M, N, K, transposeA, transposeB, serial, seconds) → GFLOP/s (median of 5 rounds).
napi_value GemmRate(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 7)) return nullptr;
  const long M = integer(a, 0, "M", 1), N = integer(a, 1, "N", 1), K = integer(a, 2, "K", 1);
  const bool tA = number(a, 3) != 0, tB = number(a, 4) != 0, serial = number(a, 5) != 0;
  const double seconds = number(a, 6);
  if (!a.ok) return nullptr;
  if (double(M) * N + double(M) * K + double(K) * N > 1e9 || !(seconds > 0 && seconds <= 60)) {
    fail(env, "gemmRate: the operands must be under 4 GB and seconds in (0, 60]");
    return nullptr;
  }
  napi_value out;
  napi_create_double(env, gemm_rate(M, N, K, tA, tB, serial, seconds), &out);
  return out;
}

// The largest n of the eigensolvers: n×n stays an int for LAPACK.
constexpr double kMaxEigN = 46340;

// eigSym(a: Float64Array n×n, n, values: Float64Array n, vectors: Float64Array n×n) → LAPACK info (−1000: no LAPACK).
napi_value EigSym(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 4)) return nullptr;
  const long n = integer(a, 1, "eigSym: n", 1, kMaxEigN);
  double* m = typed<double>(a, 0, napi_float64_array, double(n) * n, "eigSym: a (n×n)");
  double* values = typed<double>(a, 2, napi_float64_array, n, "eigSym: values (n)");
  double* vectors = typed<double>(a, 3, napi_float64_array, double(n) * n, "eigSym: vectors (n×n)");
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_int32(env, eig_sym(m, static_cast<int>(n), values, vectors), &out);
  return out;
}

// eigSymTop(a: Float64Array n×n, n, ratio, count, values: Float64Array n, vectors: Float64Array ≥ n×J) → J.
// J ≤ n, so vectors needs n×n elements unless count (> 0) caps J below n.
napi_value EigSymTop(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 6)) return nullptr;
  const long n = integer(a, 1, "eigSymTop: n", 1, kMaxEigN);
  const double ratio = number(a, 2);
  const long count = integer(a, 3, "eigSymTop: count", 0, kMaxEigN);
  if (!a.ok) return nullptr;
  const long J = count > 0 && count < n ? count : n;
  const double* m = typed<double>(a, 0, napi_float64_array, double(n) * n, "eigSymTop: a (n×n)");
  double* values = typed<double>(a, 4, napi_float64_array, n, "eigSymTop: values (n)");
  double* vectors = typed<double>(a, 5, napi_float64_array, double(n) * J, "eigSymTop: vectors (n×J)");
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_int32(env, eig_sym_top(m, static_cast<int>(n), ratio, static_cast<int>(count), values, vectors), &out);
  return out;
}

// rbfGram(x: Float32Array M×d, M, d, bandwidth (≤ 0: median), jitter, K: Float64Array M×M, r: Float64Array M) → σ.
napi_value RbfGram(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 7)) return nullptr;
  const long M = integer(a, 1, "rbfGram: M", 1, kMaxEigN), d = integer(a, 2, "rbfGram: d", 1);
  const double bandwidth = number(a, 3), jitter = number(a, 4);
  float* x = typed<float>(a, 0, napi_float32_array, double(M) * d, "rbfGram: x (M×d)");
  double* K = typed<double>(a, 5, napi_float64_array, double(M) * M, "rbfGram: K (M×M)");
  double* r = typed<double>(a, 6, napi_float64_array, M, "rbfGram: r (M)");
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_double(env, rbf_gram(x, M, d, bandwidth, jitter, K, r), &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"matmul", nullptr, guarded<MatMul>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, guarded<Conv2D>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, guarded<Conv2DBackpropInput>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, guarded<Conv2DBackpropFilter>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool", nullptr, guarded<MaxPool>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, guarded<MaxPoolGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sum", nullptr, guarded<Sum>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, guarded<Binary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, guarded<Unary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, guarded<Adam>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNorm", nullptr, guarded<BatchNorm>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"tile", nullptr, guarded<Tile>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNormGrad", nullptr, guarded<BatchNormGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, guarded<Info>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fmaPeak", nullptr, guarded<FmaPeak>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemmRate", nullptr, guarded<GemmRate>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"eigSymTop", nullptr, guarded<EigSymTop>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"eigSym", nullptr, guarded<EigSym>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rbfGram", nullptr, guarded<RbfGram>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"pairMlp", nullptr, guarded<PairMlpForward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"pairMlpGrad", nullptr, guarded<PairMlpBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
