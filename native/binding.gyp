{
  "variables": { "isa_flags%": "-march=native" },
  "targets": [
    {
      "target_name": "infobj_native",
      "sources": [
        "src/addon.cc",
        "src/addon_elementwise.cc",
        "src/gemm.cc",
        "src/conv.cc",
        "src/epilogue.cc",
        "src/pool.cc",
        "src/pool2d.cc",
        "src/reduce.cc",
        "src/elementwise.cc",
        "src/eig.cc",
        "src/eig_top.cc",
        "src/rbf.cc",
        "src/pair_mlp.cc",
        "src/addon_pair_mlp.cc",
        "src/bench.cc"
      ],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "<@(isa_flags)", "-fno-math-errno", "-pthread"],
      "ldflags": ["-pthread"],
      "libraries": ["-ldl"]
    }
  ]
}
