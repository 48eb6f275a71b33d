/**
 * The Python of critic bounds and the GAN discriminator (src/estimators/bounds.ts, scores.ts): the critic's scores over
 * the whole minibatch (the other variable's samples all-gathered with their gradient), one function per bound formula,
 * the gradient reversal of an adversarial critic. Registered in runtime.ts' HELPERS; the lowerings in ../critics.ts name
 * the ones a term calls.
 */

/** Scores T(x_i, y_{i+j}) over the all-gathered minibatch, the shared pieces of every critic bound. */
const critics = `

# ── Critics: variational bounds on I over the whole minibatch ─────────────────────────────────────────────────────────
# A critic T is a network of its own, trained jointly with the encoders by the same optimiser on the same loss (it
# ascends its bound). Each process scores its own rows x_i against the samples y of the WHOLE minibatch: y is
# all-gathered with its gradient, so the negatives are those one process holding the whole minibatch would use, and
# N processes × B/N rows give the one-process loss and gradients exactly.

class AllGatherRows(torch.autograd.Function):
    """The rows of every process in rank order, with gradient: every process's loss reads every row, so backward sums the
    incoming gradient over processes (all-reduce) and returns this process's slice."""

    @staticmethod
    def forward(ctx, x):
        size = dist.get_world_size()
        parts = [torch.empty_like(x) for _ in range(size)]
        dist.all_gather(parts, x.contiguous())
        ctx.start, ctx.end = rows_of_this_process(x.shape[0] * size)
        return torch.cat(parts)

    @staticmethod
    def backward(ctx, grad):
        grad = grad.contiguous().clone()
        dist.all_reduce(grad)  # Σ over processes of ∂loss_p/∂rows
        return grad[ctx.start:ctx.end]


def all_gather_rows_with_gradient(x):
    """The whole minibatch's rows [B, ...] (all processes, rank order), differentiable in this process's rows."""
    return AllGatherRows.apply(x) if distributed() else x


def flat(t):
    """Each sample's values as one row: [rows, values]."""
    return t.reshape(t.shape[0], -1)


def critic_scores(b, critic, x, y, candidates):
    """The critic's outputs T(x_i, y_{i+j}) for j < K, positive first: [rows, K, outputs] (src/estimators/bounds.ts).
    Row i of the whole minibatch meets its own y_i and the next K − 1 rows' y, cyclically over the minibatch of all
    processes (B rows), K = min(B, candidates)."""
    everything = all_gather_rows_with_gradient(y)
    B = everything.shape[0]
    K = min(B, candidates)
    start, _ = rows_of_this_process(B)
    rows = torch.arange(start, start + x.shape[0], device=x.device)
    index = (rows[:, None] + torch.arange(K, device=x.device)[None, :]) % B
    pairs = torch.cat([x[:, None, :].expand(-1, K, -1), everything[index]], 2)
    return b.nets[critic](pairs.reshape(x.shape[0] * K, -1)).reshape(x.shape[0], K, -1)


def log_mean_exp(t, dim=None):
    """log of the mean of e^t over dim (a row's candidates), or over every element of t [rows, n] on every process (dim
    None); the max is shifted out under no gradient (its gradient cancels), the same max on every process."""
    if dim is not None:
        shift = t.detach().amax(dim, keepdim=True)
        return torch.log(torch.exp(t - shift).mean(dim)) + shift.squeeze(dim)
    shift = t.detach().max()
    if distributed():
        dist.all_reduce(shift, op=dist.ReduceOp.MAX)
    return torch.log(global_mean(torch.exp(t - shift).mean(1))) + shift
`;

/** An adversarial critic's inputs reversed, its bound valued as itself with the gradient of its negative. */
const adversarial = `

class ReverseGradient(torch.autograd.Function):
    """Gradient reversal (Ganin & Lempitsky 2015): identity forward, −scale·grad backward (scale per row, no gradient)."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(scale)
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        (scale,) = ctx.saved_tensors
        return -grad * scale.reshape(-1, *([1] * (grad.dim() - 1))), None


def reverse_gradient(x, scale=None):
    return ReverseGradient.apply(x, torch.ones(x.shape[0], dtype=x.dtype, device=x.device) if scale is None else scale)


def played_against(bound):
    """The bound's value with the gradient of −bound: the objective goes against the bound (min_G max_T), so the loss
    moves the critic up its bound while the samples' producers, which it reads reversed, move down (lecture notes §2.1)."""
    return bound.detach() - bound + bound.detach()
`;

/**
 * The batch formulas of scores.ts over `scores` [rows, K] (positive first) of this process's rows; every mean over the
 * minibatch is a global one.
 */
