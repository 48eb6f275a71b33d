#pragma once

// True if LAPACK's dsyevr could be loaded.
bool eig_available();
// All eigenpairs of the symmetric n×n matrix a (destroyed): ascending values, vectors column-major (column j = vector j).
// Returns LAPACK's info (0 on success), or −1000 when LAPACK is unavailable.
int eig_sym(double* a, int n, double* values, double* vectors);

// The leading eigenpairs of the symmetric n×n row-major matrix a without LAPACK (eig_top.cc): all n eigenvalues,
// descending, into values; the eigenvectors of the J largest into vectors as the columns of a row-major n×J matrix
// (vectors[i·J + j] = component i of vector j, SSGE's U), where
// J is `count` if > 0, else the fewest eigenvalues whose non-negative sum reaches `ratio` of the total. Returns J
// (< 0: the QL iteration did not converge).
int eig_sym_top(const double* a, int n, double ratio, int count, double* values, double* vectors);
