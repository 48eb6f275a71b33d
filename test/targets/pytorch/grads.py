"""One update of a generated PyTorch program, through its own accumulate_gradients (micro-batches included), with the
tfjs run's views and noise injected.

python3 grads.py PROGRAM DATA_DIR OUT_DIR: reads DATA_DIR/idx.npy (the minibatch's rows), DATA_DIR/view_<m>_<i>.npy
(view i of micro-batch m, as tfjs drew it) and, in the order the program draws them, DATA_DIR/normal_*.npy and
DATA_DIR/uniform_*.npy (each draw of Batch.normal and Batch.uniform takes the next file); writes OUT_DIR/loss.npy,
OUT_DIR/terms.npy (the estimated terms' values, flattened in plan order) and OUT_DIR/grad_<i>.npy, the gradients in
tfjs' order of trainable variables and layout (dense kernels [in, out], convolutions [kh, kw, in, out]), flattened."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch

program, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
spec = importlib.util.spec_from_file_location("generated", program)
train = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train)
torch.set_num_threads(1)

draws = {kind: [torch.from_numpy(np.load(f)) for f in sorted(data.glob(f"{kind}_*.npy"))] for kind in ("normal", "uniform")}
train.Batch.normal = lambda self, shape, std=1.0: draws["normal"].pop(0).reshape(shape)
train.Batch.uniform = lambda self, shape: draws["uniform"].pop(0).reshape(shape)
views = list(train.VIEWS.values())
micro_batch = {"index": -1}


def seed_of(m):
    micro_batch["index"] = m
    return m


def tfjs_view(b, view):
    """View i of the current micro-batch as tfjs drew it."""
    return torch.from_numpy(np.load(data / f"view_{micro_batch['index']}_{views.index(view)}.npy")).to(b.device)


train.augmented_view = tfjs_view
arrays = train.load_data(data)
nets = train.build_initial_networks(data, torch.device("cpu"))
idx = np.load(data / "idx.npy")
loss, terms = train.accumulate_gradients(arrays, idx, nets, seed_of, 0, 1, torch.device("cpu"))
assert not any(draws.values()), "the program drew less noise than the files hold"
np.save(out / "loss.npy", np.array([float(loss)], dtype=np.float32))
flat = torch.cat([t.reshape(-1) for t in terms]) if terms else torch.zeros(0)  # none: e.g. MIGE gives only gradients
np.save(out / "terms.npy", flat.numpy().astype(np.float32))
params = [(p, axes) for net in nets.values() for p, axes in train.tfjs_order(net) if p.requires_grad]
for i, (p, axes) in enumerate(params):
    g = train.to_tfjs_layout(p.grad, axes)
    np.save(out / f"grad_{i}.npy", g.contiguous().reshape(-1).numpy().astype(np.float32))
