// Bias add and activation applied in place to a row-major [rows, cols] result.
#pragma once

// Activation codes shared with src/backend/native.ts.
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kLeakyRelu = 4, kSigmoid = 5 };

void bias_activation(float* out, long rows, long cols, const float* bias, int activation, float alpha);
