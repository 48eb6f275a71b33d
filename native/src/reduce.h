// Sums over the leading or trailing axes of a contiguous tensor viewed as [outer, inner].
#pragma once

// out[j] = sum_i x[i * inner + j]   (reduce the leading axes)
void sum_leading(const float* x, long outer, long inner, float* out);
// out[i] = sum_j x[i * inner + j]   (reduce the trailing axes)
void sum_trailing(const float* x, long outer, long inner, float* out);
