// Element-wise kernels over contiguous float32 data, split across the thread pool for large tensors.
#pragma once

#include <cstdint>

enum BinaryOp { kAdd = 0, kMul = 1, kSub = 2, kDiv = 3 };

// out[i] = a[i] op b[i % period], or b[i % period] op a[i] when reversed
// (period == n: same shape; period < n: b broadcast along leading axes)
void binary(int op, const float* a, const float* b, long n, long period, bool reversed, float* out);
// out[i] = max(x[i], 0), NaN kept
void relu(const float* x, long n, float* out);
// out[i] = 1 if x[i] > 0, NaN if x[i] is NaN, else alpha
void step(const float* x, long n, float alpha, float* out);
// out[i] = log(1 + exp(x[i])), with tfjs-core's thresholds (exp(x) below log ε + 2, x above −(log ε + 2))
void softplus(const float* x, long n, float* out);
// out[i] = (x[i] - mean[c]) * scale[c] / sqrt(variance[c] + eps) + offset[c], c = i mod channels; the four
// per-channel arrays have `channels` entries (offset / scale may be null: 0 / 1).
void batch_norm(const float* x, long n, long channels, const float* mean, const float* variance, const float* offset,
                const float* scale, float eps, float* out);
// Tiles a rank-`rank` tensor of 4-byte elements: out has shape in_shape[k] * reps[k].
void tile4(const uint32_t* x, const long* in_shape, const long* reps, int rank, uint32_t* out);
// Gradient of batch_norm for x, with mean and variance treated as inputs (as tfjs-core's gradient does):
// dx = dy * scale[c] / sqrt(variance[c] + eps); sums[c] = sum dy, sums[channels + c] = sum dy * (x - mean[c]).
void batch_norm_grad(const float* x, const float* dy, long n, long channels, const float* mean, const float* variance,
                     const float* scale, float eps, float* dx, double* sums);
// One Adam update (Kingma & Ba 2015) exactly as tfjs-core's AdamOptimizer computes it, op by op in float32, so the
// result is bit-identical: m' = m·β₁ + g·(1−β₁), v' = v·β₂ + (g·g)·(1−β₂), p' = ((m'/c₁) / (√(v'/c₂) + ε))·(−lr) + p.
// k = {β₁, 1−β₁, β₂, 1−β₂, c₁ = 1−β₁ᵗ, c₂ = 1−β₂ᵗ, ε, −lr}, each rounded to float32 as tfjs' scalars are.
void adam(const float* p, const float* g, const float* m, const float* v, long n, const float* k, float* p2, float* m2,
          float* v2);
