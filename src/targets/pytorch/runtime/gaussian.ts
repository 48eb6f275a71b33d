/**
 * The Python helpers of Gaussian encoders q(z|x) = N(μ(x), diag σ²(x)) (src/families/gaussian.ts): closed forms over
 * the whole minibatch and log-densities per row, in the tfjs lowering's order of operations. Registered in runtime.ts'
 * HELPERS.
 */

/** Closed forms against N(0, I) and between two members, and the conditional entropy. */
const CLOSED_FORMS = `

LOG_2PI = math.log(2 * math.pi)


def gaussian_entropy(b, model):
    """E_x H(N(μ, σ²)) = E_x ½ Σ_d (log 2πe + log σ²)."""
    _, log_var = b.gaussian(model)
    return global_mean(0.5 * (LOG_2PI + 1 + log_var).sum(1))


def gaussian_kl_to_prior(b, model):
    """E_x KL(N(μ, σ²) ‖ N(0, I)) = E_x ½ Σ_d (μ² + σ² − 1 − log σ²) (lecture notes §3, VAE)."""
    mean, log_var = b.gaussian(model)
    return global_mean(0.5 * ((mean ** 2 + torch.exp(log_var)) - (1 + log_var)).sum(1))


def gaussian_cross_entropy_to_prior(b, model):
    """E_x CE(N(μ, σ²), N(0, I)) = E_x ½ Σ_d (μ² + σ² + log 2π)."""
    mean, log_var = b.gaussian(model)
    return global_mean(0.5 * ((mean ** 2 + torch.exp(log_var)) + LOG_2PI).sum(1))


def gaussian_kl_between(b, p, q):
    """E_x KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = E_x ½ Σ_d (σ₁²/σ₂² + (μ₁ − μ₂)²/σ₂² − 1 + log σ₂² − log σ₁²) (lecture notes §1.4.1)."""
    (mean_p, log_var_p), (mean_q, log_var_q) = b.gaussian(p), b.gaussian(q)
    ratio = (torch.exp(log_var_p) + (mean_p - mean_q) ** 2) / torch.exp(log_var_q)
    return global_mean(0.5 * ((ratio + log_var_q) - (1 + log_var_p)).sum(1))
`;

/** Log-densities per row, for the reparameterised Monte-Carlo estimates. */
const LOG_DENSITIES = `

def normal_log_density(v, mean, log_var):
    """log N(v; μ, diag σ²) = −½ Σ_d ((v − μ)²/σ² + log 2π + log σ²), per row."""
    return -0.5 * (((v - mean) ** 2 / torch.exp(log_var) + math.log(2 * math.pi)) + log_var).sum(1)


def standard_normal_log_density(v):
    """log N(v; 0, I) per row."""
    return -0.5 * (v ** 2 + math.log(2 * math.pi)).sum(1)
`;

/** The helpers by name (runtime.ts spreads them into HELPERS). */
export const GAUSSIAN_HELPERS = { gaussianClosedForms: CLOSED_FORMS, gaussianLogDensities: LOG_DENSITIES } as const;
