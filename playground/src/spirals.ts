/**
 * Two interleaved spirals, a playground data set (the library's synthetic sets are moons, circles and blobs):
 * standardised in the plane like those, then embedded in `dim` dimensions by the library's `embedPlane` (a random
 * rotation).
 */
import { type Dataset, embedPlane, makeRng } from '../../src/core.ts';

export function spirals(n: number, noise: number, dim: number, seed: number): Dataset {
  const rng = makeRng(`${seed}:spirals`);
  const p = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const arm = i % 2;
    const t = 0.5 + 2.5 * Math.PI * Math.sqrt(rng.uniform()); // even density along the arm
    const angle = t + arm * Math.PI;
    p[2 * i] = (t * Math.cos(angle)) / Math.PI + noise * rng.normal();
    p[2 * i + 1] = (t * Math.sin(angle)) / Math.PI + noise * rng.normal();
    labels[i] = arm;
  }
  for (const j of [0, 1]) {
    let [mean, sq] = [0, 0];
    for (let i = 0; i < n; i++) mean += p[2 * i + j] / n;
    for (let i = 0; i < n; i++) sq += (p[2 * i + j] - mean) ** 2 / n;
    for (let i = 0; i < n; i++) p[2 * i + j] = (p[2 * i + j] - mean) / Math.sqrt(sq || 1);
  }
  const plane = Float32Array.from(p);
  const x = dim > 2 ? embedPlane(plane, n, dim, 'random', rng) : Float32Array.from(plane);
  return { name: `spirals${dim > 2 ? ` in ${dim}-D` : ''}`, x, n, dim: Math.max(dim, 2), labels, plane };
}
