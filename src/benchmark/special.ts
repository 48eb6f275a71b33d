/**
 * Special functions the benchmark's closed forms and transforms need, in float64: erf/erfc, the standard normal CDF,
 * log Γ and the digamma function ψ.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** erfc(x) for x ≥ 2 by its continued fraction e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))) (A&S 7.1.14). */
function erfcTail(x: number): number {
  let f = x;
  for (let k = 100; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** erf(x) for |x| < 2 by the series 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (2n+1)!! (A&S 7.1.6; all terms positive). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** The error function, accurate to about 1e-15. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  const v = a < 2 ? erfSeries(a) : 1 - erfcTail(a);
  return x < 0 ? -v : v;
}

/** The complementary error function 1 − erf(x), with relative accuracy kept in the right tail. */
export function erfc(x: number): number {
  return x >= 2 ? erfcTail(x) : 1 - erf(x);
}

/** Φ(x), the standard normal CDF: ½·erfc(−x/√2). */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; reflection below ½). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) = d/dx log Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic series (A&S 6.3.18). */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, got ${x}`);
  let shift = 0;
  let z = x;
  while (z < 10) {
    shift -= 1 / z;
    z += 1;
  }
  const r = 1 / (z * z);
  const tail = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))));
  return shift + Math.log(z) - 0.5 / z - tail;
}
