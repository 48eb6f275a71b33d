// 2-D max pooling (NHWC) and its gradient.
#pragma once

struct PoolParams {
  long batch, inH, inW, channels, outH, outW, fH, fW, strideH, strideW, padTop, padLeft;
};

void max_pool(const PoolParams& p, const float* x, float* out);
// dx = gradient of max_pool w.r.t. x: each dy goes to the first maximum of its window (as tfjs-core's cpu kernel).
void max_pool_grad(const PoolParams& p, const float* x, const float* dy, float* dx);
