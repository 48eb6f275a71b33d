/**
 * The fixed parts of a generated PyTorch program (Python source as text): the data-parallel primitives, the networks
 * with tfjs' initial weights and BatchNorm semantics, the batch context the objective's terms read, the optimiser, the
 * checkpoints (the run folder's format, src/run/checkpoints.ts, so `infobj eval` and the tfjs side read them), the loop
 * and the launch. program.ts puts the spec-specific parts (networks, terms, objective, settings) between them.
 */
import { GAUSSIAN_HELPERS } from './runtime/gaussian.ts';
import { LABEL_HELPERS } from './runtime/labels.ts';
import { MIGE_HELPERS } from './runtime/mige.ts';
import { MULTISCALE_HELPERS } from './runtime/multiscale.ts';
import { VIEW_HELPERS } from './runtime/views.ts';
import { CRITIC_HELPERS } from './runtime/critics.ts';
import { CONDITIONAL_BOUND_HELPERS } from './runtime/conditionalBounds.ts';

/** Imports and the data-parallel primitives: every mean over the batch is a global one. */
export const PRELUDE = `import argparse
import hashlib
import json
import math
import os
import signal
import socket
import sys
import time
import traceback
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn

EPS = 1e-7  # the guard inside logs and ratios (Neural Bayes Eq. 5, 10)


# ── Data parallelism ──────────────────────────────────────────────────────────────────────────────────────────────────
# Every process holds a slice of the minibatch. A mean over the batch inside the objective (E_x[·], a plug-in marginal
# E_x[L], BatchNorm's statistics) must be the mean over the whole minibatch, with the gradient of the whole minibatch:
# forward, all-reduce the slice's sum and count; backward, all-reduce the incoming gradient (every process's loss reads
# the same global mean) and hand each sample its share — SyncBatchNorm's trick, for every mean. Every process then holds
# the same loss value, and averaging the parameter gradients over processes gives the one-process gradient exactly.

def distributed():
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


class GlobalMean(torch.autograd.Function):
    """Mean over axis 0 of the rows of all processes (docs/scaling.md: plug-in marginals inside a non-linearity)."""

    @staticmethod
    def forward(ctx, x):
        total = torch.cat([x.sum(0).reshape(-1), x.new_tensor([x.shape[0]])])
        dist.all_reduce(total)
        ctx.rows, ctx.count, ctx.shape = x.shape[0], total[-1], x.shape
        return (total[:-1] / total[-1]).reshape(x.shape[1:])

    @staticmethod
    def backward(ctx, grad):
        grad = grad.contiguous().clone()
        dist.all_reduce(grad)  # Σ over processes of ∂loss_p/∂mean
        return (grad / ctx.count).unsqueeze(0).expand(ctx.shape).contiguous()


def global_mean(x):
    """E over the whole minibatch (all processes) of x [rows, ...]; a plain mean on one process."""
    return GlobalMean.apply(x) if distributed() else x.mean(0)


def all_gather_rows(x):
    """The rows of every process, in rank order (no gradient: for data, e.g. the span R_c perturbs in)."""
    if not distributed():
        return x
    parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
    dist.all_gather(parts, x.contiguous())
    return torch.cat(parts)


def rows_of_this_process(n):
    """The slice [start, end) of n global rows that this process holds."""
    size, rank = (dist.get_world_size(), dist.get_rank()) if distributed() else (1, 0)
    return rank * n // size, (rank + 1) * n // size


def average_gradients(parameters):
    """What DistributedDataParallel does after backward, in one all-reduce (the objective calls a network more than once
    per step — R_c reads it at x and at x + ζδ — which DDP's per-forward hooks do not allow)."""
    if not distributed():
        return
    grads = [p.grad for p in parameters]
    flat = torch.cat([g.reshape(-1) for g in grads])
    dist.all_reduce(flat)
    flat /= dist.get_world_size()
    at = 0
    for g in grads:
        g.copy_(flat[at:at + g.numel()].view_as(g))
        at += g.numel()


# ── Networks ──────────────────────────────────────────────────────────────────────────────────────────────────────────

class BatchNorm(nn.Module):
    """tfjs-layers' BatchNormalization (momentum 0.9: running ← 0.9·running + 0.1·batch, biased batch variance), with the
    batch statistics of the whole minibatch across processes (torch 1.13's SyncBatchNorm refuses CPU tensors)."""

    def __init__(self, width, momentum=0.9, epsilon=1e-5):
        super().__init__()
        self.momentum, self.epsilon = momentum, epsilon
        self.gamma = nn.Parameter(torch.ones(width))
        self.beta = nn.Parameter(torch.zeros(width))
        self.register_buffer("moving_mean", torch.zeros(width))
        self.register_buffer("moving_variance", torch.ones(width))

    def forward(self, h):
        if self.training:
            mean = global_mean(h)
            variance = global_mean((h - mean) ** 2)
            with torch.no_grad():
                self.moving_mean.mul_(self.momentum).add_((1 - self.momentum) * mean)
                self.moving_variance.mul_(self.momentum).add_((1 - self.momentum) * variance)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        return (h - mean) * torch.rsqrt(variance + self.epsilon) * self.gamma + self.beta


class MLP(nn.Module):
    """Dense → (BatchNorm) → activation per hidden width, then a linear output (src/models/mlp.ts); \`heads\`: more linear
    outputs on the last hidden layer, by name and width (several heads on one trunk, src/models/network.ts)."""

    def __init__(self, width_in, hidden, width_out, batch_norm=True, activation="relu", heads=None):
        super().__init__()
        layers, width = [], width_in
        for units in hidden:
            layers.append(nn.Linear(width, units, bias=not batch_norm))
            if batch_norm:
                layers.append(BatchNorm(units))
            layers.append(nn.ReLU() if activation == "relu" else nn.Tanh())
            width = units
        layers.append(nn.Linear(width, width_out))
        self.layers = nn.Sequential(*layers)
        self.heads = nn.ModuleDict({name: nn.Linear(width, units) for name, units in (heads or {}).items()})

    def forward(self, x):
        return self.layers(x.flatten(1))

    def forward_heads(self, x):
        """One pass of the trunk, read by the main output layer and by every head: (output, {head: output})."""
        h = self.layers[:-1](x.flatten(1))
        return self.layers[-1](h), {name: head(h) for name, head in self.heads.items()}


def tfjs_order(net):
    """The network's tensors in tfjs' getWeights order — trainable ones layer by layer, then the BatchNorm statistics,
    then each head's output layer — the layout of initial weights and checkpoints. Each comes with the permutation of its
    axes into tfjs' layout: a dense kernel is [in, out] (nn.Linear's weight transposed), a convolution's
    [kh, kw, in, out] (nn.Conv2d's is [out, in, kh, kw]); None where the layouts agree."""
    heads = list(net.heads.values()) if isinstance(getattr(net, "heads", None), nn.ModuleDict) else []
    trainable, statistics = [], []
    for layer in net.modules():
        if any(layer is head for head in heads):
            continue
        if isinstance(layer, nn.Linear):
            trainable.append((layer.weight, (1, 0)))
            if layer.bias is not None:
                trainable.append((layer.bias, None))
        elif isinstance(layer, nn.Conv2d):
            trainable.append((layer.weight, (2, 3, 1, 0)))
            if layer.bias is not None:
                trainable.append((layer.bias, None))
        elif isinstance(layer, BatchNorm):
            trainable += [(layer.gamma, None), (layer.beta, None)]
            statistics += [(layer.moving_mean, None), (layer.moving_variance, None)]
    return trainable + statistics + [t for head in heads for t in ((head.weight, (1, 0)), (head.bias, None))]


def to_tfjs_layout(t, axes):
    return t.permute(*axes) if axes else t


def get_tfjs_weights(net):
    return [to_tfjs_layout(t.detach(), axes).cpu().float().contiguous() for t, axes in tfjs_order(net)]


def set_tfjs_weights(net, flat):
    """Load a flat float32 array holding the network's tensors in tfjs order; returns how many values it read."""
    at = 0
    with torch.no_grad():
        for t, axes in tfjs_order(net):
            shape = tuple(t.shape[a] for a in axes) if axes else tuple(t.shape)
            size = int(np.prod(shape))
            value = torch.from_numpy(flat[at:at + size].copy()).reshape(shape)
            t.copy_(value.permute(*(int(a) for a in np.argsort(axes))) if axes else value)
            at += size
    return at
`;

