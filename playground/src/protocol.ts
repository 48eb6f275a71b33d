/** What the page and its training worker say to each other. */

export interface PageSettings {
  readonly objective: string;
  readonly hypers: Record<string, number>;
  readonly family: 'bernoulli' | 'categorical';
  readonly size: number;
  readonly hidden: number[];
  readonly batchNorm: boolean;
  readonly shape: 'moons' | 'circles' | 'blobs' | 'spirals';
  readonly n: number;
  readonly noise: number;
  readonly clusters: number;
  readonly embed: number;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

export type ToWorker = {
  type: 'train';
  spec: unknown;
  backend: 'webgl' | 'wasm' | 'cpu';
};

export type FromWorker =
  | { type: 'backend'; name: string; note?: string }
  | { type: 'data'; plane: Float32Array; labels: Int32Array; describe: string }
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; ari: number; partition: Int32Array; seconds: number }
  | { type: 'done'; seconds: number }
  | { type: 'error'; message: string };

/** The spec the page trains, as a spec file would say it (decoded and checked by the library's spec decoder). */
export function specOf(s: PageSettings): Record<string, unknown> {
  return {
    name: 'playground',
    seed: s.seed,
    data: {
      kind: 'synthetic',
      shape: s.shape,
      n: s.n,
      noise: s.noise,
      ...(s.shape === 'blobs' || s.shape === 'spirals' ? { clusters: s.clusters } : {}),
      ...(s.embed > 2 ? { embed: { dim: s.embed, rotation: 'random' } } : {}),
    },
    model: {
      encoders: [
        { name: 'L', family: s.family, size: s.size, net: { kind: 'mlp', hidden: s.hidden, batchNorm: s.batchNorm } },
      ],
    },
    objective: { text: s.objective, hypers: s.hypers },
    train: { optimizer: 'adam', lr: s.lr, batch: s.batch, epochs: s.epochs },
    eval: { metrics: ['ari'] },
  };
}
