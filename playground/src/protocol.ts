/** What the page and its training worker say to each other, and the spec the page's settings describe. */
import type { TermValues } from '../../src/train/loop.ts';

export const SHAPES = ['moons', 'circles', 'blobs', 'spirals'] as const;
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Everything the page's form holds: the state a shared URL carries. */
export interface PageSettings {
  readonly objective: string;
  /** As typed: "β=1, γ=0.5". */
  readonly hypers: string;
  readonly family: 'bernoulli' | 'categorical' | 'gaussian';
  readonly size: number;
  /** Hidden widths as typed: "200,200". */
  readonly hidden: string;
  readonly batchNorm: boolean;
  /** The noise of a second view X' = x + view·ε drawn per batch (0: none), and whether L also encodes it as Z'. */
  readonly view: number;
  readonly pairedView: boolean;
  /** A Gaussian decoder p(x|z) of the data from Z (a VAE's). */
  readonly decoder: boolean;
  /** A synthetic shape, or the CSV file uploaded into the page (by its name). */
  readonly shape: (typeof SHAPES)[number] | 'csv';
  readonly n: number;
  readonly noise: number;
  readonly clusters: number;
  readonly embed: number;
  /** The uploaded CSV's file name and its label column ('' for none). */
  readonly csv: string;
  readonly labelColumn: string;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  readonly backend: BackendChoice;
}

export const DEFAULTS: PageSettings = {
  objective: 'max I(X;Z) − β·R_c(L)',
  hypers: 'β=1',
  family: 'bernoulli',
  size: 1,
  hidden: '200,200',
  batchNorm: true,
  view: 0,
  pairedView: false,
  decoder: false,
  shape: 'moons',
  n: 2000,
  noise: 0.1,
  clusters: 3,
  embed: 2,
  csv: '',
  labelColumn: '',
  epochs: 20,
  batch: 200,
  lr: 0.001,
  seed: 0,
  backend: 'auto',
};

/** One plot point of the surface: the encoder's state probabilities p(z|x) on a grid over the data plane. */
export interface Surface {
  readonly steps: number;
  /** steps × steps rows (from the lowest v), `width` probabilities each. */
  readonly probs: Float32Array;
  readonly width: number;
}

export type Control = 'pause' | 'resume' | 'step' | 'stop';

export type ToWorker =
  | { type: 'init'; backend: BackendChoice }
  /** The spec the page would train now: the worker compiles it and builds its networks before Train is pressed. */
  | { type: 'prepare'; spec: unknown; files: Record<string, string> }
  | { type: 'train'; spec: unknown; paused: boolean; files: Record<string, string> }
  | { type: 'control'; action: Control }
  /** Applied while training: the learning rate from the next epoch, the hyper-parameters from the next step. */
  | { type: 'live'; lr: number; hypers: Record<string, number> };

export type FromWorker =
  | { type: 'backend'; name: string; threads: number; simd: boolean; note: string }
  | {
      type: 'data';
      /** The 2-D plane the data are drawn in, its labels (if known), and the grid the surface is evaluated on. */
      plane: Float32Array;
      labels: Int32Array | undefined;
      grid: { origin: readonly [number, number]; cell: readonly [number, number]; steps: number } | undefined;
      describe: string;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      loss: number;
      ari: number;
      terms: TermValues;
      lr: number;
      /** The most probable state of each sample and the surface: absent for an encoder without states. */
      partition: Int32Array | undefined;
      surface: Surface | undefined;
      /** Since Train was pressed (worker time), and this epoch's own training time. */
      seconds: number;
      epochSeconds: number;
    }
  | { type: 'paused'; epoch: number }
  | { type: 'resumed' }
  | { type: 'done' }
  | { type: 'stopped'; epoch: number }
  | { type: 'error'; message: string };

/** "β=4, γ=1" → { β: 4, γ: 1 } (an error names the part it cannot read). */
export function parseHypers(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[=:]\s*(-?[\d.eE+-]+)$/.exec(part);
    if (!m || !Number.isFinite(Number(m[2]))) throw new Error(`hyper-parameters: expected name=value, got '${part}'`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

export const hiddenWidths = (text: string): number[] =>
  text
    .split(',')
    .map((w) => Number(w.trim()))
    .filter((w) => w > 0);

/**
 * The spec the page trains, as a spec file says it (decoded and checked by the library's spec decoder); `hypers` are
 * the ones the objective uses (the page warns about the others instead of refusing them); `dim` is the data's (the
 * decoder's output).
 */
export function specOf(s: PageSettings, hypers: Record<string, number>, dim: number): Record<string, unknown> {
  const labelColumn = /^\d+$/.test(s.labelColumn) ? Number(s.labelColumn) : s.labelColumn;
  const mlp = { kind: 'mlp', hidden: hiddenWidths(s.hidden), batchNorm: s.batchNorm };
  return {
    name: 'playground',
    seed: s.seed,
    data:
      s.shape === 'csv'
        ? {
            kind: 'csv',
            path: s.csv || 'data.csv',
            ...(s.labelColumn ? { labelColumn } : {}),
            ...(s.view > 0 ? { augment: [{ name: "X'", of: 'X', noise: s.view }] } : {}),
          }
        : {
            kind: 'synthetic',
            shape: s.shape,
            n: s.n,
            noise: s.noise,
            ...(s.shape === 'blobs' || s.shape === 'spirals' ? { clusters: s.clusters } : {}),
            ...(s.embed > 2 ? { embed: { dim: s.embed, rotation: 'random' } } : {}),
            ...(s.view > 0 ? { augment: [{ name: "X'", of: 'X', noise: s.view }] } : {}),
          },
    model: {
      encoders: [
        {
          name: 'L',
          family: s.family,
          size: s.size,
          ...(s.view > 0 && s.pairedView ? { also: [{ target: "Z'", given: "X'" }] } : {}),
          net: mlp,
        },
        ...(s.decoder ? [{ name: 'dec', target: 'X', given: 'Z', family: 'gaussian', size: dim, net: mlp }] : []),
      ],
    },
    objective: { text: s.objective, hypers },
    train: { optimizer: 'adam', lr: s.lr, batch: s.batch, epochs: s.epochs },
    // the ARI needs labels and a discrete encoder's states
    eval: { metrics: (s.shape === 'csv' && !s.labelColumn) || s.family === 'gaussian' ? [] : ['ari'] },
  };
}