/** The batch context, the helpers some estimators share, and everything after the objective. */
export const BATCH = `

# ── The minibatch as the objective reads it ───────────────────────────────────────────────────────────────────────────

class Batch:
    """This process's slice of one minibatch: the variables, the networks, each network's output computed once, and the
    step's noise generator (seeded alike on every process, so noise and views over the whole minibatch are drawn
    identically)."""

    def __init__(self, inputs, nets, seed, device):
        self.inputs, self.nets, self.device = inputs, nets, device
        self.generator = torch.Generator().manual_seed(seed)
        self.raws, self.memo = {}, {}

    def input(self, variable):
        """A variable's rows: the data's, or drawn once per batch: a latent of its prior (PRIORS), an augmented view
        (VIEWS), the sample of the encoder that produces it (SAMPLED: a decoder's or classifier's z)."""
        if variable in SAMPLED and variable not in self.inputs:
            return self.sample(SAMPLED[variable])
        if variable not in self.inputs:
            self.inputs[variable] = self.latent(variable) if variable in PRIORS else augmented_view(self, VIEWS[variable])
        return self.inputs[variable]

    def latent(self, variable):
        """A latent's draws for the whole minibatch from the step's generator, this process's rows taken: z ~ N(0, I)
        (a generator's noise), or a one-hot c uniform over K states, c = onehot(⌊K·u⌋) with u ~ U[0, 1) (a code)."""
        rows, family, size = self.rows(), PRIORS[variable]["family"], PRIORS[variable]["size"]
        start, end = rows_of_this_process(rows)
        if family == "standard-normal":
            return self.normal((rows, size))[start:end]
        states = torch.floor(self.uniform((rows,)) * size)[start:end].long()
        return nn.functional.one_hot(states, size).to(torch.get_default_dtype())

    def raw(self, model, x=None, given=None):
        """An encoder's raw output — its network's, or a head's on the network's trunk — on a variable (cached: one pass
        per network and variable, shared by the main output and every head; default the encoder's own input, else another
        it reads with the same weights, e.g. a view X'), or on x (not cached)."""
        network, head = ENCODERS[model]["network"], ENCODERS[model].get("head")
        if x is not None:
            return self.run(network, x)[head]
        given = given or ENCODERS[model]["given"]
        key = (network, given if isinstance(given, str) else tuple(given))
        if key not in self.raws:
            self.raws[key] = self.run(network, self.values_of(given))
        return self.raws[key][head]

    def values_of(self, given):
        """An encoder's input: its given variable's rows, or several variables' side by side, each flattened (the
        generator G(z, c) of a noise and a code)."""
        return self.input(given) if isinstance(given, str) else torch.cat([self.input(v).flatten(1) for v in given], 1)

    def run(self, network, x):
        """The network on x, through its input dropout if it has one: its outputs by head, None the main one."""
        net, x = self.nets[network], self.dropped(network, x)
        if not getattr(net, "heads", None):
            return {None: net(x)}
        output, heads = net.forward_heads(x)
        return {None: output, **heads}

    def dropped(self, network, x):
        """Input dropout (net.inputDropout, tfjs' dropout layer): each input value kept with probability 1 − rate and
        scaled by 1/(1 − rate). One mask per network and batch, drawn for the whole minibatch from the step's generator
        (the same on every process, each keeping its rows): R_c's second pass reads its input through the same mask."""
        rate = INPUT_DROPOUT.get(network, 0.0)
        if not rate:
            return x
        if ("dropout", network) not in self.memo:
            size = dist.get_world_size() if distributed() else 1
            u = self.uniform((len(x) * size, *x.shape[1:]))
            start, end = rows_of_this_process(len(u))
            self.memo[("dropout", network)] = torch.floor(u[start:end] + (1 - rate)) / (1 - rate)
        return x * self.memo[("dropout", network)]

    def probs(self, model, x=None, given=None):
        """State probabilities [B, K] (Neural Bayes Lemma 1: p(z=k|x) = L_k(x)); a one-unit Bernoulli as [1 − L, L]."""
        raw = self.raw(model, x, given)
        if ENCODERS[model]["family"] == "categorical":
            return torch.softmax(raw, 1)
        L = torch.sigmoid(raw.reshape(-1))
        return torch.stack([1 - L, L], 1)

    def output(self, model):
        """L(x): the probabilities of a categorical encoder [B, K], L = p(z=1|x) [B] of a one-unit Bernoulli (of several
        units, the bits' [B, size]), the mean μ [B, d] of a Gaussian, z = f(x) [B, d] of a deterministic encoder."""
        family = ENCODERS[model]["family"]
        if family == "categorical":
            return self.probs(model)
        if family == "bernoulli":
            raw = self.raw(model)
            return torch.sigmoid(raw.reshape(-1) if ENCODERS[model]["size"] == 1 else raw)
        if family == "gaussian":
            return self.gaussian(model)[0]
        return self.raw(model)

    def gaussian(self, model, given=None):
        """μ and log σ² of a Gaussian encoder q(z|x) = N(μ, diag σ²): its raw output [μ, log σ²] side by side."""
        mean, log_var = self.raw(model, given=given).chunk(2, 1)
        return mean, log_var

    def sample(self, model, given=None):
        """The encoder's reparameterised sample (on its own input, or another it reads: a view X'), drawn once per batch:
        z = f(x) of a deterministic encoder, z = μ + σ·ε of a Gaussian with ε ~ N(0, I) drawn for the whole minibatch
        from the step's generator and this process's rows taken, so that N processes draw what one does."""
        key = ("sample", model, str(given or ENCODERS[model]["given"]))
        if key not in self.memo:
            if ENCODERS[model]["family"] == "gaussian":
                mean, log_var = self.gaussian(model, given)
                rows = self.rows()
                start, end = rows_of_this_process(rows)
                noise = self.normal((rows, ENCODERS[model]["size"]))[start:end]
                self.memo[key] = mean + torch.exp(0.5 * log_var) * noise
            else:
                self.memo[key] = self.raw(model, given=given)
        return self.memo[key]

    def rows(self):
        """The rows of the whole minibatch (every process holds an equal slice)."""
        return len(next(iter(self.inputs.values()))) * (dist.get_world_size() if distributed() else 1)

    def marginal(self, model):
        """E_x[L_k(x)] over the whole minibatch [K], with its gradient (Neural Bayes Lemma 1); computed once."""
        if ("marginal", model) not in self.memo:
            self.memo[("marginal", model)] = global_mean(self.probs(model))
        return self.memo[("marginal", model)]

    def normal(self, shape, std=1.0):
        """Normal noise N(0, std²), the same on every process."""
        return (std * torch.randn(shape, generator=self.generator)).to(self.device)

    def uniform(self, shape):
        """Uniform noise on [0, 1), the same on every process."""
        return torch.rand(shape, generator=self.generator).to(self.device)


def once_per_batch(term):
    """A term is computed once per batch however often the objective reads it (its all-reduces run once, too)."""

    def cached(b):
        if term.__name__ not in b.memo:
            b.memo[term.__name__] = term(b)
        return b.memo[term.__name__]

    cached.__name__ = term.__name__
    cached.__doc__ = term.__doc__
    return cached
`;

