"""PyTorch twin of bench/peer/steps.ts cnnStep: Neural Bayes Appendix C MNIST CNN, MIM plug-in head, Adam, batch 500.
`--bn`: BatchNorm after each convolution instead of a bias. One JSON line, like /work/shared/bench/torch_peer.py."""
import json, sys, time
import torch, torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


def mim_loss(logits):
    # Neural Bayes MIM plug-in (Eq. 8) with the Theorem 2 stop-gradient on the marginal.
    L = torch.softmax(logits, 1)
    m = L.mean(0).detach()
    return -(L * torch.log(L / m + 1e-7)).sum(1).mean()


def conv(i, o, bn):
    return [nn.Conv2d(i, o, 3, bias=False), nn.BatchNorm2d(o), nn.ReLU()] if bn else [nn.Conv2d(i, o, 3), nn.ReLU()]


def bench_cnn(batch=500, steps=5, warm=2, bn=False):
    net = nn.Sequential(
        *conv(1, 100, bn), nn.MaxPool2d(2), *conv(100, 100, bn), *conv(100, 200, bn), nn.MaxPool2d(2),
        *conv(200, 500, bn), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(500, 10))
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    x = torch.rand(batch, 1, 28, 28)
    for i in range(warm + steps):
        if i == warm:
            t0 = time.perf_counter()
        opt.zero_grad(); mim_loss(net(x)).backward(); opt.step()
    dt = (time.perf_counter() - t0) / steps
    return {"bench": "mim_cnn_bn_step" if bn else "mim_cnn_step", "impl": "torch-cpu", "threads": torch.get_num_threads(), "ms_per_step": dt * 1e3,
            "samples_per_s": batch / dt}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--bn"]
    print(json.dumps(bench_cnn(steps=int(args[0]) if args else 5, bn="--bn" in sys.argv)))
