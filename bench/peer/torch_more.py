"""PyTorch twins of bench/library.ts's VAE step, the SSGE estimate (bench/ssge.ts) and the critic step of sample MI
estimation (bench/critic.ts). One JSON line each."""
import json, sys, time
import torch, torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


def bench_vae(batch=500, steps=20, warm=3, d=16):
    # lecture notes §3: Gaussian encoder 784-400-(2×16), Bernoulli decoder 16-400-784, closed-form KL, Adam
    enc = nn.Sequential(nn.Linear(784, 400), nn.ReLU(), nn.Linear(400, 2 * d))
    dec = nn.Sequential(nn.Linear(d, 400), nn.ReLU(), nn.Linear(400, 784))
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), 1e-3)
    x = (torch.rand(batch, 784) > 0.5).float()
    for i in range(warm + steps):
        if i == warm:
            t0 = time.perf_counter()
        mu, logvar = enc(x).chunk(2, 1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = -nn.functional.binary_cross_entropy_with_logits(dec(z), x, reduction="none").sum(1).mean()
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(1).mean()
        opt.zero_grad(); (kl - rec).backward(); opt.step()
    dt = (time.perf_counter() - t0) / steps
    return {"bench": "vae_step", "impl": "torch-cpu", "ms_per_step": dt * 1e3, "samples_per_s": batch / dt}


def ssge(x, ratio=0.99):
    # SSGE (Shi et al. 2018) in float64 with torch.linalg.eigh, median bandwidth, as src/estimators/ssge.ts
    x = x.double()
    M = x.shape[0]
    d2 = torch.cdist(x, x) ** 2
    iu = torch.triu_indices(M, M, 1)
    sigma = d2[iu[0], iu[1]].median().sqrt()
    K = torch.exp(-d2 / (2 * sigma ** 2))
    r = K.sum(1)
    lam, U = torch.linalg.eigh(K + 1e-6 * torch.eye(M, dtype=x.dtype))
    lam, U = lam.flip(0), U.flip(1)
    J = int((torch.cumsum(lam.clamp(min=0), 0) < ratio * lam.clamp(min=0).sum()).sum()) + 1
    lam, U = lam[:J], U[:, :J]
    beta = (M ** 0.5 / (M * sigma ** 2)) / lam[:, None] * ((U * (lam[None, :] - r[:, None])).T @ x)
    return (M ** 0.5) * U @ beta


def bench_ssge(M=500, dim=512, k=32, reps=8):
    x = torch.randn(M, dim)
    R = torch.randn(dim, k)
    R = R / R.norm(dim=1, keepdim=True)
    times = []
    for i in range(reps + 2):
        t0 = time.perf_counter()
        ssge(x @ R)
        if i >= 2:
            times.append(time.perf_counter() - t0)
    times.sort()
    return {"bench": "ssge_m500_rp512", "impl": "torch-cpu", "ms_per_estimate": times[len(times) // 2] * 1e3}


def bench_critic(steps=200, warm=50, dim=5, n=10_000, batch=256):
    # SMILE (Song & Ermon 2020, tau = 5) with bmi's critic: MLP (16, 8) on the concatenated pair, every pair of a batch;
    # its first layer W[x; y] + b split as W_x x + W_y y + b, as src/estimate/networks.ts does. Adam lr 0.1.
    x = torch.randn(n, dim)
    y = 0.75 * x + (1 - 0.75 ** 2) ** 0.5 * torch.randn(n, dim)
    x, y = (x - x.mean(0)) / x.std(0), (y - y.mean(0)) / y.std(0)
    perm = torch.randperm(n)
    train, test = perm[: n // 2], perm[n // 2:]
    first, rest = nn.Linear(2 * dim, 16), nn.Sequential(nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))

    def scores(xb, yb):
        w, b = first.weight, first.bias
        a, c = xb @ w[:, :dim].T + b, yb @ w[:, dim:].T
        return rest(a[:, None, :] + c[None, :, :]).squeeze(-1)  # [B, B], positives on the diagonal

    def smile(s):
        pos, eye = s.diagonal(), torch.eye(s.shape[0], dtype=torch.bool)
        neg = s[~eye]
        js = -nn.functional.softplus(-pos).mean() - nn.functional.softplus(neg).mean()
        clipped = neg.clamp(-5, 5)
        value = pos.mean() - (torch.logsumexp(clipped, 0) - torch.log(torch.tensor(float(neg.numel()))))
        return value.detach() + js - js.detach()

    def run(k):
        opt = torch.optim.Adam(list(first.parameters()) + list(rest.parameters()), 0.1)
        for _ in range(k):
            idx = train[torch.randint(0, len(train), (batch,))]
            loss = -smile(scores(x[idx], y[idx]))
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            return sum(float(smile(scores(x[test[i:i + batch]], y[test[i:i + batch]])))
                       for i in range(0, len(test) - batch + 1, batch))

    run(warm)
    t0 = time.perf_counter()
    run(steps)
    dt = (time.perf_counter() - t0) / steps
    return {"bench": "critic_step", "impl": "torch-cpu", "ms_per_step": dt * 1e3, "samples_per_s": batch / dt}


if __name__ == "__main__":
    for r in (bench_vae(), bench_ssge(), bench_critic()):
        print(json.dumps(r))
