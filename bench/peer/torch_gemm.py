"""PyTorch's SGEMM at the sizes of bench/run.ts's GEMM table (C = A·B, Aᵀ·B, A·Bᵀ), on 1 and 2 threads, and which
BLAS torch really calls (OpenBLAS, or the ~12x slower reference BLAS). One JSON line per measurement."""
import json, statistics, sys, time
import torch

SIZES = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (500, 500, 784), (784, 500, 500), (500, 784, 500)]


def blas():
    torch.mm(torch.rand(64, 64), torch.rand(64, 64))
    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() or "mkl" in l.lower()})
    name = "openblas" if any("openblas" in l for l in libs) else "mkl" if any("mkl" in l for l in libs) else \
        "reference" if libs else "unknown"
    return {"bench": "torch_blas", "blas": name, "libraries": libs, "torch": torch.__version__}


def rate(m, n, k, ta, tb, seconds=0.3):
    a = torch.rand(k, m).t() if ta else torch.rand(m, k)  # a transposed view, as tfjs' transpose flags
    b = torch.rand(n, k).t() if tb else torch.rand(k, n)
    a @ b
    reps = max(1, int(seconds * 50e9 / (2 * m * n * k)))
    rates = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        rates.append(2 * m * n * k * reps / (time.perf_counter() - t0) / 1e9)
    return statistics.median(rates)


if __name__ == "__main__":
    print(json.dumps(blas()), flush=True)
    for threads in () if "--blas-only" in sys.argv else (1, 2):
        torch.set_num_threads(threads)
        for m, n, k in SIZES:
            for case, ta, tb in (("NN", False, False), ("TN", True, False), ("NT", False, True)):
                print(json.dumps({"bench": "torch_sgemm", "threads": threads, "m": m, "n": n, "k": k, "case": case,
                                  "gflops": rate(m, n, k, ta, tb)}), flush=True)
