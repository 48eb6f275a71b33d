// float64 vectors at the build's register width (isa.h): VD doubles, their lane masks, unaligned loads and stores, a
// horizontal sum. Used by the eigensolver (eig_top.cc) and SSGE's Gram matrix (rbf.cc).
#pragma once

#include <cstring>

#include "isa.h"

namespace vec_double {

constexpr int VD = kVecFloats / 2;  // doubles per vector register
typedef double vd __attribute__((vector_size(VD * 8)));
typedef long vl __attribute__((vector_size(VD * 8)));

inline vd load(const double* p) {
  vd v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, vd v) { std::memcpy(p, &v, sizeof v); }
inline double hsum(vd v) {
  double s = 0;
  for (int i = 0; i < VD; ++i) s += v[i];
  return s;
}

}  // namespace vec_double
