#pragma once

// True if LAPACK's dsyevr could be loaded.
bool eig_available();
// All eigenpairs of the symmetric n×n matrix a (destroyed): ascending values, vectors column-major (column j = vector j).
// Returns LAPACK's info (0 on success), or −1000 when LAPACK is unavailable.
int eig_sym(double* a, int n, double* values, double* vectors);
