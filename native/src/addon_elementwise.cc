// N-API entry points of the reductions and element-wise kernels (see elementwise.h, reduce.h).
#include "elementwise.h"
#include "napi_args.h"
#include "reduce.h"

using namespace napi_args;

// sum(heap, x, outer, inner, leading, out, scale): scale * sum over the leading (outer) or trailing (inner) axes
napi_value Sum(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 7) || !heap_of(a, 0, h)) return nullptr;
  const long outer = integer(a, 2, "sum: outer", 0), inner = integer(a, 3, "sum: inner", 0);
  const bool leading = number(a, 4) != 0;
  const double scale = number(a, 6);
  const float* x = at(a, h, 1, double(outer) * inner);
  float* out = at(a, h, 5, leading ? inner : outer);
  if (!a.ok) return nullptr;
  if (leading) sum_leading(x, outer, inner, scale, out);
  else sum_trailing(x, outer, inner, scale, out);
  return nullptr;
}

// binary(heap, op, a, b, n, period, out, reversed)
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 8) || !heap_of(a, 0, h)) return nullptr;
  const int op = static_cast<int>(integer(a, 1, "binary: op", kAdd, kDiv));
  const long n = integer(a, 4, "binary: n", 0), period = integer(a, 5, "binary: period", 1);
  const bool reversed = number(a, 7) != 0;
  if (!a.ok) return nullptr;
  if (period <= 0 || n % period != 0) {
    fail(env, "binary: the broadcast period must divide the size");
    return nullptr;
  }
  const float* x = at(a, h, 2, n);
  const float* y = at(a, h, 3, period);
  float* out = at(a, h, 6, n);
  if (!a.ok) return nullptr;
  binary(op, x, y, n, period, reversed, out);
  return nullptr;
}

// unary(heap, op, x, n, alpha, out): op 0 = relu, 1 = step, 2 = softplus
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 6) || !heap_of(a, 0, h)) return nullptr;
  const int op = static_cast<int>(integer(a, 1, "unary: op", 0, 2));
  const long n = integer(a, 3, "unary: n", 0);
  const double alpha = number(a, 4);
  const float* x = at(a, h, 2, n);
  float* out = at(a, h, 5, n);
  if (!a.ok) return nullptr;
  if (op == 0) relu(x, n, out);
  else if (op == 1) step(x, n, static_cast<float>(alpha), out);
  else softplus(x, n, out);
  return nullptr;
}

// batchNorm(heap, x, n, channels, mean, variance, offset, scale, eps, out); offset / scale may be -1 (absent)
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 10) || !heap_of(a, 0, h)) return nullptr;
  const long n = integer(a, 2, "batchNorm: n", 0), channels = integer(a, 3, "batchNorm: channels", 1);
  const double eps = number(a, 8);
  if (!a.ok) return nullptr;
  if (channels <= 0 || n % channels != 0) {
    fail(env, "batchNorm: channels must divide the size");
    return nullptr;
  }
  const float* x = at(a, h, 1, n);
  const float* mean = at(a, h, 4, channels);
  const float* variance = at(a, h, 5, channels);
  const float* offset = at(a, h, 6, channels, true);
  const float* scale = at(a, h, 7, channels, true);
  float* out = at(a, h, 9, n);
  if (!a.ok) return nullptr;
  batch_norm(x, n, channels, mean, variance, offset, scale, static_cast<float>(eps), out);
  return nullptr;
}

// tile(heap, x, shape, reps, out) for 4-byte elements
napi_value Tile(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  std::vector<long> shape, reps;
  if (!read_args(env, info, a, 5) || !heap_of(a, 0, h) || !int32s(a, 2, shape) || !int32s(a, 3, reps)) return nullptr;
  if (shape.empty() || shape.size() != reps.size() || shape.size() > 32) {
    fail(env, "tile: shape and reps must have the same length, 1 to 32");
    return nullptr;
  }
  double inSize = 1, outSize = 1;
  for (size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] < 1 || reps[k] < 1) {
      fail(env, "tile: every dimension of shape and reps must be at least 1");
      return nullptr;
    }
    inSize *= shape[k], outSize *= double(shape[k]) * reps[k];
  }
  if (outSize > kMaxCount) {
    fail(env, "tile: the output is too large");
    return nullptr;
  }
  const float* x = at(a, h, 1, inSize);
  float* out = at(a, h, 4, outSize);
  if (!a.ok) return nullptr;
  tile4(reinterpret_cast<const uint32_t*>(x), shape.data(), reps.data(), static_cast<int>(shape.size()),
        reinterpret_cast<uint32_t*>(out));
  return nullptr;
}

// batchNormGrad(heap, x, dy, n, channels, mean, variance, scale, eps, dx, sums: Float64Array(2 * channels))
napi_value BatchNormGrad(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 11) || !heap_of(a, 0, h)) return nullptr;
  const long n = integer(a, 3, "batchNormGrad: n", 0), channels = integer(a, 4, "batchNormGrad: channels", 1);
  const double eps = number(a, 8);
  if (!a.ok) return nullptr;
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (channels <= 0 || n % channels != 0 ||
      napi_get_typedarray_info(env, a.argv[10], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || length != static_cast<size_t>(2 * channels)) {
    fail(env, "batchNormGrad: channels must divide the size and sums must be a Float64Array of 2 * channels");
    return nullptr;
  }
  const float* x = at(a, h, 1, n);
  const float* dy = at(a, h, 2, n);
  const float* mean = at(a, h, 5, channels);
  const float* variance = at(a, h, 6, channels);
  const float* scale = at(a, h, 7, channels, true);
  float* dx = at(a, h, 9, n);
  if (!a.ok) return nullptr;
  batch_norm_grad(x, dy, n, channels, mean, variance, scale, static_cast<float>(eps), dx, static_cast<double*>(data));
  return nullptr;
}

// adam(heap, p, g, m, v, accBeta1, accBeta2, n, p2, m2, v2, β₁, β₂, ε, lr): one Adam step of n parameters into fresh
// outputs; c = 1 − βᵗ from the float32 running powers, every constant rounded to float32 as tfjs' scalars are.
napi_value Adam(napi_env env, napi_callback_info info) {
  Args a;
  Heap h;
  if (!read_args(env, info, a, 15) || !heap_of(a, 0, h)) return nullptr;
  const long n = integer(a, 7, "adam: n", 0);
  const double beta1 = number(a, 11), beta2 = number(a, 12), eps = number(a, 13), lr = number(a, 14);
  const float* in[6];
  for (int i = 0; i < 6; ++i) in[i] = at(a, h, 1 + i, i < 4 ? n : 1);
  float* out[3];
  for (int i = 0; i < 3; ++i) out[i] = at(a, h, 8 + i, n);
  if (!a.ok) return nullptr;
  const float k[8] = {static_cast<float>(beta1), static_cast<float>(1 - beta1), static_cast<float>(beta2),
                      static_cast<float>(1 - beta2), 1.0f - *in[4], 1.0f - *in[5], static_cast<float>(eps),
                      static_cast<float>(-lr)};
  adam(in[0], in[1], in[2], in[3], n, k, out[0], out[1], out[2]);
  return nullptr;
}
