/** A valid small spec as YAML text, and a way to change one line of it. */
export const BASE_SPEC = `name: tiny
seed: 1
data:
  kind: synthetic
  shape: moons
  n: 200
  noise: 0.1
  embed: { dim: 8, rotation: random }
model:
  encoders:
    - name: L
      family: bernoulli
      size: 1
      net: { kind: mlp, hidden: [16, 16], batchNorm: true }
objective:
  preset: dms
  hypers: { β: 1 }
train: { optimizer: adam, lr: 0.001, batch: 100, epochs: 2 }
eval: { metrics: [ari, nmi, kmeans] }
`;

/** Replace `from` (which must occur) with `to` in the base spec. */
export function variant(from: string, to: string, base = BASE_SPEC): string {
  if (!base.includes(from)) throw new Error(`fixture: '${from}' is not in the spec`);
  return base.replace(from, to);
}

/** A valid mixture spec fitted by EM (lecture notes Appendix A.3.1). */
export const MIXTURE_SPEC = `name: tiny-em
seed: 1
data: { kind: synthetic, shape: blobs, clusters: 3, n: 300, noise: 0.5 }
model: { mixture: { components: 3 } }
objective: { preset: em-gmm }
train: { algorithm: em, iterations: 20 }
eval: { metrics: [ari, nmi] }
`;