const BOUNDS = {
  mine: `

def dv_bound(scores):
    """MINE, Donsker–Varadhan (Belghazi et al. 2018; I_DV of Poole et al. 2019): E_p[T] − log E_q[e^T]."""
    return global_mean(scores[:, 0]) - log_mean_exp(scores[:, 1:])
`,
  nwj: `

def nwj_bound(scores):
    """NWJ (Nguyen, Wainwright & Jordan 2010; MINE-f, Belghazi et al. 2018): E_p[T] − e^{−1} E_q[e^T]."""
    return global_mean(scores[:, 0]) - math.exp(-1) * global_mean(torch.exp(scores[:, 1:]).mean(1))
`,
  jsd: `

def jsd_bound(scores):
    """The JSD proxy of DIM (Hjelm et al. 2019): −E_p[softplus(−T)] − E_q[softplus(T)]."""
    softplus = torch.nn.functional.softplus
    return -global_mean(softplus(-scores[:, 0])) - global_mean(softplus(scores[:, 1:]).mean(1))
`,
  infonce: `

def infonce_bound(scores):
    """InfoNCE (van den Oord et al. 2018; I_NCE of Poole et al. 2019): E_i[T(x_i, y_i) − log (1/K) Σ_j e^{T(x_i, y_j)}]."""
    return global_mean(scores[:, 0] - log_mean_exp(scores, 1))
`,
  smile: `

SMILE_CLIP = 5  # τ of Song & Ermon 2020's benchmark


def smile_bound(scores):
    """SMILE (Song & Ermon 2020): valued E_p[T] − log E_q[clip(e^T, e^{−τ}, e^τ)], with the JSD bound's gradient."""
    clipped = torch.cat([scores[:, :1], scores[:, 1:].clamp(-SMILE_CLIP, SMILE_CLIP)], 1)
    surrogate = jsd_bound(scores)
    return dv_bound(clipped.detach()) + surrogate - surrogate.detach()
`,
  tuba: `

def tuba_bound(scores, log_baseline):
    """TUBA (Poole et al. 2019): 1 + E_p[T − log a(x)] − E_q[e^{T − log a(x)}], a learned baseline log a(x)."""
    joint = global_mean(scores[:, 0] - log_baseline)
    return 1 + (joint - global_mean(torch.exp(scores[:, 1:] - log_baseline[:, None]).mean(1)))
`,
  flo: `

def flo_bound(scores, u):
    """FLO (Guo et al. 2022): 1 + E[−u(x, y) − e^{−u(x, y)} E_{y'}[e^{T(x, y') − T(x, y)}]]."""
    ratio = log_mean_exp(scores[:, 1:] - scores[:, :1], 1)
    return 1 + global_mean(-u - torch.exp(ratio - u))
`,
} as const;

/** The GAN discriminator's bound of a weighted JSD between two sampled distributions, with the non-saturating step. */
const discriminator = `

LOGIT_CAP = 50  # cap of exp(±a) in the non-saturating reweighting (a logit beyond ±50 means D is saturated anyway)


def discriminator_bound(b, network, p, q, w1, w2, adversarial):
    """JSD_w(p, q) ≥ H(w) + w₁E_p[log σ(T)] + w₂E_q[log(1 − σ(T))] (lecture notes §2.2, Eq. 4–5). Adversarial (a GAN): a
    sampler behind p or q gets the non-saturating step of §2.4 (for q the gradient of −log D(G(z)) instead of
    log(1 − D(G(z)))) by scaling its reversed gradient by (1 − D)/D = e^{−a} per sample (e^{a} on the p side)."""
    T = lambda x: b.nets[network](x).reshape(-1)

    def read(x, sign):
        if not adversarial:
            return T(x)
        scale = torch.exp(torch.clamp(T(x) * sign, max=LOGIT_CAP)).detach()
        return T(reverse_gradient(x, scale))

    softplus = torch.nn.functional.softplus
    ap, aq = read(p, 1), read(q, -1)
    entropy = -(w1 * math.log(w1) + w2 * math.log(w2))
    return entropy + (-w1 * global_mean(softplus(-ap)) + -w2 * global_mean(softplus(aq)))
`;

export const CRITIC_HELPERS = {
  critics,
  adversarial,
  discriminator,
  boundMine: BOUNDS.mine,
  boundNwj: BOUNDS.nwj,
  boundJsd: BOUNDS.jsd,
  boundInfonce: BOUNDS.infonce,
  boundSmile: BOUNDS.smile,
  boundTuba: BOUNDS.tuba,
  boundFlo: BOUNDS.flo,
} as const;
