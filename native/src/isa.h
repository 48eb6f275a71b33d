// The instruction set this translation unit is compiled for (set by native/build.mjs: -march=native, or x86-64-v3
// for the AVX2 build, x86-64-v4 for AVX-512), its vector width in floats, and the name info() reports.
#pragma once

#if defined(__AVX512F__)
constexpr int kVecFloats = 16;
constexpr const char* kIsaName = "avx512";
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int kVecFloats = 8;
constexpr const char* kIsaName = "avx2";
#elif defined(__AVX__)
constexpr int kVecFloats = 8;
constexpr const char* kIsaName = "avx";
#else
constexpr int kVecFloats = 4;
constexpr const char* kIsaName = "generic";
#endif
