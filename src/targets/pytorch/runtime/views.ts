/**
 * The Python of convolutional networks, augmented views and the paired joint of two views (IIC): named helpers of the
 * generated program (runtime.ts#HELPERS), emitted when a spec's networks, `data.augment` or terms use them.
 */
export const VIEW_HELPERS = {
  cnn: `

class BatchNorm2d(BatchNorm):
    """BatchNorm over the channels of [B, C, H, W] activations, the statistics over the batch and every position
    (tfjs-layers' batchNormalization of NHWC activations, axis −1), of the whole minibatch across processes."""

    def forward(self, h):
        channels_last = h.permute(0, 2, 3, 1)
        out = super().forward(channels_last.reshape(-1, h.shape[1]))
        return out.reshape(channels_last.shape).permute(0, 3, 1, 2)


class CNN(nn.Module):
    """The Neural Bayes CNN (src/models/cnn.ts): per block a 3×3 convolution (stride 1, no padding, no bias) → BatchNorm
    → ReLU, or 2×2 max pooling (stride 2); then the mean over positions and a linear output. It reads the rows of an
    image (height, width, channels), flat in tfjs' NHWC order, and turns them into torch's NCHW once, at the input."""

    def __init__(self, image, blocks, width_out):
        super().__init__()
        self.image = image
        layers, channels = [], image[2]
        for block in blocks:
            if block == "pool":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(channels, block, 3, bias=False), BatchNorm2d(block), nn.ReLU()]
                channels = block
        self.layers = nn.Sequential(*layers)
        self.output = nn.Linear(channels, width_out)

    def forward(self, x):
        height, width, channels = self.image
        h = self.layers(x.reshape(-1, height, width, channels).permute(0, 3, 1, 2))
        return self.output(h.mean((2, 3)))
`,
  views: `

def augmented_view(b, view):
    """A view x' = g(x) of a variable (IIC §3.1; src/data/augment.ts): per row a shift of the image by (dy, dx), each
    uniform in [−shift, shift], filling with 0; then each value zeroed with probability mask; then Gaussian noise of
    standard deviation noise. Drawn from the step's generator for the whole minibatch (every process draws the same
    numbers), of which this process keeps its own rows."""
    x = b.input(view["of"])
    total = len(x) * (dist.get_world_size() if distributed() else 1)
    start, end = rows_of_this_process(total)
    if view["shift"]:
        s = view["shift"]
        offsets = torch.randint(-s, s + 1, (total, 2), generator=b.generator)[start:end].to(b.device)
        x = shifted(x.reshape(-1, *view["image"]), offsets, s).reshape(x.shape)
    if view["mask"]:
        kept = torch.rand((total, *x.shape[1:]), generator=b.generator)[start:end] >= view["mask"]
        x = x * kept.to(b.device)
    if view["noise"]:
        x = x + view["noise"] * torch.randn((total, *x.shape[1:]), generator=b.generator)[start:end].to(b.device)
    return x


def shifted(images, offsets, s):
    """Images [B, H, W, C] moved by offsets [B, 2] = (dy, dx), |dy|, |dx| ≤ s: out[y, x] = image[y − dy, x − dx], 0 where
    that falls outside the image."""
    rows, height, width, _ = images.shape
    padded = nn.functional.pad(images, (0, 0, s, s, s, s))
    ys = torch.arange(height, device=images.device)[None, :, None] - offsets[:, 0, None, None] + s
    xs = torch.arange(width, device=images.device)[None, None, :] - offsets[:, 1, None, None] + s
    return padded[torch.arange(rows, device=images.device)[:, None, None], ys, xs]
`,
  pairedJoint: `

def paired_joint(p, q, symmetric):
    """IIC Eq. 3: the joint P = E_b[p(z|x_b) p(w|x'_b)ᵀ] [K, L] of the paired minibatch, a mean over the whole minibatch
    (all processes); symmetrised, P ← (P + Pᵀ)/2, when one network reads both views (Z and Z' exchangeable)."""
    joint = global_mean(p.unsqueeze(2) * q.unsqueeze(1))
    return (joint + joint.t()) / 2 if symmetric else joint


def joint_information(joint):
    """IIC Eq. 1: I = Σ_kl P_kl (log P_kl − log P_k· − log P_·l), the plug-in of the batch joint."""
    rows, cols = joint.sum(1, keepdim=True), joint.sum(0, keepdim=True)
    return (joint * (torch.log(joint + EPS) - torch.log(rows + EPS) - torch.log(cols + EPS))).sum()


def joint_entropy(joint, conditional=False):
    """H(Z,W) = −Σ P log P, or H(Z|W) = H(Z,W) − H(W) with H(W) of the column sums; P inside the log without its
    gradient (Neural Bayes Theorem 2 on the joint states: Σ ∂P = 0), the same gradient as the exact plug-in's."""
    h = -(joint * torch.log(joint.detach() + EPS)).sum()
    if conditional:
        cols = joint.sum(0)
        h = h + (cols * torch.log(cols.detach() + EPS)).sum()
    return h
`,
} as const;
