"""The generated PyTorch program's MLP-MIM step against its hand-written twin, alternating in one process.

`pytorch_target_step.py DIR [--steps N] [--rounds R]`: DIR holds train.py (infobj gen --target pytorch of
bench/specs/mim-mlp-step.yaml) and its data. The generated step is the body of train.py's loop, called as the loop
calls it (accumulate_gradients: the minibatch's rows taken from the data, a Batch, loss_of, backward, term_values; then
average_gradients, the finiteness check, the optimiser, the terms added up); the twin is ../shared/bench/torch_peer.py's
(nn.Sequential, Neural Bayes' MIM loss with the Theorem 2 stop-gradient, torch.optim.Adam) in a loop of its own, which
takes its minibatch's rows from the data each step as any training loop does. Both start from the same initial weights
and read the same rows. One JSON line per implementation: the median ms per step over R rounds of N steps.
"""
import argparse
import importlib.util
import json
import math
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn

torch.set_num_threads(2)


def load_program(folder):
    spec = importlib.util.spec_from_file_location("generated_train", Path(folder) / "train.py")
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    return program


def mim_loss(logits):
    """Neural Bayes MIM plug-in (Eq. 8) with the Theorem 2 stop-gradient on the marginal (torch_peer.py)."""
    L = torch.softmax(logits, 1)
    m = L.mean(0).detach()
    return -(L * torch.log(L / m + 1e-7)).sum(1).mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--first", choices=["generated", "hand-written"], default="generated",
                        help="which one is warmed and timed first (where a process puts each one's tensors moves "
                             "its time by up to ±30 % here: bench/pytorchTarget.ts runs both orders in fresh processes)")
    args = parser.parse_args()
    program = load_program(args.folder)
    device = torch.device("cpu")
    data = program.load_data(args.folder)
    nets = program.build_initial_networks(args.folder, device)
    parameters, optimizer = program.make_optimizer(nets)
    (net,) = nets.values()
    rows = data["order"][0][: program.TRAIN["batch"]]
    x = data[program.VARIABLES[0]]

    twin = nn.Sequential(*[nn.Linear(m.in_features, m.out_features) if isinstance(m, nn.Linear) else nn.ReLU()
                           for m in net.layers])
    twin.load_state_dict(net.layers.state_dict())
    twin_optimizer = torch.optim.Adam(twin.parameters(), 1e-3)

    def generated(step):
        optimizer.zero_grad()
        seed_of = lambda micro: program.step_seed(0, step, micro)
        loss, values = program.accumulate_gradients(data, rows, nets, seed_of, 0, 1, device)
        program.average_gradients(parameters)
        if not math.isfinite(loss):
            raise SystemExit("the generated step's loss is not finite")
        optimizer.step()
        program.add_terms([], values)

    def hand_written(_step):
        twin_optimizer.zero_grad()
        loss = mim_loss(twin(torch.from_numpy(x[rows]).float().flatten(1)))
        loss.backward()
        twin_optimizer.step()
        float(loss)

    times = {"generated": [], "hand-written": []}
    order = (("generated", generated), ("hand-written", hand_written))
    order = order if args.first == "generated" else order[::-1]
    for _, f in order:  # warm-up
        for s in range(5):
            f(s)
    for r in range(args.rounds):  # alternating, each first in every other round
        for label, f in order if r % 2 == 0 else order[::-1]:
            t0 = time.perf_counter()
            for s in range(args.steps):
                f(s)
            times[label].append((time.perf_counter() - t0) / args.steps * 1e3)
    batch = program.TRAIN["batch"]
    for label, ms in times.items():
        median = statistics.median(ms)
        print(json.dumps({"bench": "pytorch_target_mim_mlp_step", "impl": label, "threads": torch.get_num_threads(),
                          "ms_per_step": median, "samples_per_s": batch / median * 1e3, "runs": ms}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
