/** bmi's task constructors (cbg-ethz/bmi, src/bmi/benchmark/tasks/), with its ids, names and parameters. */
import { additiveUniform } from './samplers/additiveUniform.ts';
import { denseCovariance, identity, lvmCorrelation } from './samplers/covariance.ts';
import { bivariateNormal, splitMultinormal } from './samplers/multinormal.ts';
import { splitStudentT } from './samplers/student.ts';
import { transformedSampler } from './samplers/transformed.ts';
import { makeTask, type MiTask, pyFloat } from './task.ts';
import { bimodalX, bimodalY } from './transforms/bimodal.ts';
import { asinh, halfCube, normalCdf, swissRoll } from './transforms/simple.ts';
import { spiral } from './transforms/spiral.ts';
import type { MiTransform } from './transforms/types.ts';
import { wigglyX, wigglyY } from './transforms/wiggly.ts';
import { checkArgs, Num, Obj, oneOf, PositiveInt, PositiveNum, Str } from '../api/arguments.ts';

/** `1v1-normal-ρ` (tasks/bivariate_normal.py). */
export const bivariateNormalTask = (rho: number): MiTask => {
  checkArgs('bivariateNormalTask', { rho: [Num, rho] });
  return makeTask({
    id: `1v1-normal-${pyFloat(rho)}`,
    name: 'Bivariate normal 1 × 1',
    params: { gaussian_correlation: rho },
    sampler: bivariateNormal(rho),
  });
};

/** `1v1-additive-ε` (tasks/additive_noise.py). */
export const additiveNoiseTask = (epsilon: number): MiTask => {
  checkArgs('additiveNoiseTask', { epsilon: [PositiveNum, epsilon] });
  return makeTask({
    id: `1v1-additive-${pyFloat(epsilon)}`,
    name: `Uniform 1 × 1 (additive noise=${pyFloat(epsilon)})`,
    params: { epsilon },
    sampler: additiveUniform(epsilon),
  });
};

/** `multinormal-dense-dx-dy-c`: Σ = (1 − c)·I + c·11ᵀ (tasks/multinormal.py, `task_multinormal_dense`). */
export const multinormalDenseTask = (dimX: number, dimY: number, offDiag = 0.5): MiTask => {
  checkArgs('multinormalDenseTask', { dimX: [PositiveInt, dimX], dimY: [PositiveInt, dimY], offDiag: [Num, offDiag] });
  return makeTask({
    id: `multinormal-dense-${dimX}-${dimY}-${pyFloat(offDiag)}`,
    name: `Multinormal ${dimX} × ${dimY} (dense)`,
    params: { off_diag: offDiag },
    sampler: splitMultinormal({ dimX, dimY, covariance: denseCovariance(dimX, dimY, offDiag) }),
  });
};

/**
 * `multinormal-sparse-dx-dy-2-λ`, bmi's "2-pair": the LVM with two interacting pairs, α = β = 0, ε = 1, λ = η = strength
 * (tasks/multinormal.py, `task_multinormal_2pair` → `task_multinormal_sparse` → `task_multinormal_lvm`).
 */
export function multinormal2PairTask(dimX: number, dimY: number, strength = 2.0): MiTask {
  checkArgs('multinormal2PairTask', {
    dimX: [PositiveInt, dimX],
    dimY: [PositiveInt, dimY],
    strength: [Num, strength],
  });
  const nInteracting = 2;
  const covariance = lvmCorrelation({
    dimX,
    dimY,
    nInteracting,
    alpha: 0,
    lambda: strength,
    beta: 0,
    epsilon: 1,
    eta: strength,
  });
  return makeTask({
    id: `multinormal-sparse-${dimX}-${dimY}-${nInteracting}-${pyFloat(strength)}`,
    name: `Multinormal ${dimX} × ${dimY} (2-pair)`,
    params: { n_interacting: nInteracting, strength },
    sampler: splitMultinormal({ dimX, dimY, covariance }),
  });
}

/** `student-identity-dx-dy-ν`: t_ν(0, I) (tasks/student.py, `task_student_identity`). */
export const studentIdentityTask = (dimX: number, dimY: number, df: number): MiTask => {
  checkArgs('studentIdentityTask', { dimX: [PositiveInt, dimX], dimY: [PositiveInt, dimY], df: [PositiveNum, df] });
  return makeTask({
    id: `student-identity-${dimX}-${dimY}-${df}`,
    name: `Student-t ${dimX} × ${dimY} (dof=${df})`,
    params: { dof: df },
    sampler: splitStudentT({ dimX, dimY, df, dispersion: identity(dimX + dimY) }),
  });
};

