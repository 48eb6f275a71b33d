// Argument helpers shared by the N-API entry points: every tensor is a byte offset into the wasm heap ArrayBuffer.
#pragma once

#include <node_api.h>

#include <cstdint>
#include <string>
#include <vector>

namespace napi_args {

struct Heap {
  uint8_t* base = nullptr;
  size_t length = 0;
};

struct Args {
  napi_env env;
  napi_value argv[16];
  size_t argc = 16;
  bool ok = true;
};

inline void fail(napi_env env, const std::string& message) { napi_throw_error(env, "INFOBJ_NATIVE", message.c_str()); }

inline bool read_args(napi_env env, napi_callback_info info, Args& a, size_t expected) {
  a.env = env;
  napi_get_cb_info(env, info, &a.argc, a.argv, nullptr, nullptr);
  if (a.argc < expected) {
    fail(env, "expected " + std::to_string(expected) + " arguments, got " + std::to_string(a.argc));
    return false;
  }
  return true;
}

inline double number(Args& a, size_t i) {
  double v = 0;
  if (napi_get_value_double(a.env, a.argv[i], &v) != napi_ok) {
    if (a.ok) fail(a.env, "argument " + std::to_string(i) + " must be a number");
    a.ok = false;
  }
  return v;
}

inline bool heap_of(Args& a, size_t i, Heap& h) {
  void* data = nullptr;
  bool is_ab = false;
  napi_is_arraybuffer(a.env, a.argv[i], &is_ab);
  if (!is_ab || napi_get_arraybuffer_info(a.env, a.argv[i], &data, &h.length) != napi_ok) {
    fail(a.env, "argument " + std::to_string(i) + " must be the wasm heap ArrayBuffer");
    return false;
  }
  h.base = static_cast<uint8_t*>(data);
  return true;
}

// A float pointer into the heap for `count` floats at byte offset argv[i]; a negative offset means "none".
inline float* at(Args& a, const Heap& h, size_t i, double count, bool optional = false) {
  const double off = number(a, i);
  if (!a.ok) return nullptr;
  if (optional && off < 0) return nullptr;
  if (off < 0 || static_cast<uint64_t>(off) % 4 != 0 || off + count * 4 > static_cast<double>(h.length)) {
    fail(a.env, "tensor at argument " + std::to_string(i) + " lies outside the wasm heap");
    a.ok = false;
    return nullptr;
  }
  return reinterpret_cast<float*>(h.base + static_cast<uint64_t>(off));
}

inline bool int32s(Args& a, size_t i, std::vector<long>& values) {
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(a.env, a.argv[i], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array) {
    fail(a.env, "argument " + std::to_string(i) + " must be an Int32Array");
    return false;
  }
  const int32_t* d = static_cast<const int32_t*>(data);
  values.assign(d, d + length);
  return true;
}

}  // namespace napi_args

// Entry points of addon_elementwise.cc, registered by addon.cc.
napi_value Sum(napi_env env, napi_callback_info info);
napi_value Binary(napi_env env, napi_callback_info info);
napi_value Adam(napi_env env, napi_callback_info info);
napi_value Unary(napi_env env, napi_callback_info info);
napi_value BatchNorm(napi_env env, napi_callback_info info);
napi_value Tile(napi_env env, napi_callback_info info);
napi_value BatchNormGrad(napi_env env, napi_callback_info info);

// Entry points of addon_pair_mlp.cc, registered by addon.cc.
napi_value PairMlpForward(napi_env env, napi_callback_info info);
napi_value PairMlpBackward(napi_env env, napi_callback_info info);