/** Named helpers a term's lowering may call; each is emitted once when some term uses it. */
export const HELPERS = {
  ...MIGE_HELPERS,
  ...GAUSSIAN_HELPERS,
  ...LABEL_HELPERS,
  ...VIEW_HELPERS,
  ...CRITIC_HELPERS,
  ...MULTISCALE_HELPERS,
  ...CONDITIONAL_BOUND_HELPERS,
  densityRatio: `

def density_ratio(b, model, k, complement=False):
    """f(x) = p(x|z=k)/p(x) = L_k(x)/E_x[L_k] (or its complement z≠k), + ε as in Neural Bayes Eq. 5 (Prop. 1)."""
    Lk, pk = b.probs(model)[:, k], b.marginal(model)[k]
    return ((1 - Lk) / (1 - pk) if complement else Lk / pk) + EPS
`,
  conditionalEntropy: `

def conditional_entropy(b, model):
    """H(Z|X) = −E_x Σ_k L_k log(L_k + ε)."""
    p = b.probs(model)
    return -global_mean((p * torch.log(p + EPS)).sum(1))
`,
  smoothness: `

def smoothness(b, model, on_logits=False):
    """R_c, Neural Bayes Eq. 4: E_x ‖L(x) − L(x + ζ·δ̂)‖² / ζ², δ = V·X in the span of the minibatch (V ~ N(0, 1),
    δ̂ = δ/‖δ‖), ζ ~ N(0, 0.1²). The span is that of the whole minibatch: the rows are gathered from every process."""
    x = b.values_of(ENCODERS[model]["given"])
    flat = x.flatten(1)
    everything = all_gather_rows(flat)
    start, end = rows_of_this_process(everything.shape[0])
    v = b.normal((everything.shape[0], everything.shape[0]))[start:end]
    delta = v @ everything
    delta = delta / (delta.norm(dim=1, keepdim=True) + 1e-12)
    zeta = float(b.normal((), std=0.1))
    shifted = (flat + zeta * delta).reshape(x.shape)
    at = (lambda y: b.raw(model, y)) if on_logits else (lambda y: b.probs(model, y))
    diff = (b.raw(model) if on_logits else b.probs(model)) - at(shifted)
    return global_mean(diff.pow(2).flatten(1).sum(1)) / zeta ** 2
`,
} as const;

