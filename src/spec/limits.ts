/**
 * Checks a spec must pass before any work (`check` and `train` both run them through `compileSpec`): the memory the
 * spec needs, estimated from its sizes, fits this machine (the error names the field that asks the most); the name
 * fits in a folder name; file data are read and validated; an epoch has at least one step.
 */
import { totalmem } from 'node:os';
import { MNIST_FULL_TEST } from '../data/mnistSizes.ts';
import { loadRunData } from './data.ts';
import { knownTrainingRows } from './defaults.ts';
import { familyOf } from '../families/index.ts';
import { SpecError } from './errors.ts';
import { givensOf, type DataSpec, type EncoderSpec, type Spec } from './schema.ts';
import { children, type Encoder, type Expr } from '../expr/index.ts';
import { ESTIMATOR_MODULES, moduleOf } from '../estimators/registry.ts';
import type { EstimatorModule } from '../estimators/types.ts';
import type { Plan } from '../plan/types.ts';

/** A run folder is named after the spec; most file systems allow 255 bytes per name, and `-N` is appended. */
export const MAX_NAME_LENGTH = 100;
/** tfjs keeps each tensor in one typed array, which holds at most 2³¹ − 1 elements here. */
const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;
const BYTES_PER_FLOAT = 4;
/** Copies of every parameter while training with Adam: weights, gradient, two moments. */
const PARAMETER_COPIES = 4;
/** Copies of every parameter in a checkpoint: weights and Adam's two moments. */
const CHECKPOINT_COPIES = 3;
/** Activations are kept for the backward pass, with BatchNorm and ReLU outputs beside them. */
const ACTIVATION_COPIES = 3;
const MNIST_PIXELS = 28 * 28;
/** Parameters and activations per sample of the fixed CNNs at widthScale 1 (src/models/cnn.ts). */
const CNN_SIZES = {
  'cnn-mnist': { parameters: 1.17e6, activations: 98e3 },
  'cnn-cifar': { parameters: 10.4e6, activations: 610e3 },
};

/** What a field of the spec asks for, in floats, and how it is said in an error. */
interface Demand {
  readonly path: string;
  /** Trainable parameters it adds (what a checkpoint stores, with the optimiser's two moments). */
  readonly parameters: number;
  readonly floats: number;
  /** The largest single tensor it makes. */
  readonly largestTensor: number;
  readonly what: string;
}

export interface Footprint {
  readonly bytes: number;
  /** Bytes of one checkpoint (weights and optimiser state). */
  readonly checkpointBytes: number;
  readonly demands: Demand[];
  /** The data's shape (rows, values per row), as the estimate read it. */
  readonly shape: DataShape;
}

/**
 * The memory the wasm backend can address: its heap is a 32-bit WebAssembly memory of at most 4 GB, whatever the
 * machine has (a run beyond it fails with `memory access out of bounds`, naming nothing).
 */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;

/** Where a run's tensors live, as far as its memory goes: the wasm heap (the default backend) or the machine. */
export interface MemoryLimit {
  readonly bytes: number;
  /** The place, for the message: `this machine has 23.5 GB`, `the wasm backend holds at most 4.00 GB`. */
  readonly says: (bytes: string) => string;
  /** What to do besides lowering the field. */
  readonly remedy?: string;
}

/** The limit a run on `backend` meets: the machine's memory, or less on the wasm backend (the default). */
export function memoryLimit(backend: string | undefined, machineBytes = totalmem()): MemoryLimit {
  if ((backend ?? 'wasm') === 'wasm' && WASM_MEMORY_BYTES < machineBytes)
    return {
      bytes: WASM_MEMORY_BYTES,
      says: (gb) => `the wasm backend (the default) holds at most ${gb}`,
      remedy: 'or train with --backend cpu, which may use the machine’s memory',
    };
  return { bytes: machineBytes, says: (gb) => `this machine has ${gb}` };
}

interface DataShape {
  readonly rows: number;
  readonly dim: number;
  readonly rowsAt: string;
  readonly dimAt: string;
}

/** The data's (rows, values per row) and the field that sets each, for generated data; file data are read. */
function dataShape(data: DataSpec, seed: number): DataShape {
  switch (data.kind) {
    case 'synthetic':
      return { rows: data.n, dim: data.embed?.dim ?? 2, rowsAt: 'data.n', dimAt: 'data.embed.dim' };
    case 'sequences':
      return { rows: data.n, dim: data.steps, rowsAt: 'data.n', dimAt: 'data.steps' };
    case 'correlated-gaussian':
      return { rows: 2 * data.n, dim: data.dim, rowsAt: 'data.n', dimAt: 'data.dim' };
    case 'mnist':
      return {
        rows: data.n + (data.set === 'full' ? MNIST_FULL_TEST : 0),
        dim: MNIST_PIXELS,
        rowsAt: 'data.n',
        dimAt: 'data.n',
      };
    case 'csv':
    case 'npy': {
      const { train } = loadRunData(data, seed);
      return { rows: train.n, dim: train.dim, rowsAt: 'data.path', dimAt: 'data.path' };
    }
  }
}

