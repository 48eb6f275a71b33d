/**
 * The Python of CLUB and L1Out (src/estimators/conditionalBounds.ts, bounds.ts, scores.ts): upper bounds on I(X;Z) of a
 * Gaussian encoder over log q(z_i|x_j), its own conditional at its reparameterised samples, against the parameters of
 * the whole minibatch (all-gathered with their gradient, runtime/critics.ts). Registered in runtime.ts' HELPERS.
 */
const CONDITIONAL_SCORES = `

def conditional_scores(b, model, candidates):
    """log q(z_i | x_{i+j}) of the Gaussian encoder's own conditional at its sample z_i, for j < K, positive first:
    [rows, K] (src/estimators/bounds.ts). Row i of the whole minibatch meets the parameters μ, log σ² of its own x_i and
    of the next K − 1 rows', cyclically over the minibatch of all processes (B rows), K = min(B, candidates)."""
    z = b.sample(model)
    everything = all_gather_rows_with_gradient(b.raw(model))
    B = everything.shape[0]
    K = min(B, candidates)
    start, _ = rows_of_this_process(B)
    rows = torch.arange(start, start + z.shape[0], device=z.device)
    index = (rows[:, None] + torch.arange(K, device=z.device)[None, :]) % B
    mean, log_var = everything[index].chunk(2, 2)
    return -0.5 * (((z[:, None, :] - mean) ** 2 / torch.exp(log_var) + math.log(2 * math.pi)) + log_var).sum(2)
`;

/** The two bounds' formulas over the scores [rows, K] (scores.ts); every mean over the minibatch a global one. */
const CLUB = `

def club_bound(scores):
    """CLUB (Cheng et al. 2020): E_p[log q(z|x)] − E_{p(x)p(z)}[log q(z|x)], over every pair the scores hold."""
    return global_mean(scores[:, 0]) - global_mean(scores.mean(1))
`;

const L1OUT = `

def l1out_bound(scores):
    """L1Out (Poole et al. 2019; Cheng et al. 2020): E_i[log q(z_i|x_i) − log 1/(K−1) Σ_{j≠i} q(z_i|x_j)]."""
    return global_mean(scores[:, 0] - log_mean_exp(scores[:, 1:], 1))
`;

/** The helpers by name (runtime.ts spreads them into HELPERS). */
export const CONDITIONAL_BOUND_HELPERS = {
  conditionalScores: CONDITIONAL_SCORES,
  boundClub: CLUB,
  boundL1out: L1OUT,
} as const;
