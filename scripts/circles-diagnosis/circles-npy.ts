/**
 * Circles (scikit-learn make_circles geometry: radii 1 and `factor`, Gaussian noise), standardised in 2-D and embedded in
 * `dim`-D by zero-padding and a random rotation, written as <base>.npy and <base>.labels.npy for the circles sweep
 * (the authors' set: 400 points, factor 0.4, noise 0.01). Usage: circles-npy.ts <base> <n> <factor> <noise> <dim> [seed] [scale]
 * `scale` multiplies the standardised plane: the MLP (no bias before BatchNorm) cannot tell, but R_c's fixed ζ ~ N(0, 0.1²)
 * then perturbs by ζ/scale in standardised units and R_c shrinks by scale², so β·scale² keeps R_c's weight.
 */
import { embedPlane, makeRng, standardise } from '../../src/data/index.ts';
import { writeNpy } from '../reproduce/neuralBayes.ts';

const [base, nS, factorS, noiseS, dimS, seedS, scaleS] = process.argv.slice(2);
const n = Number(nS),
  factor = Number(factorS),
  noise = Number(noiseS),
  dim = Number(dimS),
  seed = Number(seedS ?? 0),
  scale = Number(scaleS ?? 1);
const rng = makeRng(`${seed}:circles-npy`);
const p = new Float32Array(2 * n),
  y = new Int32Array(n);
const outer = Math.floor(n / 2);
for (let i = 0; i < n; i++) {
  const o = i < outer;
  const m = o ? outer : n - outer;
  const t = (2 * Math.PI * (o ? i : i - outer)) / m;
  const r = o ? 1 : factor;
  p[2 * i] = r * Math.cos(t) + noise * rng.normal();
  p[2 * i + 1] = r * Math.sin(t) + noise * rng.normal();
  y[i] = o ? 0 : 1;
}
standardise(p, n, 2);
for (let i = 0; i < p.length; i++) p[i] *= scale; // × s: R_c's ζ is then ζ/s in the standardised plane
writeNpy(`${base}.npy`, embedPlane(p, n, dim, 'random', rng), [n, dim]);
writeNpy(`${base}.labels.npy`, y, [n]);
