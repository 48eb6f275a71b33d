// Element-wise kernels over contiguous float32 data, split across the thread pool for large tensors.
#pragma once

enum BinaryOp { kAdd = 0, kMul = 1 };

// out[i] = a[i] op b[i % period]   (period == n: same shape; period < n: b broadcast along leading axes)
void binary(int op, const float* a, const float* b, long n, long period, float* out);
// out[i] = max(x[i], 0), NaN kept
void relu(const float* x, long n, float* out);
// out[i] = 1 if x[i] > 0, NaN if x[i] is NaN, else alpha
void step(const float* x, long n, float alpha, float* out);
