// Measurements for `npm run bench`: the practical FMA peak of the built ISA and the SGEMM rate, in GFLOP/s.
#pragma once

// Independent FMA chains on kVecFloats-wide vectors for about `seconds`, on `threads` threads of the pool at once;
// returns the total rate (divide by threads for the rate per core).
double fma_peak(int threads, double seconds);

// C = op(A) op(B) for M x N x K with random operands, repeated for about `seconds`; serial = on the calling thread
// only. Returns the median rate of 5 rounds.
double gemm_rate(long M, long N, long K, bool transA, bool transB, bool serial, double seconds);
