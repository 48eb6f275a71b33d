// Sums over the leading or trailing axes of a contiguous tensor viewed as [outer, inner].
#pragma once

// out[j] = scale * sum_i x[i * inner + j]   (reduce the leading axes; scale 1 / outer gives the mean)
void sum_leading(const float* x, long outer, long inner, double scale, float* out);
// out[i] = scale * sum_j x[i * inner + j]   (reduce the trailing axes)
void sum_trailing(const float* x, long outer, long inner, double scale, float* out);
