// Goto/BLIS-style SGEMM: B is packed into KC x NR micro-panels (kept in L1), A into MR x KC micro-panels
// (streamed from L2); an MR x NR register-tile micro-kernel accumulates with fused multiply-adds.
// GCC vector extensions let one source compile to AVX-512, AVX2 or SSE depending on -march (see isa.h).
#include "gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "isa.h"
#include "pool.h"

// The C tile lives in registers only if the vector type matches the ISA's register width: a 64-byte type on AVX2
// is split into ymm pairs that GCC keeps on the stack (vfmadd213ps 704(%rsp), ...), a 6x slowdown.
// 16 floats: 24 of 32 zmm registers hold the 12 x 32 C tile; 8 floats: 12 of 16 ymm registers hold the 6 x 16 tile;
// 4 floats (SSE, NEON): 8 of 16 xmm registers hold the 4 x 8 tile. One B row (NV vectors) and a broadcast a_i remain.
constexpr int VW = kVecFloats, MR = VW == 16 ? 12 : VW == 8 ? 6 : 4, NV = 2;
typedef float vec __attribute__((vector_size(VW * 4), aligned(VW * 4)));
typedef float vecu __attribute__((vector_size(VW * 4), aligned(4)));
constexpr int NR = VW * NV;

const char* gemm_tile() {
  static const std::string tile = std::to_string(MR) + "x" + std::to_string(NR);
  return tile.c_str();
}
constexpr long KC = 256, MC = MR * 16, NC = 2048;

namespace {

struct AlignedBuffer {
  float* data = nullptr;
  long capacity = 0;
  float* get(long n) {
    if (n > capacity) {
      std::free(data);
      data = static_cast<float*>(std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64));
      capacity = data ? n : 0;
      if (!data) throw std::bad_alloc();  // a JS error at the entry point (napi_args.h guarded), not a null write
    }
    return data;
  }
  ~AlignedBuffer() { std::free(data); }
};

// dst holds ceil(mc/MR) panels; panel p, step k, row r at dst[(p * kc + k) * MR + r]; rows past mc are zero.
void pack_a(long mc, long kc, const float* a, long rs, long cs, float* dst) {
  for (long i0 = 0; i0 < mc; i0 += MR) {
    const long rows = std::min<long>(MR, mc - i0);
    if (cs == 1) {
      for (long r = 0; r < rows; ++r) {
        const float* src = a + (i0 + r) * rs;
        for (long k = 0; k < kc; ++k) dst[k * MR + r] = src[k];
      }
      for (long r = rows; r < MR; ++r)
        for (long k = 0; k < kc; ++k) dst[k * MR + r] = 0.f;
    } else {
      for (long k = 0; k < kc; ++k) {
        const float* src = a + i0 * rs + k * cs;
        long r = 0;
        for (; r < rows; ++r) dst[k * MR + r] = src[r * rs];
        for (; r < MR; ++r) dst[k * MR + r] = 0.f;
      }
    }
    dst += kc * MR;
  }
}

// dst holds ceil(nc/NR) panels; panel q, step k, column c at dst[(q * kc + k) * NR + c]; columns past nc are zero.
void pack_b(long kc, long nc, const float* b, long rs, long cs, float* dst) {
  for (long j0 = 0; j0 < nc; j0 += NR) {
    const long cols = std::min<long>(NR, nc - j0);
    if (cs == 1 && cols == NR) {
      for (long k = 0; k < kc; ++k) std::memcpy(dst + k * NR, b + k * rs + j0, NR * sizeof(float));
    } else if (cs == 1) {
      for (long k = 0; k < kc; ++k) {
        long c = 0;
        for (; c < cols; ++c) dst[k * NR + c] = b[k * rs + j0 + c];
        for (; c < NR; ++c) dst[k * NR + c] = 0.f;
      }
    } else {
      for (long c = 0; c < cols; ++c) {
        const float* src = b + (j0 + c) * cs;
        for (long k = 0; k < kc; ++k) dst[k * NR + c] = src[k * rs];
      }
      for (long c = cols; c < NR; ++c)
        for (long k = 0; k < kc; ++k) dst[k * NR + c] = 0.f;
    }
    dst += kc * NR;
  }
}

