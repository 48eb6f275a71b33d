/** X ~ U(0, 1), N ~ U(−ε, ε), Y = X + N (bmi's `AdditiveUniformSampler`, src/bmi/samplers/_additive_uniform.py). */
import type { MiSampler } from './types.ts';
import { checkArgs, PositiveNum } from '../../api/arguments.ts';

/** I(X; Y) = ε − log 2ε for ε ≤ ½, else 1 / 4ε (bmi's `mutual_information_function`). */
export const additiveUniformMI = (epsilon: number): number => {
  checkArgs('additiveUniformMI', { epsilon: [PositiveNum, epsilon] });
  return epsilon > 0.5 ? 0.25 / epsilon : epsilon - Math.log(2 * epsilon);
};

export function additiveUniform(epsilon: number): MiSampler {
  checkArgs('additiveUniform', { epsilon: [PositiveNum, epsilon] });
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be positive, got ${epsilon}`);
  const mi = additiveUniformMI(epsilon);
  return {
    dimX: 1,
    dimY: 1,
    mutualInformation: () => mi,
    draw: (n, rng) => {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = rng.uniform();
        y[i] = x[i] + epsilon * (2 * rng.uniform() - 1);
      }
      return { x, y, n };
    },
  };
}
