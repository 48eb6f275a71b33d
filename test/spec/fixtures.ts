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
