/**
 * The 40 tasks against bmi (cbg-ethz/bmi, src/bmi/benchmark/task_list.py): ids and order as that list builds them,
 * the true MI as bmi's formulas give it. The reference values were computed with numpy/scipy from bmi's own expressions:
 *   Student-t: h(k, ν) = −log Γ((ν+k)/2) + log Γ(ν/2) + (k/2) log(νπ) + ((ν+k)/2)(ψ((ν+k)/2) − ψ(ν/2)),
 *              MI = h(dx) + h(dy) − h(dx+dy)   (scipy.special.gamma, digamma; _split_student_t.py)
 *   Gaussian:  ½ (slogdet Σ_XX + slogdet Σ_YY − slogdet Σ) on bmi's covariance   (np.linalg.slogdet; _splitmultinormal.py)
 *   additive:  ε − log 2ε (ε ≤ ½), 1/(4ε) otherwise   (_additive_uniform.py)
 */
import { describe, expect, it } from 'vitest';
import { benchmarkTask, benchmarkTasks, selectTasks } from '../../src/benchmark/index.ts';
import { normalCdf } from '../../src/benchmark/special.ts';

const BMI_IDS = [
  '1v1-normal-0.75',
  'normal_cdf-1v1-normal-0.75',
  '1v1-additive-0.1',
  '1v1-additive-0.75',
  '1v1-bimodal-0.75',
  'wiggly-1v1-normal-0.75',
  'half_cube-1v1-normal-0.75',
  'student-identity-1-1-1',
  'asinh-student-identity-1-1-1',
  'swissroll_x-normal_cdf-1v1-normal-0.75',
  'multinormal-dense-2-2-0.5',
  'multinormal-dense-3-3-0.5',
  'multinormal-dense-5-5-0.5',
  'multinormal-dense-25-25-0.5',
  'multinormal-dense-50-50-0.5',
  'multinormal-sparse-2-2-2-2.0',
  'multinormal-sparse-3-3-2-2.0',
  'multinormal-sparse-5-5-2-2.0',
  'multinormal-sparse-25-25-2-2.0',
  'student-identity-2-2-1',
  'student-identity-2-2-2',
  'student-identity-3-3-2',
  'student-identity-3-3-3',
  'student-identity-5-5-2',
  'student-identity-5-5-3',
  'normal_cdf-multinormal-sparse-3-3-2-2.0',
  'normal_cdf-multinormal-sparse-5-5-2-2.0',
  'normal_cdf-multinormal-sparse-25-25-2-2.0',
  'half_cube-multinormal-sparse-3-3-2-2.0',
  'half_cube-multinormal-sparse-5-5-2-2.0',
  'half_cube-multinormal-sparse-25-25-2-2.0',
  'spiral-multinormal-sparse-3-3-2-2.0',
  'spiral-multinormal-sparse-5-5-2-2.0',
  'spiral-multinormal-sparse-25-25-2-2.0',
  'spiral-normal_cdf-multinormal-sparse-3-3-2-2.0',
  'spiral-normal_cdf-multinormal-sparse-5-5-2-2.0',
  'spiral-normal_cdf-multinormal-sparse-25-25-2-2.0',
  'asinh-student-identity-2-2-1',
  'asinh-student-identity-3-3-2',
  'asinh-student-identity-5-5-2',
];

/** bmi's closed forms evaluated with numpy/scipy (see the header). */
const REFERENCE_MI: Record<string, number> = {
  '1v1-normal-0.75': 0.41333928659223396,
  '1v1-additive-0.1': 1.7094379124341004,
  '1v1-additive-0.75': 0.3333333333333333,
  'multinormal-dense-2-2-0.5': 0.2938933324510594,
  'multinormal-dense-3-3-0.5': 0.41333928659223407,
  'multinormal-dense-5-5-0.5': 0.5928118328288694,
  'multinormal-dense-25-25-0.5': 1.2921837216593204,
  'multinormal-dense-50-50-0.5': 1.6242653743036968,
  'multinormal-sparse-2-2-2-2.0': 1.0216512475319817,
  'multinormal-sparse-3-3-2-2.0': 1.0216512475319817,
  'multinormal-sparse-5-5-2-2.0': 1.0216512475319817,
  'multinormal-sparse-25-25-2-2.0': 1.0216512475319817,
  'student-identity-1-1-1': 0.22417142752923613,
  'student-identity-2-2-1': 0.43194562200144127,
  'student-identity-2-2-2': 0.1931471805599454,
  'student-identity-3-3-2': 0.29092192268276484,
  'student-identity-3-3-3': 0.17871185309236282,
  'student-identity-5-5-2': 0.44815067691532917,
  'student-identity-5-5-3': 0.29854362265275824,
};

