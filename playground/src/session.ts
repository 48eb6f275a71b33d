/**
 * A training session of the page: its spec decoded and compiled by the library's spec compiler, and the run prepared by
 * the library's `prepareRun` (networks, multi-scale heads, augmented views, priors), exactly as `infobj train` does;
 * plus the 2-D view the page draws: the data's plane and the grid the decision surface p(z|x) is evaluated on.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { liftPlane, type Dataset } from '../../src/data/index.ts';
import { encode, planeGrid, type PlaneGrid } from '../../src/evaluate/index.ts';
import { familyOf } from '../../src/families/index.ts';
import type { CompiledSpec, GradientTraining } from '../../src/spec/compiled.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { decodeSpec } from '../../src/spec/decode.ts';
import type { EncoderSpec, Spec } from '../../src/spec/schema.ts';
import { prepareRun, type PreparedRun } from '../../src/run/prepare.ts';
import type { Surface } from './protocol.ts';

/** Cells per side of the decision surface's grid. */
export const SURFACE_STEPS = 48;

export interface Session {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly training: GradientTraining;
  /** The encoder whose partition and surface the page draws: the spec's evaluated encoder. */
  readonly evaluated: EncoderSpec;
  readonly run: PreparedRun;
  /** The training data with the plane it is drawn in, and the grid over that plane lifted into the data's space. */
  readonly data: Dataset & { readonly plane: Float32Array };
  readonly grid: PlaneGrid;
  readonly lifted: Dataset;
}

/**
 * The plane a data set is drawn in: a synthetic set's own (before its embedding), a 2-D set itself, else its first two
 * principal components (liftPlane then maps a point of that plane back to the mean plus its two components).
 */
function planeOf(ds: Dataset): Float32Array {
  if (ds.plane) return ds.plane;
  if (ds.dim === 2) return ds.x;
  const x = new Matrix(ds.n, ds.dim);
  for (let i = 0; i < ds.n; i++) for (let j = 0; j < ds.dim; j++) x.set(i, j, ds.x[i * ds.dim + j]);
  x.subRowVector(x.mean('column'));
  const eig = new EigenvalueDecomposition(x.transpose().mmul(x), { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
  const components = eig.eigenvectorMatrix.subMatrixColumn([order[0][1], order[1][1]]);
  return Float32Array.from(x.mmul(components).to1DArray());
}

/** Decode, compile (within `memoryBytes`) and prepare the page's spec; the page trains gradient objectives only. */
export function startSession(raw: unknown, memoryBytes: number): Session {
  const spec = decodeSpec(raw, 'playground');
  const compiled = compileSpec(spec, { memoryBytes });
  const training = compiled.training;
  if (training.algorithm !== 'gradient') throw new Error('the playground trains gradient objectives only');
  const train = compiled.data.train;
  const data = { ...train, plane: planeOf(train) };
  const grid = planeGrid(data.plane, data.n, SURFACE_STEPS);
  const lifted: Dataset = {
    name: `${train.name} grid`,
    x: liftPlane(data, grid.points),
    n: grid.steps ** 2,
    dim: train.dim,
  };
  return {
    spec,
    compiled,
    training,
    evaluated: compiled.evaluated ?? spec.model.encoders[0],
    run: prepareRun(compiled),
    data,
    grid,
    lifted,
  };
}

/**
 * p(z|x) of the evaluated encoder (eval mode) on the training data and on the surface's grid: the probabilities of its
 * states (a Bernoulli encoder's units); undefined for an encoder without them (Gaussian, deterministic), whose outputs
 * are not probabilities to colour by.
 */
export function encodeSession(
  s: Session,
): { data: { values: Float32Array; width: number }; surface: Surface } | undefined {
  const { family, size } = s.evaluated;
  if (family !== 'bernoulli' && !familyOf(family).explicit(size)) return undefined;
  const net = s.run.nets[s.evaluated.name];
  const sample = [...s.compiled.sample];
  const data = encode(net, s.evaluated, s.data, sample);
  const grid = encode(net, s.evaluated, s.lifted, sample);
  return { data, surface: { steps: s.grid.steps, probs: grid.values, width: grid.width } };
}
