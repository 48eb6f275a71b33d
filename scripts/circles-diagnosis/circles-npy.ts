/**
 * Circles (scikit-learn make_circles geometry: radii 1 and `factor`, Gaussian noise), standardised in 2-D and embedded in
 * `dim`-D by zero-padding and a random rotation, written as <base>.npy and <base>.labels.npy for the circles sweep
 * (the authors' set: 400 points, factor 0.4, noise 0.01). Usage: circles-npy.ts <base> <n> <factor> <noise> <dim> [seed]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { embedPlane, makeRng, standardise } from '../../src/data/index.ts';
function writeNpy(path: string, data: Float32Array | Int32Array, shape: number[]): void {
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((header.length + 10) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre.writeUInt16LE(header.length, 8);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  );
}
const [base, nS, factorS, noiseS, dimS, seedS] = process.argv.slice(2);
const n = Number(nS),
  factor = Number(factorS),
  noise = Number(noiseS),
  dim = Number(dimS),
  seed = Number(seedS ?? 0);
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
writeNpy(`${base}.npy`, embedPlane(p, n, dim, 'random', rng), [n, dim]);
writeNpy(`${base}.labels.npy`, y, [n]);
