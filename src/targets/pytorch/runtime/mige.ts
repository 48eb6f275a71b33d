/**
 * The Python helpers of the MIGE lowering (src/estimators/mige.ts): SSGE as src/estimators/ssge.ts computes it, on the
 * samples of the whole minibatch, and the score surrogates whose gradient is MIGE's. Registered in runtime.ts' HELPERS.
 */

/** SSGE and the surrogate E[sg(ŝ(v))·v]; every MIGE term reads them. */
const SSGE = `

def ssge(samples, eigen_ratio):
    """Score estimates ŝ(x) = ∇log q(x) at M samples of q (Shi et al. 2018; MIGE §2.1, Eq. 4), as src/estimators/ssge.ts:
    ŝ(x_i) = Σ_{j≤J} β_j ψ_j(x_i), ψ_j(x_i) = √M·u_ij at the samples, β_j = √M/(M λ_j σ²) Σ_m (λ_j − r_m) u_mj x_m, with
    K = UΛUᵀ the RBF Gram matrix k(x, y) = exp(−‖x − y‖²/(2σ²)) (+ 1e-6 on its diagonal), r = K·1 before it, σ the
    median pairwise distance (the ⌊n/2⌋-th smallest of the n pairs), J the fewest eigenvalues reaching eigen_ratio of
    their sum. The Gram matrix and its eigendecomposition in float64, the rest in the samples' precision. No gradient."""
    x = samples.detach()
    M = x.shape[0]
    x64 = x.double()
    norms = (x64 * x64).sum(1)
    d2 = (norms[:, None] + norms[None, :] - 2 * x64 @ x64.T).clamp_min(0).fill_diagonal_(0)
    upper = d2[tuple(torch.triu_indices(M, M, 1))]
    sigma = math.sqrt(float(upper.kthvalue(len(upper) // 2 + 1).values)) if len(upper) else 1.0
    sigma = sigma if sigma > 0 else 1.0
    K = torch.exp(d2 / (-2 * sigma * sigma))
    r = K.sum(1)
    values, vectors = torch.linalg.eigh(K + 1e-6 * torch.eye(M, dtype=K.dtype, device=K.device))
    values, vectors = values.flip(0), vectors.flip(1)  # descending
    kept = values.clamp_min(0).cumsum(0)
    J = min(M, int((kept < eigen_ratio * kept[-1]).sum()) + 1)
    u, lam, r = vectors[:, :J].to(x.dtype), values[:J].to(x.dtype), r.to(x.dtype)
    weights = u * (lam[None, :] - r[:, None])
    beta = ((math.sqrt(M) / (M * sigma * sigma)) / lam)[:, None] * (weights.T @ x)
    return (math.sqrt(M) * u) @ beta


def score_surrogate(b, v, eigen_ratio, columns=None):
    """E[sg(ŝ(v))·v] over the whole minibatch, its gradient E[ŝ·∇v] (MIGE Eq. 9): ŝ by SSGE on the rows of every
    process (a stop-gradient quantity, the same on each), the gradient through this process's rows of v only. With
    \`columns\` (start), the score of the joint samples v of which only v[:, start:] carries a gradient."""
    everything = all_gather_rows(v.detach())
    start, end = rows_of_this_process(everything.shape[0])
    scores = ssge(everything, eigen_ratio)[start:end]
    if columns is not None:
        scores, v = scores[:, columns:], v[:, columns:]
    return global_mean((scores * v).sum(1))
`;

/** Circumstance I's joint score of (Rx, z). */
const JOINT = `

def random_projection(b, width_in, width_out):
    """R [width_in, width_out] ~ N(0, 1) with unit-length rows, the same on every process: x ↦ xR before SSGE (MIGE §3.3)."""
    g = b.normal((width_in, width_out))
    return g / g.norm(dim=1, keepdim=True)


def joint_surrogate(b, model, eigen_ratio, project_to):
    """E[sg(ŝ_(Rx,z))|_z · z], the surrogate of −H(X,Z) for z = f(x) (MIGE Circumstance I, Eq. 12): x randomly
    projected to project_to dimensions when it has more (§3.3), the gradient through z only."""
    x = b.values_of(ENCODERS[model]["given"]).flatten(1)
    z = b.sample(model)
    if x.shape[1] > project_to:
        x = x @ random_projection(b, x.shape[1], project_to)
    return score_surrogate(b, torch.cat([x.detach(), z], 1), eigen_ratio, columns=x.shape[1])
`;

/** The helpers by name (runtime.ts spreads them into HELPERS). */
export const MIGE_HELPERS = { ssge: SSGE, jointScore: JOINT } as const;
