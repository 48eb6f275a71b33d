// Symmetric eigendecomposition for SSGE (MIGE §2.1) through LAPACK's dsyevr, found at run time with dlopen so that the
// addon builds and loads without LAPACK; without it, eigSym reports that it is unavailable and the caller falls back.
#include "eig.h"

#include <dlfcn.h>

#include <vector>

namespace {

using dsyevr_t = void (*)(const char*, const char*, const char*, const int*, double*, const int*, const double*, const double*,
                          const int*, const int*, const double*, int*, double*, double*, const int*, int*, double*, const int*,
                          int*, const int*, int*);

dsyevr_t load() {
  static dsyevr_t fn = [] {
    for (const char* name : {"liblapack.so.3", "liblapack.so", "libopenblas.so.0"}) {
      if (void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL)) {
        if (void* f = dlsym(h, "dsyevr_")) return reinterpret_cast<dsyevr_t>(f);
      }
    }
    return static_cast<dsyevr_t>(nullptr);
  }();
  return fn;
}

}  // namespace

bool eig_available() { return load() != nullptr; }

int eig_sym(double* a, int n, double* values, double* vectors) {
  dsyevr_t dsyevr = load();
  if (!dsyevr) return -1000;
  const char jobz = 'V', range = 'A', uplo = 'U';
  const double vl = 0, vu = 0, abstol = 0;
  const int il = 0, iu = 0;
  int m = 0, info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0;
  std::vector<int> isuppz(2 * static_cast<size_t>(n));
  dsyevr(&jobz, &range, &uplo, &n, a, &n, &vl, &vu, &il, &iu, &abstol, &m, values, vectors, &n, isuppz.data(), &work_query,
         &lwork, &iwork_query, &liwork, &info);
  if (info != 0) return info;
  lwork = static_cast<int>(work_query);
  liwork = iwork_query;
  std::vector<double> work(lwork);
  std::vector<int> iwork(liwork);
  dsyevr(&jobz, &range, &uplo, &n, a, &n, &vl, &vu, &il, &iu, &abstol, &m, values, vectors, &n, isuppz.data(), work.data(),
         &lwork, iwork.data(), &liwork, &info);
  return info;
}
