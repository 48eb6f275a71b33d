// Single-precision matrix product on strided views, packed and blocked for the host's vector width.
#pragma once

// Element (i, j) of a view is p[i * rs + j * cs]: a transpose is a view with rs and cs swapped.
struct MatView {
  const float* p;
  long rs, cs;
};

// C[M x N] (row-major, row stride ldc) = A[M x K] * B[K x N], or C += A * B when accumulate.
// Splits the work over the thread pool when the product is large enough to pay for it.
void sgemm(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate);

// The same product on the calling thread only.
void sgemm_serial(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate);

// The register tile of the micro-kernel, "MRxNR" (12x32 for AVX-512, 6x16 for AVX2).
const char* gemm_tile();