/** Rows an epoch draws batches from: what the data spec says, else (file data) the rows read. */
const trainingRows = (data: DataSpec, rows: number): number => knownTrainingRows(data) ?? rows;

/** The demands of one encoder's network: a field per layer width (inputs of `inputDim` values). */
/** The output layer of each head on an mlp's last hidden layer (its input width when the mlp has none). */
function headDemands(e: EncoderSpec, at: string, inputDim: number, batch: number): Demand[] {
  const last = e.net.kind === 'mlp' ? (e.net.hidden?.at(-1) ?? inputDim) : inputDim;
  return (e.heads ?? []).map((h, j) => {
    const units = h.size * (h.family === 'gaussian' ? 2 : 1);
    const weights = (last + 1) * units;
    return {
      path: `${at}.heads[${j}].size`,
      parameters: weights,
      floats: PARAMETER_COPIES * weights + ACTIVATION_COPIES * batch * units,
      largestTensor: Math.max(weights, batch * units),
      what: `${units} units`,
    };
  });
}

function networkDemands(e: EncoderSpec, at: string, inputDim: number, batch: number): Demand[] {
  const out = familyOf(e.family).rawWidth(e.size);
  switch (e.net.kind) {
    case 'mlp':
    case 'vrnn': {
      const hidden = e.net.hidden ?? [];
      const widths = [inputDim, ...hidden, ...(e.net.units ? [e.net.units] : []), out];
      const paths = [
        `${at}.given`,
        ...hidden.map((_, j) => `${at}.net.hidden[${j}]`),
        ...(e.net.units ? [`${at}.net.units`] : []),
        `${at}.size`,
      ];
      return widths.slice(1).map((w, j) => {
        const weights = (widths[j] + 1) * w;
        return {
          path: paths[j + 1],
          parameters: weights,
          floats: PARAMETER_COPIES * weights + ACTIVATION_COPIES * batch * w,
          largestTensor: Math.max(weights, batch * w),
          what: `${w} units`,
        };
      });
    }
    case 'cnn-mnist':
    case 'cnn-cifar': {
      const scale = e.net.widthScale ?? 1;
      const sizes = CNN_SIZES[e.net.kind];
      const floats =
        PARAMETER_COPIES * sizes.parameters * scale ** 2 + ACTIVATION_COPIES * batch * sizes.activations * scale;
      return [
        {
          path: `${at}.net.widthScale`,
          parameters: sizes.parameters * scale ** 2,
          floats,
          largestTensor: (batch * sizes.activations * scale) / 4,
          what: `channels × ${scale}`,
        },
      ];
    }
    case 'gaussian-channel':
      return [
        {
          path: `${at}.size`,
          parameters: e.size,
          floats: PARAMETER_COPIES * e.size,
          largestTensor: batch * e.size,
          what: `${e.size} values`,
        },
      ];
  }
}

/** The spec's memory footprint, by field. */
export function estimateFootprint(spec: Spec, shape = dataShape(spec.data, spec.seed)): Footprint {
  const batch = onePass(spec)?.size ?? shape.rows;
  const dataFloats = shape.rows * shape.dim;
  const dataAt = shape.rows >= shape.dim ? shape.rowsAt : shape.dimAt;
  const demands: Demand[] = [
    {
      path: dataAt,
      parameters: 0,
      floats: 2 * dataFloats,
      largestTensor: dataFloats,
      what: `${shape.rows} samples × ${shape.dim} values`,
    },
  ];
  const sizes = variableSizes(spec, shape);
  spec.model.encoders.forEach((e, i) => {
    const inputDim = givensOf(e).reduce((a, v) => a + (sizes[v] ?? shape.dim), 0);
    demands.push(...networkDemands(e, `model.encoders[${i}]`, inputDim, batch));
    demands.push(...headDemands(e, `model.encoders[${i}]`, inputDim, batch));
  });
  const parameters = demands.reduce((a, d) => a + d.parameters, 0);
  return {
    bytes: BYTES_PER_FLOAT * demands.reduce((a, d) => a + d.floats, 0),
    checkpointBytes: BYTES_PER_FLOAT * parameters * CHECKPOINT_COPIES,
    demands,
    shape,
  };
}