/** The task a transformed task's MI comes from: its id without the transform prefixes. */
function baseId(id: string): string {
  if (id === '1v1-bimodal-0.75') return '1v1-normal-0.75';
  const stripped = id.replace(/^(normal_cdf|half_cube|asinh|wiggly|spiral|swissroll_x)-/, '');
  return stripped === id ? id : baseId(stripped);
}

describe('the benchmark tasks (bmi task_list.py)', () => {
  const tasks = benchmarkTasks();

  it('are bmi’s 40 tasks, in its order, under its ids', () => {
    expect(tasks.map((t) => t.id)).toEqual(BMI_IDS);
  });

  it('carry bmi’s names and dimensions', () => {
    const named = Object.fromEntries(tasks.map((t) => [t.id, [t.name, t.dimX, t.dimY]]));
    expect(named['1v1-additive-0.1']).toEqual(['Uniform 1 × 1 (additive noise=0.1)', 1, 1]);
    expect(named['swissroll_x-normal_cdf-1v1-normal-0.75']).toEqual(['Swiss roll 2 × 1', 2, 1]);
    expect(named['spiral-normal_cdf-multinormal-sparse-25-25-2-2.0']).toEqual([
      'Spiral @ Normal CDF @ Multinormal 25 × 25 (2-pair)',
      25,
      25,
    ]);
    expect(named['asinh-student-identity-1-1-1']).toEqual(['Asinh @ Student-t 1 × 1 (dof=1)', 1, 1]);
    expect(named['1v1-bimodal-0.75']).toEqual(['Bimodal 1 × 1', 1, 1]);
    expect(named['half_cube-1v1-normal-0.75'][0]).toBe('Half-cube @ Bivariate normal 1 × 1');
  });

  it('have bmi’s closed-form MI to 4 decimals; a transformed task has its base’s', () => {
    for (const t of tasks) {
      const ref = REFERENCE_MI[baseId(t.id)];
      expect(ref, `a reference for ${t.id}`).toBeDefined();
      expect(t.mutualInformation, t.id).toBeCloseTo(ref, 4);
    }
    expect(benchmarkTask('multinormal-sparse-25-25-2-2.0').mutualInformation).toBeCloseTo(1.0217, 4);
    expect(benchmarkTask('spiral-multinormal-sparse-5-5-2-2.0').mutualInformation).toBeCloseTo(-Math.log(0.36), 10);
  });

  it('the dense multinormal has MI = ln(d+1) − ½ ln(2d+1), the issue’s formula', () => {
    for (const d of [2, 3, 5, 25, 50])
      expect(benchmarkTask(`multinormal-dense-${d}-${d}-0.5`).mutualInformation).toBeCloseTo(
        Math.log(d + 1) - 0.5 * Math.log(2 * d + 1),
        12,
      );
  });

  it('sample deterministically per seed, with the declared shapes', () => {
    for (const t of tasks.filter((t) => t.dimX <= 5)) {
      const a = t.sample(64, 3);
      const b = t.sample(64, 3);
      const c = t.sample(64, 4);
      expect([a.x.length, a.y.length, a.n, a.dimX, a.dimY]).toEqual([64 * t.dimX, 64 * t.dimY, 64, t.dimX, t.dimY]);
      expect(b.x).toEqual(a.x);
      expect(b.y).toEqual(a.y);
      expect(c.x).not.toEqual(a.x);
      expect(a.x.every(Number.isFinite) && a.y.every(Number.isFinite), t.id).toBe(true);
    }
  });

  it('a transformed task maps its base’s draws at the same seed', () => {
    const base = benchmarkTask('1v1-normal-0.75').sample(200, 7);
    const cdf = benchmarkTask('normal_cdf-1v1-normal-0.75').sample(200, 7);
    const cube = benchmarkTask('half_cube-1v1-normal-0.75').sample(200, 7);
    for (let i = 0; i < 200; i++) {
      expect(cdf.x[i]).toBeCloseTo(normalCdf(base.x[i]), 6);
      expect(cdf.y[i]).toBeCloseTo(normalCdf(base.y[i]), 6);
      expect(cube.x[i]).toBeCloseTo(base.x[i] * Math.sqrt(Math.abs(base.x[i])), 5);
    }
  });

  it('are selected by a glob over ids', () => {
    expect(selectTasks('spiral-*').map((t) => t.id)).toEqual(BMI_IDS.filter((id) => id.startsWith('spiral-')));
    expect(selectTasks('1v1-additive-0.?').length).toBe(1);
    expect(selectTasks('*').length).toBe(40);
    expect(() => benchmarkTask('nope')).toThrow(/no benchmark task/);
  });
});
