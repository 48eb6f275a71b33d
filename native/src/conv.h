// 2-D convolution (NHWC input, HWIO filter) and its two gradients, lowered to SGEMM over im2col row chunks.
#pragma once

struct ConvParams {
  long batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW, padTop, padLeft;
};

// out[N,OH,OW,OC] = conv(x, w)
void conv2d_forward(const ConvParams& p, const float* x, const float* w, float* out);
// dx[N,H,W,IC] = gradient of conv(x, w) w.r.t. x, given dy[N,OH,OW,OC]
void conv2d_backprop_input(const ConvParams& p, const float* dy, const float* w, float* dx);
// dw[FH,FW,IC,OC] = gradient of conv(x, w) w.r.t. w, given dy[N,OH,OW,OC]
void conv2d_backprop_filter(const ConvParams& p, const float* x, const float* dy, float* dw);
