/** The inverse of a strictly increasing function by bisection (bmi's `invert_cdf`, src/bmi/transforms/_invert_cdf.py). */

/**
 * g with f(g(y)) ≈ y: bisect [xMin, xMax] while the bracket is wider than `delta` and its midpoint lies strictly inside
 * (bmi's defaults: [−10, 10], 10⁻¹²).
 */
export function invertMonotone(
  f: (x: number) => number,
  o: { xMin?: number; xMax?: number; delta?: number } = {},
): (y: number) => number {
  const { xMin = -10, xMax = 10, delta = 1e-12 } = o;
  return (y) => {
    let [x0, x1] = [xMin, xMax];
    for (;;) {
      const xm = (x0 + x1) / 2;
      if (!(Math.abs(x1 - x0) > delta && x1 > xm && xm > x0)) return xm;
      if (f(xm) < y) x0 = xm;
      else x1 = xm;
    }
  };
}
