"""Runs a PyTorch twin on N threads: `with_threads.py N script.py [args]`. The twins call torch.set_num_threads(2)
themselves; this sets N first and makes their call a no-op (for `npm run bench -- --threads 1`)."""
import runpy, sys
import torch

torch.set_num_threads(int(sys.argv[1]))
torch.set_num_threads = lambda _n: None
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
