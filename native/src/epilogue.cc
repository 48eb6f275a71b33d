#include "epilogue.h"

#include <cmath>

void bias_activation(float* out, long rows, long cols, const float* bias, int activation, float alpha) {
  for (long i = 0; i < rows; ++i) {
    float* row = out + i * cols;
    if (bias)
      for (long j = 0; j < cols; ++j) row[j] += bias[j];
    switch (activation) {
      case kRelu:
        for (long j = 0; j < cols; ++j) row[j] = row[j] > 0.f ? row[j] : 0.f;
        break;
      case kRelu6:
        for (long j = 0; j < cols; ++j) row[j] = row[j] < 0.f ? 0.f : (row[j] > 6.f ? 6.f : row[j]);
        break;
      case kElu:
        for (long j = 0; j < cols; ++j) row[j] = row[j] >= 0.f ? row[j] : std::expm1(row[j]);
        break;
      case kLeakyRelu:
        for (long j = 0; j < cols; ++j) row[j] = row[j] >= 0.f ? row[j] : alpha * row[j];
        break;
      case kSigmoid:
        for (long j = 0; j < cols; ++j) row[j] = 1.f / (1.f + std::exp(-row[j]));
        break;
      default:
        break;
    }
  }
}
