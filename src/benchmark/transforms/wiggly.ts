/** The "wiggly" maps of bmi (src/bmi/benchmark/tasks/wiggly.py): the identity plus small sines, still strictly increasing. */
import { elementwise, type MiTransform } from './types.ts';

/** x + 0.4 sin x + 0.2 sin(1.7x + 1) + 0.03 sin(3.3x − 2.5). */
export const wigglyXFunction = (x: number): number =>
  x + 0.4 * Math.sin(1.0 * x) + 0.2 * Math.sin(1.7 * x + 1) + 0.03 * Math.sin(3.3 * x - 2.5);

/** x − 0.4 sin 0.4x + 0.17 sin(1.3x + 3.5) + 0.02 sin(4.3x − 2.5). */
export const wigglyYFunction = (x: number): number =>
  x - 0.4 * Math.sin(0.4 * x) + 0.17 * Math.sin(1.3 * x + 3.5) + 0.02 * Math.sin(4.3 * x - 2.5);

export const wigglyX: MiTransform = elementwise(wigglyXFunction);
export const wigglyY: MiTransform = elementwise(wigglyYFunction);
