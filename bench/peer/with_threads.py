"""Runs a PyTorch twin on N threads: `with_threads.py N [--cpu] script.py [args]`. The twins call
torch.set_num_threads(2) themselves; this sets N first and makes their call a no-op (`npm run bench -- --threads 1`).
`--cpu` makes the twin's perf_counter() the process CPU time, so its "ms per step" is CPU ms: on one thread and on a
machine shared with other jobs, a comparison of CPU time is what the other jobs do not distort."""
import runpy, sys, time
import torch

torch.set_num_threads(int(sys.argv[1]))
torch.set_num_threads = lambda _n: None
args = sys.argv[2:]
if args[0] == "--cpu":
    time.perf_counter = time.process_time
    args = args[1:]
sys.argv = args
runpy.run_path(sys.argv[0], run_name="__main__")
