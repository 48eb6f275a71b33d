// Argument helpers shared by the N-API entry points: every tensor is a byte offset into the wasm heap ArrayBuffer.
#pragma once

#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <new>
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

// The largest dimension or element count an entry accepts: far above any heap (4 GB of floats is 2^30), low enough
// that products of two of them stay exact in a double and in a long.
constexpr double kMaxCount = 1L << 40;

// An integer argument in [lo, hi]: finite and whole, else a JS error naming it (sizes, counts, opcodes).
inline long integer(Args& a, size_t i, const char* what, double lo, double hi = kMaxCount) {
  const double v = number(a, i);
  if (!a.ok) return 0;
  if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi) {
    fail(a.env, std::string(what) + " (argument " + std::to_string(i) + ") must be a whole number in [" +
                    std::to_string(static_cast<long>(lo)) + ", " + std::to_string(static_cast<long>(hi)) + "], got " +
                    std::to_string(v));
    a.ok = false;
    return 0;
  }
  return static_cast<long>(v);
}

// `count` floats at byte offset `off` of the heap, or null after a JS error: the offset whole, 4-aligned and
// non-negative, the count finite and non-negative, and the whole range inside the heap.
inline float* span(Args& a, const Heap& h, double off, double count, const std::string& what) {
  if (!a.ok) return nullptr;
  if (!std::isfinite(off) || off != std::floor(off) || off < 0 || static_cast<uint64_t>(off) % 4 != 0 ||
      !std::isfinite(count) || count < 0 || count > kMaxCount || off + count * 4 > static_cast<double>(h.length)) {
    fail(a.env, what + " lies outside the wasm heap (or its offset is not a 4-aligned byte offset)");
    a.ok = false;
    return nullptr;
  }
  return reinterpret_cast<float*>(h.base + static_cast<uint64_t>(off));
}

// A float pointer into the heap for `count` floats at byte offset argv[i]; a negative offset means "none".
inline float* at(Args& a, const Heap& h, size_t i, double count, bool optional = false) {
  const double off = number(a, i);
  if (!a.ok) return nullptr;
  if (optional && off < 0) return nullptr;
  return span(a, h, off, count, "tensor at argument " + std::to_string(i));
}

// A typed array argument of the given type and at least `need` elements (need < 0: any length), or null after a JS
// error.
template <typename T>
T* typed(Args& a, size_t i, napi_typedarray_type want, double need, const char* what, size_t* length = nullptr) {
  if (!a.ok) return nullptr;
  napi_typedarray_type type;
  size_t n = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(a.env, a.argv[i], &type, &n, &data, nullptr, nullptr) != napi_ok || type != want) {
    fail(a.env, std::string(what) + " (argument " + std::to_string(i) + ") has the wrong type");
    a.ok = false;
    return nullptr;
  }
  if (need >= 0 && static_cast<double>(n) < need) {
    fail(a.env, std::string(what) + " (argument " + std::to_string(i) + ") has " + std::to_string(n) +
                    " elements, needs " + std::to_string(static_cast<long>(need)));
    a.ok = false;
    return nullptr;
  }
  if (length) *length = n;
  return static_cast<T*>(data);
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

// An entry point that turns every C++ exception (bad_alloc from a buffer, one rethrown from a pool worker) into a
// JS error instead of letting it end the process.
template <napi_callback F>
napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const std::bad_alloc&) {
    fail(env, "native kernel: out of memory");
  } catch (const std::exception& e) {
    fail(env, std::string("native kernel: ") + e.what());
  } catch (...) {
    fail(env, "native kernel: unknown C++ exception");
  }
  return nullptr;
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