// C tile (mr x nr valid of MR x NR) = or += a-panel * b-panel over kc steps.
inline void micro_kernel(long kc, const float* __restrict a, const float* __restrict b, float* c, long ldc, long mr,
                         long nr, bool acc) {
  vec r[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) r[i][v] = vec{};
  for (long k = 0; k < kc; ++k) {
    vec bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = *reinterpret_cast<const vec*>(b + VW * v);
    for (int i = 0; i < MR; ++i) {
      const float ai = a[i];
      for (int v = 0; v < NV; ++v) r[i][v] += ai * bv[v];
    }
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i)
      for (int v = 0; v < NV; ++v) {
        vecu* dst = reinterpret_cast<vecu*>(c + i * ldc + VW * v);
        if (acc) *dst += r[i][v];
        else *dst = r[i][v];
      }
    return;
  }
  alignas(64) float tile[MR][NR];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) *reinterpret_cast<vec*>(&tile[i][VW * v]) = r[i][v];
  for (long i = 0; i < mr; ++i)
    for (long j = 0; j < nr; ++j) c[i * ldc + j] = acc ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

}  // namespace

void sgemm_serial(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (long i = 0; i < M; ++i) std::memset(C + i * ldc, 0, N * sizeof(float));
    return;
  }
  thread_local AlignedBuffer bufA, bufB;
  float* pa = bufA.get(MC * KC);  // kstep <= KC
  // Equal K chunks (784 -> 2 x 392, not 256+256+256+16) keep every micro-kernel call long.
  const long kchunks = (K + KC - 1) / KC, kstep = (K + kchunks - 1) / kchunks;
  for (long jc = 0; jc < N; jc += NC) {
    const long nc = std::min(NC, N - jc);
    float* pb = bufB.get(((nc + NR - 1) / NR) * NR * KC);
    for (long pc = 0; pc < K; pc += kstep) {
      const long kc = std::min(kstep, K - pc);
      const bool acc = accumulate || pc > 0;
      pack_b(kc, nc, B.p + pc * B.rs + jc * B.cs, B.rs, B.cs, pb);
      for (long ic = 0; ic < M; ic += MC) {
        const long mc = std::min(MC, M - ic);
        pack_a(mc, kc, A.p + ic * A.rs + pc * A.cs, A.rs, A.cs, pa);
        for (long jr = 0; jr < nc; jr += NR) {
          const float* bp = pb + (jr / NR) * kc * NR;
          for (long ir = 0; ir < mc; ir += MR) {
            micro_kernel(kc, pa + (ir / MR) * kc * MR, bp, C + (ic + ir) * ldc + jc + jr, ldc,
                         std::min<long>(MR, mc - ir), std::min<long>(NR, nc - jr), acc);
          }
        }
      }
    }
  }
}

void sgemm(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate) {
  ThreadPool& threads = pool();
  const int parts = threads.size();
  const double flops = 2.0 * M * N * K;
  if (parts <= 1 || flops < 4e6) {
    sgemm_serial(M, N, K, A, B, C, ldc, accumulate);
    return;
  }
  // Split the longer side of C into equal slices aligned to the micro-tile; each thread packs its own operands.
  const bool split_n = N >= M || M < parts * MR * 2;
  const long extent = split_n ? N : M, unit = split_n ? NR : MR;
  const long units = (extent + unit - 1) / unit;
  if (units < parts) {
    sgemm_serial(M, N, K, A, B, C, ldc, accumulate);
    return;
  }
  threads.run(parts, [&](int part) {
    const long u0 = units * part / parts, u1 = units * (part + 1) / parts;
    const long lo = u0 * unit, hi = std::min(extent, u1 * unit);
    if (hi <= lo) return;
    if (split_n) {
      sgemm_serial(M, hi - lo, K, A, MatView{B.p + lo * B.cs, B.rs, B.cs}, C + lo, ldc, accumulate);
    } else {
      sgemm_serial(hi - lo, N, K, MatView{A.p + lo * A.rs, A.rs, A.cs}, B, C + lo * ldc, ldc, accumulate);
    }
  });
}