export type HelperName = keyof typeof HELPERS;

/** Optimiser, checkpoints (the run folder's format), evaluation, the loop and the launch. */
export const TRAINING = `

# ── Optimiser ─────────────────────────────────────────────────────────────────────────────────────────────────────────

def make_optimizer(nets):
    """Adam as tfjs (train.betas, default β₁ 0.9, β₂ 0.999; ε 1e-7) or SGD; decoupled weight decay λ on the weight matrices only (rank ≥ 2):
    w ← (1 − lr·λ)·w before the update, AdamW's order (src/train/loop.ts); plain Adam without decay (one pass less)."""
    parameters = [p for net in nets.values() for p, _ in tfjs_order(net) if p.requires_grad]
    if TRAIN["optimizer"] == "adam" and not TRAIN["weight_decay"]:
        return parameters, torch.optim.Adam(parameters, lr=TRAIN["lr"], betas=tuple(TRAIN["betas"]), eps=1e-7)
    groups = [
        {"params": [p for p in parameters if p.dim() >= 2], "weight_decay": TRAIN["weight_decay"]},
        {"params": [p for p in parameters if p.dim() < 2], "weight_decay": 0.0},
    ]
    if TRAIN["optimizer"] == "adam":
        return parameters, torch.optim.AdamW(groups, lr=TRAIN["lr"], betas=tuple(TRAIN["betas"]), eps=1e-7)
    return parameters, SGDW(groups, lr=TRAIN["lr"])


class SGDW(torch.optim.SGD):
    """SGD with the same decoupled decay (torch's SGD would add λ·w to the gradient)."""

    def step(self, closure=None):
        with torch.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    p.mul_(1 - group["lr"] * group["weight_decay"])
        saved = [g["weight_decay"] for g in self.param_groups]
        for g in self.param_groups:
            g["weight_decay"] = 0.0
        super().step(closure)
        for g, wd in zip(self.param_groups, saved):
            g["weight_decay"] = wd


def learning_rate_at(epoch):
    decay = TRAIN["lr_decay"]
    return TRAIN["lr"] * decay["factor"] ** (epoch // decay["every"]) if decay else TRAIN["lr"]


def step_seed(epoch, step, micro=0):
    """The noise seed of a step's micro-batch: a function of the run seed and the position only, so a resumed run draws
    the same."""
    return (TRAIN["seed"] * 1_000_003 + epoch * 10_007 + step * 101 + micro) % 2_147_483_647 + 1


# ── Checkpoints: checkpoints/epoch-NNNN[-step-NNNNNN]/{tensors.bin, state.json, manifest.json} ───────────────────────────
# The same files as the tfjs engine writes (src/run/checkpoints.ts): float32 tensors in tfjs order, SHA-256 digests in
# the manifest, written to a temporary folder, fsynced and renamed; "infobj eval" reads them.

def optimizer_tensors(optimizer, parameters):
    state = optimizer.state
    named = []
    for i, p in enumerate(parameters):
        s = state.get(p, {})
        for slot in ("exp_avg", "exp_avg_sq", "momentum_buffer"):
            if slot in s and s[slot] is not None:
                named.append((f"{i}/{slot}", s[slot].detach().cpu().float()))
    steps = [float(s["step"]) for s in state.values() if "step" in s]
    return named, [("step", torch.tensor([steps[0] if steps else 0.0]))]


def write_durably(path, data):
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def save_checkpoint(out, nets, optimizer, parameters, epoch, step, partial_loss, partial_terms, history):
    base = Path(out) / "checkpoints"
    name = f"epoch-{epoch:04d}" + (f"-step-{step:06d}" if step else "")
    final, tmp = base / name, base / (name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    networks = [t for net in nets.values() for t in get_tfjs_weights(net)]
    named, extra = optimizer_tensors(optimizer, parameters)
    tensors = networks + [t for _, t in named] + [t for _, t in extra]
    files = {
        "tensors.bin": np.concatenate([t.numpy().reshape(-1) for t in tensors]).astype("<f4").tobytes(),
        "state.json": json.dumps({
            "epoch": epoch, "step": step, "partialLoss": partial_loss, "partialTerms": partial_terms, "history": history,
            "networks": [{"shape": list(t.shape)} for t in networks],
            "optimizer": [{"name": n, "shape": list(t.shape)} for n, t in named],
            "optimizerExtra": [{"name": n, "shape": list(t.shape)} for n, t in extra],
        }).encode(),
    }
    for file, data in files.items():
        write_durably(tmp / file, data)
    digests = {file: hashlib.sha256(data).hexdigest() for file, data in files.items()}
    write_durably(tmp / "manifest.json", json.dumps({"format": 1, "files": digests}).encode())
    if final.exists():
        for f in final.iterdir():
            f.unlink()
        final.rmdir()
    tmp.rename(final)
    keep = TRAIN["keep"]
    for old in checkpoints(out)[keep:]:
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    return str(final)


def checkpoints(out):
    """The run's checkpoints, newest first."""
    base = Path(out) / "checkpoints"
    found = []
    for d in base.iterdir() if base.exists() else []:
        parts = d.name.split("-")
        if parts[0] == "epoch" and not d.name.endswith(".tmp"):
            found.append((int(parts[1]) * 10 ** 7 + (int(parts[3]) if len(parts) > 3 else 0), d))
    return [d for _, d in sorted(found, reverse=True)]


def load_checkpoint(d):
    """A checkpoint's state and tensors, after checking every file against its digest; None if damaged."""
    try:
        manifest = json.loads((d / "manifest.json").read_text())
        data = {f: (d / f).read_bytes() for f in ("tensors.bin", "state.json")}
        if any(hashlib.sha256(data[f]).hexdigest() != manifest["files"][f] for f in data):
            return None
        return json.loads(data["state.json"]), np.frombuffer(data["tensors.bin"], dtype="<f4")
    except (OSError, ValueError, KeyError):
        return None


def resume(out, nets, optimizer, parameters):
    """Restore the newest intact checkpoint; returns (epoch, step, partial loss, partial term sums, history)."""
    for d in checkpoints(out):
        loaded = load_checkpoint(d)
        if loaded is None:
            log(f"{d}: damaged (a file does not match its digest); trying the previous one")
            continue
        state, flat = loaded
        at = 0
        for net in nets.values():
            at += set_tfjs_weights(net, flat[at:])
        slots = {}
        for entry in state["optimizer"]:
            size = int(np.prod(entry["shape"]))
            slots[entry["name"]] = torch.from_numpy(flat[at:at + size].copy()).reshape(entry["shape"])
            at += size
        step_count = float(flat[at]) if state["optimizerExtra"] else 0.0
        for i, p in enumerate(parameters):
            s = {k.split("/")[1]: v.to(p.device, p.dtype) for k, v in slots.items() if k.split("/")[0] == str(i)}
            if s:
                if "exp_avg" in s:
                    s["step"] = torch.tensor(step_count)
                optimizer.state[p] = s
        log(f"resumed from {d} (epoch {state['epoch']})")
        return state["epoch"], state["step"], state["partialLoss"], state.get("partialTerms", []), state["history"]
    raise SystemExit(f"error: --resume: no intact checkpoint in {Path(out) / 'checkpoints'}")


# ── Evaluation (the clustering metrics; "infobj train --engine pytorch" adds the rest from the final checkpoint) ────────

def adjusted_rand_index(a, b):
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)
    pairs = lambda n: n * (n - 1) / 2
    index, rows, cols = pairs(table).sum(), pairs(table.sum(1)).sum(), pairs(table.sum(0)).sum()
    expected = rows * cols / pairs(len(a))
    top = (rows + cols) / 2
    return 1.0 if top == expected else float((index - expected) / (top - expected))


def normalized_mutual_information(a, b):
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)
    p = table / table.sum()
    pa, pb = p.sum(1), p.sum(0)
    nz = p > 0
    mi = (p[nz] * np.log(p[nz] / np.outer(pa, pb)[nz])).sum()
    entropy = lambda q: -(q[q > 0] * np.log(q[q > 0])).sum()
    denominator = (entropy(pa) + entropy(pb)) / 2
    return float(mi / denominator) if denominator > 0 else 1.0


def evaluate(nets, data, device):
    """ari and nmi of the evaluated encoder's most probable state on the training data (BatchNorm in eval mode); none for
    a continuous code, which has no states, or for a generator of a latent."""
    if EVALUATED is None or "labels" not in data or ENCODERS[EVALUATED]["family"] in ("deterministic", "gaussian"):
        return {}
    if not isinstance(ENCODERS[EVALUATED]["given"], str) or ENCODERS[EVALUATED]["given"] not in data:
        return {}
    net = nets[EVALUATED]
    net.eval()
    with torch.no_grad():
        x = torch.from_numpy(data[ENCODERS[EVALUATED]["given"]]).to(device, torch.get_default_dtype())
        raw = torch.cat([net(x[i:i + TRAIN["batch"]]) for i in range(0, len(x), TRAIN["batch"])]).cpu()
    net.train()
    if ENCODERS[EVALUATED]["family"] == "categorical":
        states = raw.argmax(1).numpy()
    else:
        states = (raw.reshape(-1) > 0).long().numpy()
    labels = data["labels"].astype(np.int64)
    return {"ari": adjusted_rand_index(labels, states), "nmi": normalized_mutual_information(labels, states)}


# ── The loop ──────────────────────────────────────────────────────────────────────────────────────────────────────────

RANK = 0


def log(line):
    if RANK == 0:
        print(line, file=sys.stderr, flush=True)


STOP = {"signal": None}


def ask_to_stop(signum, _frame):
    """SIGINT/SIGTERM: stop after the current step with a checkpoint (exit 130/143)."""
    STOP["signal"] = signal.Signals(signum).name


def stop_requested(device):
    """The same answer on every process: any process that was asked to stop stops them all at this step."""
    asked = torch.tensor([0.0 if STOP["signal"] is None else 1.0 + (STOP["signal"] == "SIGTERM")], device=device)
    if distributed():
        dist.all_reduce(asked, op=dist.ReduceOp.MAX)
    return {0.0: None, 1.0: "SIGINT", 2.0: "SIGTERM"}[float(asked)]


def load_data(folder):
    data = {name: np.load(Path(folder) / f"{name}.npy") for name in VARIABLES}
    for extra in ("labels", "order"):
        if (Path(folder) / f"{extra}.npy").exists():
            data[extra] = np.load(Path(folder) / f"{extra}.npy")
    return data


def build_initial_networks(folder, device):
    nets = build_networks()
    for name, net in nets.items():
        set_tfjs_weights(net, np.load(Path(folder) / "init" / f"{name}.npy"))
    return {name: net.to(device) for name, net in nets.items()}


def add_terms(sums, values):
    """One step's estimated term values added to the epoch's sums (one list per term: a vector term has several)."""
    flat = [v.detach().reshape(-1).tolist() for v in values]
    return [[s + x for s, x in zip(a, v)] for a, v in zip(sums, flat)] if sums else flat


def term_means(sums, steps):
    """The epoch's mean of every term, keyed as reported: a number, a list for a vector, None for a gradient-only term."""
    means = iter([[s / steps for s in v] for v in sums])
    out = {}
    for key, estimated in TERMS.items():
        m = next(means, []) if estimated else None
        out[key] = None if m is None else (m[0] if len(m) == 1 else m)
    return out


def accumulate_gradients(data, rows, nets, seed_of, rank, size, device):
    """The gradient of one update, into the parameters' .grad. train.microBatch splits the minibatch's rows into
    micro-batches, each a minibatch of its own — its means, plug-in marginals, BatchNorm statistics and label counts are
    over its rows, its noise drawn from its own seed — and the update averages their gradients (src/train/loop.ts);
    every process holds its slice of each micro-batch. Returns the loss and the terms' values, means over the
    micro-batches."""
    micro = TRAIN["micro_batch"]
    parts = len(rows) // micro
    loss, values = 0.0, []
    for m in range(parts):
        mine = rows[m * micro:(m + 1) * micro][rank * micro // size:(rank + 1) * micro // size]
        inputs = {v: torch.from_numpy(data[v][mine]).to(device, torch.get_default_dtype()) for v in VARIABLES}
        b = Batch(inputs, nets, seed_of(m), device)
        part = loss_of(b) / parts
        part.backward()
        loss += float(part)
        terms = [v.detach() / parts for v in term_values(b)]
        values = [a + t for a, t in zip(values, terms)] if values else terms
    return loss, values


def train(rank, size, args):
    global RANK
    RANK = rank
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("error: --device cuda: this torch sees no GPU")
    # one GPU per process: the launcher's LOCAL_RANK (torchrun, several machines), else the rank on this machine
    local_rank = int(os.environ.get("LOCAL_RANK", rank))
    device = torch.device(args.device if args.device == "cpu" else f"cuda:{local_rank % torch.cuda.device_count()}")
    if size > 1:
        backend = "nccl" if device.type == "cuda" else "gloo"
        dist.init_process_group(backend, init_method=args.init_method, rank=rank, world_size=size)
    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, ask_to_stop)
    torch.set_num_threads(threads_per_process(args, size))
    torch.set_default_dtype(getattr(torch, args.dtype))
    started = time.time()
    data = load_data(args.data)
    nets = build_initial_networks(args.data, device)
    parameters, optimizer = make_optimizer(nets)
    batch, n = TRAIN["batch"], len(data[VARIABLES[0]])
    if TRAIN["micro_batch"] % size:
        field = "train.batch" if TRAIN["micro_batch"] == batch else "train.microBatch"
        raise SystemExit(f"error: --nproc {size} must divide {field} {TRAIN['micro_batch']}")
    steps_per_epoch = n // batch
    restored = resume(args.out, nets, optimizer, parameters) if args.resume else (0, 0, 0.0, [], [])
    epoch0, step0, partial, partial_terms, history = restored
    total, done, t0 = TRAIN["epochs"] * steps_per_epoch, epoch0 * steps_per_epoch + step0, time.time()
    every = max(1, -(-total // 20))
    for epoch in range(epoch0, TRAIN["epochs"]):
        epoch_started = time.time()
        order = data["order"][epoch]  # the tfjs run's permutation of this epoch
        loss_sum = partial if epoch == epoch0 else 0.0
        resumed_mid_epoch = epoch == epoch0 and step0 > 0
        # resumed mid-epoch from a checkpoint that kept no term sums: this epoch's term means are unknown
        terms_known = not resumed_mid_epoch or len(partial_terms) == sum(TERMS.values())
        term_sums = partial_terms if resumed_mid_epoch and terms_known else []
        for group in optimizer.param_groups:
            group["lr"] = learning_rate_at(epoch)
        for step in range(step0 if epoch == epoch0 else 0, steps_per_epoch):
            rows = order[step * batch:(step + 1) * batch]
            optimizer.zero_grad()
            noise_seed = lambda micro: step_seed(epoch, step, micro)  # the loop's step, read now
            loss, values = accumulate_gradients(data, rows, nets, noise_seed, rank, size, device)
            average_gradients(parameters)
            if not math.isfinite(loss):
                raise SystemExit(f"error: epoch {epoch + 1}, step {step + 1}: the loss is {float(loss)}")
            optimizer.step()
            loss_sum += float(loss)
            term_sums = add_terms(term_sums, values)
            done += 1
            if done % every == 0 or done == total:
                elapsed = time.time() - t0
                log(f"{NAME}: step {done}/{total} loss {float(loss):.5f} elapsed {elapsed:.0f}s")
            reason = stop_requested(device)
            if reason:
                at = save_checkpoint(args.out, nets, optimizer, parameters, epoch, step + 1, loss_sum, term_sums, history) if rank == 0 else None
                finish(size, {"interrupted": reason, "checkpoint": at, "epoch": epoch + 1, "step": step + 1}, rank)
                sys.exit({"SIGINT": 130, "SIGTERM": 143}[reason])
        terms = {"terms": term_means(term_sums, steps_per_epoch)} if terms_known else {}
        history.append({"epoch": epoch + 1, "loss": loss_sum / steps_per_epoch, **terms, "seconds": time.time() - epoch_started})
        last = epoch + 1 == TRAIN["epochs"]
        if rank == 0 and ((epoch + 1) % TRAIN["checkpoint_every"] == 0 or last):
            at = save_checkpoint(args.out, nets, optimizer, parameters, epoch + 1, 0, 0.0, [], history)
            log(f"checkpoint {at} (epoch {epoch + 1})")
    report = None
    if rank == 0:
        metrics = {**evaluate(nets, data, device), **({"loss": history[-1]["loss"]} if history else {})}
        report = {
            "spec": SPEC, "objective": OBJECTIVE, "seed": TRAIN["seed"], "metrics": metrics, "history": history,
            "estimators": ESTIMATORS, "backend": f"pytorch {torch.__version__} ({device.type}, {size} process{'es' if size > 1 else ''})",
            "epochs": len(history), "seconds": time.time() - started,
        }
        Path(report_path(args)).write_text(json.dumps(report, indent=2) + "\\n")
        log("metrics: " + " ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    finish(size, {"report": report_path(args)}, rank)


def report_path(args):
    return args.report or str(Path(args.out, "report.json"))


def finish(size, result, rank):
    if rank == 0:
        print(json.dumps(result), flush=True)
    if size > 1:
        dist.destroy_process_group()


def worker(rank, size, args):
    """A spawned process: train, and print what stopped it (spawn keeps a worker's traceback to itself)."""
    try:
        train(rank, size, args)
    except Exception:
        traceback.print_exc()
        raise


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def threads_per_process(args, size):
    """--threads, or the machine's cores shared by the processes."""
    return args.threads or max(1, (os.cpu_count() or 1) // size)


def main():
    parser = argparse.ArgumentParser(description=f"Train {NAME} (generated by infobj gen --target pytorch).")
    parser.add_argument("--out", required=True, help="run folder: checkpoints and report.json")
    parser.add_argument("--data", default=DATA, help=f"the exported arrays (default {DATA})")
    parser.add_argument("--nproc", type=int, default=1, help="processes to spawn (data-parallel over gloo or NCCL)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--threads", type=int, default=0, help="torch threads per process (default: the cores / processes)")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                        help="float64 to check the arithmetic, e.g. N processes against one (the tfjs run is float32)")
    parser.add_argument("--resume", action="store_true", help="continue from the newest intact checkpoint in --out")
    parser.add_argument("--report", help="where report.json goes (default: in --out; infobj writes its own last)")
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    if "WORLD_SIZE" in os.environ:  # started by torchrun (or another launcher that sets RANK/WORLD_SIZE/MASTER_ADDR)
        args.init_method = "env://"
        train(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), args)
    elif args.nproc == 1:
        train(0, 1, args)
    else:
        args.init_method = f"tcp://127.0.0.1:{free_port()}"
        # OpenBLAS sizes its own thread pool from the environment when a process loads torch (torch.set_num_threads
        # does not reach it): the spawned processes share the cores instead of each taking all of them
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
            os.environ.setdefault(variable, str(threads_per_process(args, args.nproc)))
        context = mp.spawn(worker, args=(args.nproc, args), nprocs=args.nproc, join=False)

        def forward(signum, _frame):  # a signal to this process alone reaches the workers too
            for p in context.processes:
                if p.is_alive():
                    os.kill(p.pid, signum)

        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, forward)
        for p in context.processes:
            p.join()
        sys.exit(next((p.exitcode for p in context.processes if p.exitcode), 0))


if __name__ == "__main__":
    main()
`;
