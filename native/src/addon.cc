// N-API entry points. Every tensor argument is a byte offset into one ArrayBuffer (the wasm backend's heap),
// read and written in place: nothing is copied between JavaScript and C++.
#include <node_api.h>

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

// matmul(heap, a, b, out, batchA, batchB, M, N, K, transposeA, transposeB, epilogue[bias, activation, alpha])
napi_value MatMul(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 12) || !heap_of(a, 0, h)) return nullptr;
  const long batchA = number(a, 4), batchB = number(a, 5), M = number(a, 6), N = number(a, 7), K = number(a, 8);
  const bool tA = number(a, 9) != 0, tB = number(a, 10) != 0;
  if (!a.ok) return nullptr;
  const long batch = batchA > batchB ? batchA : batchB;
  const float* A = at(a, h, 1, double(batchA) * M * K);
  const float* B = at(a, h, 2, double(batchB) * K * N);
  float* C = at(a, h, 3, double(batch) * M * N);
  if (!a.ok) return nullptr;
  napi_value ep = a.argv[11];
  napi_value v;
  double biasOff = -1, act = 0, alpha = 0;
  napi_get_element(env, ep, 0, &v);
  napi_get_value_double(env, v, &biasOff);
  napi_get_element(env, ep, 1, &v);
  napi_get_value_double(env, v, &act);
  napi_get_element(env, ep, 2, &v);
  napi_get_value_double(env, v, &alpha);
  const float* bias = nullptr;
  if (biasOff >= 0) {
    if (static_cast<uint64_t>(biasOff) % 4 != 0 || biasOff + N * 4.0 > static_cast<double>(h.length)) {
      fail(env, "bias lies outside the wasm heap");
      return nullptr;
    }
    bias = reinterpret_cast<const float*>(h.base + static_cast<uint64_t>(biasOff));
  }
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

bool conv_params(Args& a, size_t i, ConvParams& p) {
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(a.env, a.argv[i], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array || length != 15) {
    fail(a.env, "conv dims must be an Int32Array of 15 values");
    return false;
  }
  const int32_t* d = static_cast<const int32_t*>(data);
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
      const double act = number(a, 6), alpha = number(a, 7);
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
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(a.env, a.argv[i], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array || length != 12) {
    fail(a.env, "pool dims must be an Int32Array of 12 values");
    return false;
  }
  const int32_t* d = static_cast<const int32_t*>(data);
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
  const double threads = number(a, 0), seconds = number(a, 1);
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_double(env, fma_peak(static_cast<int>(threads), seconds), &out);
  return out;
}

// gemmRate(M, N, K, transposeA, transposeB, serial, seconds) → GFLOP/s (median of 5 rounds).
napi_value GemmRate(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 7)) return nullptr;
  const long M = number(a, 0), N = number(a, 1), K = number(a, 2);
  const bool tA = number(a, 3) != 0, tB = number(a, 4) != 0, serial = number(a, 5) != 0;
  const double seconds = number(a, 6);
  if (!a.ok) return nullptr;
  if (M <= 0 || N <= 0 || K <= 0 || double(M) * N + double(M) * K + double(K) * N > 1e9) {
    fail(env, "gemmRate: sizes must be positive and the operands under 4 GB");
    return nullptr;
  }
  napi_value out;
  napi_create_double(env, gemm_rate(M, N, K, tA, tB, serial, seconds), &out);
  return out;
}

// eigSym(a: Float64Array n×n, n, values: Float64Array n, vectors: Float64Array n×n) → LAPACK info (−1000: no LAPACK).
napi_value EigSym(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 4)) return nullptr;
  double* ptr[3] = {nullptr, nullptr, nullptr};
  const size_t at[3] = {0, 2, 3};
  for (int i = 0; i < 3; i++) {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, a.argv[at[i]], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array) {
      fail(env, "eigSym: arguments 0, 2 and 3 must be Float64Arrays");
      return nullptr;
    }
    ptr[i] = static_cast<double*>(data);
  }
  const int n = static_cast<int>(number(a, 1));
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_int32(env, eig_sym(ptr[0], n, ptr[1], ptr[2]), &out);
  return out;
}

// eigSymTop(a: Float64Array n×n, n, ratio, count, values: Float64Array n, vectors: Float64Array ≥ n×J) → J.
napi_value EigSymTop(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 6)) return nullptr;
  const double n = number(a, 1), ratio = number(a, 2), count = number(a, 3);
  if (!a.ok) return nullptr;
  double* ptr[3] = {nullptr, nullptr, nullptr};
  size_t len[3] = {0, 0, 0};
  const size_t at[3] = {0, 4, 5};
  for (int i = 0; i < 3; i++) {
    napi_typedarray_type type;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, a.argv[at[i]], &type, &len[i], &data, nullptr, nullptr) != napi_ok ||
        type != napi_float64_array) {
      fail(env, "eigSymTop: arguments 0, 4 and 5 must be Float64Arrays");
      return nullptr;
    }
    ptr[i] = static_cast<double*>(data);
  }
  if (n < 1 || len[0] < n * n || len[1] < n || len[2] < n * n) {
    fail(env, "eigSymTop: a and vectors need n×n elements, values n");
    return nullptr;
  }
  napi_value out;
  const int J = eig_sym_top(ptr[0], static_cast<int>(n), ratio, static_cast<int>(count), ptr[1], ptr[2]);
  napi_create_int32(env, J, &out);
  return out;
}

// rbfGram(x: Float32Array M×d, M, d, bandwidth (≤ 0: median), jitter, K: Float64Array M×M, r: Float64Array M) → σ.
napi_value RbfGram(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, a, 7)) return nullptr;
  const double M = number(a, 1), d = number(a, 2), bandwidth = number(a, 3), jitter = number(a, 4);
  if (!a.ok) return nullptr;
  void* ptr[3] = {nullptr, nullptr, nullptr};
  size_t len[3] = {0, 0, 0};
  const size_t at[3] = {0, 5, 6};
  const napi_typedarray_type want[3] = {napi_float32_array, napi_float64_array, napi_float64_array};
  for (int i = 0; i < 3; i++) {
    napi_typedarray_type type;
    if (napi_get_typedarray_info(env, a.argv[at[i]], &type, &len[i], &ptr[i], nullptr, nullptr) != napi_ok ||
        type != want[i]) {
      fail(env, "rbfGram: argument 0 must be a Float32Array, 5 and 6 Float64Arrays");
      return nullptr;
    }
  }
  if (M < 1 || d < 1 || len[0] < M * d || len[1] < M * M || len[2] < M) {
    fail(env, "rbfGram: x needs M×d elements, K M×M, r M");
    return nullptr;
  }
  napi_value out;
  napi_create_double(env,
                     rbf_gram(static_cast<float*>(ptr[0]), static_cast<long>(M), static_cast<long>(d), bandwidth,
                              jitter, static_cast<double*>(ptr[1]), static_cast<double*>(ptr[2])),
                     &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"matmul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv2D, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2DBackpropInput, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2DBackpropFilter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool", nullptr, MaxPool, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sum", nullptr, Sum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNorm", nullptr, BatchNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"tile", nullptr, Tile, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNormGrad", nullptr, BatchNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fmaPeak", nullptr, FmaPeak, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemmRate", nullptr, GemmRate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"eigSymTop", nullptr, EigSymTop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"eigSym", nullptr, EigSym, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rbfGram", nullptr, RbfGram, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"pairMlp", nullptr, PairMlpForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"pairMlpGrad", nullptr, PairMlpBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
