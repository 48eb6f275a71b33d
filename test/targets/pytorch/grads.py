"""Loss and parameter gradients of a generated PyTorch program on one batch, with the tfjs run's noise injected.

python3 grads.py PROGRAM DATA_DIR OUT_DIR: reads DATA_DIR/{idx,noise_0,noise_1,...}.npy and, for each augmented view,
DATA_DIR/view_<i>.npy (in VIEWS order); writes OUT_DIR/loss.npy and OUT_DIR/grad_<i>.npy, the gradients in tfjs' order
of trainable variables and layout (dense kernels [in, out], convolutions [kh, kw, in, out]) flattened, and
OUT_DIR/terms.npy, the estimated terms' values of the same forward pass, flattened and concatenated in plan order."""
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

arrays = train.load_data(data)
nets = train.build_initial_networks(data, torch.device("cpu"))
idx = np.load(data / "idx.npy")
inputs = {v: torch.from_numpy(arrays[v][idx]) for v in train.VARIABLES}
for i, name in enumerate(train.VIEWS):  # the augmented views as tfjs drew them
    inputs[name] = torch.from_numpy(np.load(data / f"view_{i}.npy"))
b = train.Batch(inputs, nets, 0, torch.device("cpu"))
noise = [torch.from_numpy(np.load(f)) for f in sorted(data.glob("noise_*.npy"))]
b.normal = lambda shape, std=1.0: noise.pop(0).reshape(shape)
loss = train.loss_of(b)
terms = [v.detach().reshape(-1) for v in train.term_values(b)]
loss.backward()
np.save(out / "loss.npy", np.array([loss.item()], dtype=np.float32))
np.save(out / "terms.npy", (torch.cat(terms) if terms else torch.zeros(0)).numpy().astype(np.float32))  # none: MIGE's
params = [(p, axes) for net in nets.values() for p, axes in train.tfjs_order(net) if p.requires_grad]
for i, (p, axes) in enumerate(params):
    g = train.to_tfjs_layout(p.grad, axes)
    np.save(out / f"grad_{i}.npy", g.contiguous().reshape(-1).numpy().astype(np.float32))
