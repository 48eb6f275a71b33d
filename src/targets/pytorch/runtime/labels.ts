/**
 * Python helpers of the terms over observed values (src/estimators/observed.ts): the labels' marginal counted over the
 * whole minibatch, and a classifier's (or decoder's) log-likelihood at the values of its target.
 */
export const LABEL_HELPERS = {
  labelCounts: `

def label_marginal(b, labels):
    """p̂(y) [K]: the one-hot labels' marginal counted over the whole minibatch (a constant of the data: no gradient)."""
    return global_mean(b.inputs[labels]).detach()


def label_entropy(b, labels):
    """H(Y) = −Σ_y p̂(y) log(p̂(y) + ε) of the counted label marginal."""
    p = label_marginal(b, labels)
    return -(p * torch.log(p + EPS)).sum()
`,
  logLikelihood: `

def log_likelihood(b, model, target):
    """log q(v|·) per sample at the values v of \`target\` (observed, drawn from its prior, or its encoder's sample):
    Σ_k v_k log softmax(a)_k of a categorical with one-hot v, Σ_i v_i log σ(a_i) + (1 − v_i) log σ(−a_i) of Bernoulli
    bits, log N(v; μ, σ²) of a Gaussian."""
    v, a = b.input(target).flatten(1), b.raw(model)
    family = ENCODERS[model]["family"]
    if family == "categorical":
        return (v * torch.log_softmax(a, 1)).sum(1)
    if family == "gaussian":
        return normal_log_density(v, *a.chunk(2, 1))
    return -(v * nn.functional.softplus(-a) + (1 - v) * nn.functional.softplus(a)).sum(1)
`,
} as const;
