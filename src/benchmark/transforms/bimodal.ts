/**
 * The bimodal task's maps (bmi's `task_bimodal_gaussians`, src/bmi/benchmark/tasks/bimodal_gaussians.py): uniform margins
 * pushed through the inverse CDFs of two-component normal mixtures, 0.3·N(0, 1) + 0.7·N(5, 1) for X and
 * ½·N(−1, 1) + ½·N(3, 1) for Y.
 */
import { normalCdf } from '../special.ts';
import { invertMonotone } from './invertCdf.ts';
import { elementwise, type MiTransform } from './types.ts';

export const bimodalXCdf = (x: number): number => 0.3 * normalCdf(x + 0) + 0.7 * normalCdf(x - 5);
export const bimodalYCdf = (x: number): number => 0.5 * normalCdf(x + 1) + 0.5 * normalCdf(x - 3);

export const bimodalX: MiTransform = elementwise(invertMonotone(bimodalXCdf));
export const bimodalY: MiTransform = elementwise(invertMonotone(bimodalYCdf));