/** The samples one forward and backward pass holds (a micro-batch when gradients are accumulated), and its field. */
function onePass(spec: Spec): { size: number; at: string } | undefined {
  if (!('batch' in spec.train)) return undefined;
  const micro = 'microBatch' in spec.train ? spec.train.microBatch : undefined;
  return micro === undefined ? { size: spec.train.batch, at: 'train.batch' } : { size: micro, at: 'train.microBatch' };
}

/** Values per sample of each variable: the data's, each encoder's target, each prior's. */
function variableSizes(spec: Spec, shape: DataShape): Record<string, number> {
  const sizes: Record<string, number> = { X: shape.dim };
  spec.model.encoders.forEach((e) => (sizes[e.target ?? 'Z'] ??= e.size));
  spec.model.priors?.forEach((p) => (sizes[p.name] ??= p.size));
  return sizes;
}

/**
 * The footprint with what each planned term's estimator allocates per batch (each module says its own: R_c's span
 * noise is batch × batch), under the field that sets the batch.
 */
export function withPlanDemands<N extends string>(spec: Spec, footprint: Footprint, plan: Plan<N>): Footprint {
  const pass = onePass(spec);
  if (!pass) return footprint;
  const batch = pass.size;
  const sizes = variableSizes(spec, footprint.shape);
  const inputWidth = (enc: Encoder) => enc.given.reduce((a, v) => a + (sizes[v] ?? footprint.shape.dim), 0);
  const modules: readonly EstimatorModule<string>[] = plan.estimators ?? ESTIMATOR_MODULES;
  const demands = plan.terms.flatMap((term): Demand[] => {
    const node = term.path.reduce<Expr>((n, i) => children(n)[i], plan.objective.body);
    const own = moduleOf(modules, term.estimator).footprint?.(node, { batch, inputWidth });
    return own ? [{ path: pass.at, parameters: 0, ...own }] : [];
  });
  const floats = demands.reduce((a, d) => a + d.floats, 0);
  return {
    ...footprint,
    bytes: footprint.bytes + BYTES_PER_FLOAT * floats,
    demands: [...footprint.demands, ...demands],
  };
}

/** A footprint with a tensor tfjs cannot hold, or over the memory limit, as a SpecError naming the field. */
export function checkFootprint(footprint: Footprint, limit: MemoryLimit): void {
  const tooLarge = footprint.demands.find((d) => d.largestTensor > MAX_TENSOR_ELEMENTS);
  if (tooLarge) {
    throw new SpecError([
      {
        path: tooLarge.path,
        message:
          `${tooLarge.what} make a tensor of ${tooLarge.largestTensor.toExponential(2)} values; ` +
          `tfjs holds at most ${MAX_TENSOR_ELEMENTS} in one`,
      },
    ]);
  }
  if (footprint.bytes > limit.bytes) {
    const worst = footprint.demands.reduce((a, d) => (d.floats > a.floats ? d : a));
    throw new SpecError([
      {
        path: worst.path,
        message:
          `the run needs ≈ ${gigabytes(footprint.bytes)} of memory ` +
          `(${worst.what} alone ≈ ${gigabytes(worst.floats * BYTES_PER_FLOAT)}); ` +
          `${limit.says(gigabytes(limit.bytes))}${limit.remedy ? `: lower ${worst.path}, ${limit.remedy}` : ''}`,
      },
    ]);
  }
}

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toPrecision(3)} GB`;

/** The checks of this module, as one SpecError listing what fails (the hook `compileSpec` calls); the footprint checked. */
export function checkLimits(spec: Spec, memoryBytes: number | MemoryLimit = totalmem()): Footprint {
  if (spec.name.length > MAX_NAME_LENGTH) {
    throw new SpecError([
      {
        path: 'name',
        message: `at most ${MAX_NAME_LENGTH} characters (it names the run folder), got ${spec.name.length}`,
      },
    ]);
  }
  const shape = dataShape(spec.data, spec.seed);
  const footprint = estimateFootprint(spec, shape);
  checkFootprint(footprint, typeof memoryBytes === 'number' ? memoryLimit('cpu', memoryBytes) : memoryBytes);
  if ('batch' in spec.train) {
    const rows = trainingRows(spec.data, shape.rows);
    if (spec.train.batch > rows) {
      const source =
        spec.data.kind === 'csv' || spec.data.kind === 'npy'
          ? `the ${rows} rows of ${spec.data.path}`
          : `the ${rows} training samples`;
      throw new SpecError([
        { path: 'train.batch', message: `must not exceed ${source}, or an epoch has no step; got ${spec.train.batch}` },
      ]);
    }
  }
  return footprint;
}