/** The transforms bmi applies to both sides of a task, each with its id prefix and name prefix. */
export type TransformKind = 'normal-cdf' | 'half-cube' | 'asinh' | 'wiggly' | 'spiral';

interface TransformTask {
  readonly id: string;
  readonly name: string;
  readonly x: (dim: number) => MiTransform;
  readonly y: (dim: number) => MiTransform;
  readonly params?: Record<string, unknown>;
  readonly check?: (base: MiTask) => void;
}

/** Spiral speed, normalised by the dimension (tasks/spiral.py: speed 1, `normalize_speed=True`). */
const SPIRAL_SPEED = 1.0;

const TRANSFORM_TASKS: Record<TransformKind, TransformTask> = {
  'normal-cdf': { id: 'normal_cdf', name: 'Normal CDF', x: () => normalCdf, y: () => normalCdf }, // tasks/normal_cdf.py
  'half-cube': { id: 'half_cube', name: 'Half-cube', x: () => halfCube, y: () => halfCube }, // tasks/half_cube.py
  asinh: { id: 'asinh', name: 'Asinh', x: () => asinh, y: () => asinh }, // tasks/asinh.py
  wiggly: { id: 'wiggly', name: 'Wiggly', x: () => wigglyX, y: () => wigglyY }, // tasks/wiggly.py
  // tasks/spiral.py: X spirals in the plane (0, 1) of so(dim_x), Y in (1, 2) of so(dim_y), each at speed 1 / dim
  spiral: {
    id: 'spiral',
    name: 'Spiral',
    x: (d) => spiral(d, 0, 1, SPIRAL_SPEED / d),
    y: (d) => spiral(d, 1, 2, SPIRAL_SPEED / d),
    params: { speed: SPIRAL_SPEED, normalize_speed: true },
    check: (base) => {
      if (base.dimX < 2 || base.dimY < 3)
        throw new RangeError(`the spiral needs dimX ≥ 2 and dimY ≥ 3, got ${base.id}`);
    },
  },
};

/** `<prefix>-<base id>`, named `<Name> @ <base name>`: both sides of `base` mapped by the transform `kind`. */
export function transformTask(base: MiTask, kind: TransformKind): MiTask {
  checkArgs('transformTask', {
    base: [Obj('an MiTask'), base],
    kind: [oneOf(['normal-cdf', 'half-cube', 'asinh', 'wiggly', 'spiral']), kind],
  });
  const t = TRANSFORM_TASKS[kind];
  t.check?.(base);
  return makeTask({
    id: `${t.id}-${base.id}`,
    name: `${t.name} @ ${base.name}`,
    params: { ...base.params, ...t.params },
    sampler: transformedSampler(base.sampler, t.x(base.dimX), t.y(base.dimY)),
  });
}

/** `1v1-bimodal-ρ`: the normal-CDF binormal pushed through the inverse CDFs of two normal mixtures (tasks/bimodal_gaussians.py). */
export function bimodalTask(rho: number): MiTask {
  checkArgs('bimodalTask', { rho: [Num, rho] });
  const uniform = transformTask(bivariateNormalTask(rho), 'normal-cdf');
  return makeTask({
    id: `1v1-bimodal-${pyFloat(rho)}`,
    name: 'Bimodal 1 × 1',
    params: { gaussian_correlation: rho },
    sampler: transformedSampler(uniform.sampler, bimodalX, bimodalY),
  });
}

/** `swissroll_x-<base id>`: X (one coordinate in [0, 1]) rolled into R² (tasks/embeddings.py). */
export function swissRollTask(base: MiTask, name: string): MiTask {
  checkArgs('swissRollTask', { base: [Obj('an MiTask'), base], name: [Str, name] });
  if (base.dimX !== 1) throw new RangeError(`the Swiss roll needs dimX = 1, got ${base.id}`);
  return makeTask({
    id: `swissroll_x-${base.id}`,
    name,
    params: base.params,
    sampler: transformedSampler(base.sampler, swissRoll),
  });
}
