#pragma once

// The RBF Gram matrix of SSGE (MIGE §2.1) from M samples x (float32, M×d row-major), in float64: d²_ij = ‖x_i − x_j‖²,
// σ = `bandwidth` if > 0 else the median of d_ij over i < j (the median heuristic: the ⌊P/2⌋-th smallest of the
// P = M(M−1)/2 pairs), K_ij = exp(−d²_ij / (2σ²)), r = K·1 taken before the jitter, then K_ii += jitter. Returns σ.
double rbf_gram(const float* x, long M, long d, double bandwidth, double jitter, double* K, double* r);
