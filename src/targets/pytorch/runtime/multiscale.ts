/**
 * The Python of Neural Bayes Appendix E's multi-scale heads (src/models/heads.ts, src/objectives/multiscale.ts): every
 * hidden activation of the CNN, and its 2×2 average pooling, read as a categorical distribution over channels at each
 * location; the locations of the whole minibatch are the samples. The heads have no weights of their own. Registered in
 * runtime.ts' HELPERS; program.ts adds their loss to the objective's when the spec says `model.heads: multiscale`.
 */
export const MULTISCALE_HELPERS = {
  multiscaleHeads: `

def hidden_activations(net, x):
    """The CNN's hidden activations on x, [B, C, H, W]: each convolution block's output after its ReLU. A pass of its
    own, as tfjs' heads make one (in training mode BatchNorm's statistics move once more)."""
    height, width, channels = net.image
    h, hidden = x.reshape(-1, height, width, channels).permute(0, 3, 1, 2), []
    for layer in net.layers:
        h = layer(h)
        if isinstance(layer, nn.ReLU):
            hidden.append(h)
    return hidden


def locations(h):
    """[B, C, H, W] ↦ [B·H·W, C]: every location a sample, its channels the states."""
    return h.permute(0, 2, 3, 1).reshape(-1, h.shape[1])


def multiscale_heads(net, x):
    """Neural Bayes Appendix E's heads by name: h_i, every hidden activation, and P(h_i), its 2×2 average pooling where
    h_i is at least 2×2 — each the logits [B·H·W, C] of a categorical over channels."""
    heads = {}
    for i, h in enumerate(hidden_activations(net, x)):
        heads[f"h{i}"] = locations(h)
        if h.shape[2] >= 2 and h.shape[3] >= 2:
            heads[f"P(h{i})"] = locations(nn.functional.avg_pool2d(h, 2, 2))
    return heads


def multiscale_loss(b, model):
    """Neural Bayes Appendix E: on every head, L = softmax over channels at each location, the first two terms of MIM-v2
    (Eq. 10), −E Σ_k L_k log(L_k + ε) + (1 + α)·R_p with R_p = −Σ_k [1/K log E[L_k] + (K−1)/K log(1 − E[L_k])] (Eq. 9),
    the expectations over the locations of the whole minibatch; the mean over heads. Minimised with the objective."""
    alpha = HYPERS.get("α", 0)
    x = b.input(ENCODERS[model]["given"])
    losses = []
    for logits in multiscale_heads(b.nets[ENCODERS[model]["network"]], x).values():
        L = torch.softmax(logits, 1)
        K = L.shape[1]
        m = global_mean(L)
        uniform_prior = -(1 / K * torch.log(m + EPS) + (K - 1) / K * torch.log(1 - m + EPS)).sum()
        losses.append(-global_mean((L * torch.log(L + EPS)).sum(1)) + (1 + alpha) * uniform_prior)
    return sum(losses) / len(losses)
`,
} as const;
