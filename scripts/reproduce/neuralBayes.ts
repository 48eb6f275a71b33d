/**
 * Neural Bayes reproductions (`npm run reproduce -- nb-…`): specs over seeds, the 3-cluster data set the synthetic
 * generator lacks, linear probes on the last hidden layer of a trained run, and the MNIST filter figures (Appendix
 * F.3).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { embedPlane, makeRng, makeSynthetic, standardise } from '../../src/data/index.ts';
import { parseSpecText, type Spec } from '../../src/spec/index.ts';
import { loadLatestCheckpoint } from '../../src/run/checkpoints.ts';
import { argmaxRows, encode, evaluateRun, partitionField } from '../../src/evaluate/evaluate.ts';
import { partitionSvg, type PartitionPanel } from '../../src/report/index.ts';
import { buildNetworks } from '../../src/run/networks.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { useBackend } from '../../src/backend/index.ts';
import { atSize, runDir, type Size, trainAtSize } from './size.ts';

export type Row = Record<string, unknown>;

/** Train `file`'s spec (with `change` applied) at `size`, over its seeds; one row of metrics and seconds per run. */
export async function specRuns(file: string, size: Size, change: (s: Spec) => Spec = (s) => s): Promise<Row[]> {
  const spec = change(parseSpecText(readFileSync(file, 'utf8'), file));
  const rows: Row[] = [];
  for (let seed = 0; seed < size.seeds; seed++) {
    const report = await trainAtSize(spec, seed, size);
    rows.push({ spec: spec.name, seed, ...report.metrics, seconds: Number(report.seconds.toFixed(1)) });
  }
  return rows;
}

/**
 * The linear probe of a finished run's encoder read on its last hidden layer (`eval.probeOn: hidden`), from the run's
 * last checkpoint: `hidden_probe_acc` and the same probe on the untrained network (`hidden_probe_acc_random`).
 */
export function hiddenProbe(spec: Spec, dir: string, seed: number): Row {
  const s: Spec = { ...spec, seed, eval: { metrics: ['linear_probe'], probeOn: 'hidden' } };
  const compiled = compileSpec(s);
  const nets = buildNetworks(compiled.networks, compiled.data.train);
  const [name] = Object.keys(nets);
  if (Object.keys(nets).length !== 1) throw new Error(`hiddenProbe: expected one network in ${dir}`);
  const ck = loadLatestCheckpoint(dir).state;
  nets[name].setWeights(ck.networks);
  ck.networks.forEach((t) => t.dispose());
  const { metrics } = evaluateRun(compiled, nets, s.train.algorithm === 'em' ? 1 : s.train.batch);
  nets[name].dispose();
  return { hidden_probe_acc: metrics.linear_probe_acc, hidden_probe_acc_random: metrics.linear_probe_acc_random };
}

/** `specRuns` with the hidden-layer probe of each run added to its row. */
export async function specRunsWithHiddenProbe(
  file: string,
  size: Size,
  change: (s: Spec) => Spec = (s) => s,
): Promise<Row[]> {
  const spec = change(parseSpecText(readFileSync(file, 'utf8'), file));
  const rows = await specRuns(file, size, change);
  const probe = (seed: number) => hiddenProbe(atSize(spec, size), runDir(size, spec.name, seed), seed);
  return rows.map((r) => ({ ...r, ...probe(r.seed as number) }));
}

/** Write a float32 matrix or int32 vector as .npy (v1, C order). */
export function writeNpy(path: string, data: Float32Array | Int32Array, shape: number[]): void {
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

/**
 * Three clusters k-means cannot find: the two moons of the synthetic generator (2n/3 points) and a Gaussian blob of n/3
 * points centred below them at (0.5, −1.6), all with noise `noise`; standardised and embedded in `dim` dimensions by
 * zero-padding and a random rotation like the sets of §4.1. Written as `<base>.npy` (n × dim) and `<base>.labels.npy`.
 */
export function moonsBlob(base: string, o = { n: 3000, noise: 0.1, dim: 512, seed: 0 }): void {
  const nMoons = Math.round((2 * o.n) / 3);
  const moons = makeSynthetic({ shape: 'moons', n: nMoons, noise: o.noise }, o.seed);
  const rng = makeRng(`${o.seed}:moons-blob`);
  const p = new Float32Array(2 * o.n);
  const y = new Int32Array(o.n);
  p.set(moons.plane!);
  y.set(moons.labels!);
  for (let i = nMoons; i < o.n; i++) {
    p[2 * i] = 0.5 + o.noise * rng.normal();
    p[2 * i + 1] = -1.6 + o.noise * rng.normal();
    y[i] = 2;
  }
  standardise(p, o.n, 2);
  writeNpy(`${base}.npy`, embedPlane(p, o.n, o.dim, 'random', rng), [o.n, o.dim]);
  writeNpy(`${base}.labels.npy`, y, [o.n]);
}

/** The α/β configurations of the filter figures (Appendix F.3): Figure 4's three MIM-v2 runs and Figure 3's MIM-v1 run. */
export const FILTER_CONFIGS = [
  { file: 'specs/nb-mim-mlp-filters.yaml', tag: 'v2-a0-b4', alpha: 0, beta: 4 },
  { file: 'specs/nb-mim-mlp-filters.yaml', tag: 'v2-a4-b0', alpha: 4, beta: 0 },
  { file: 'specs/nb-mim-mlp-filters.yaml', tag: 'v2-a4-b4', alpha: 4, beta: 4 },
  { file: 'specs/nb-mim-v1-mlp-filters.yaml', tag: 'v1-a4-b4', alpha: 4, beta: 4 },
] as const;

/** Train each configuration once and copy its first-layer filters W and W − W₀ to `<images>/nb-filters-<tag>[-delta].png`. */
export async function filterFigures(size: Size): Promise<Row[]> {
  const rows: Row[] = [];
  mkdirSync(size.images, { recursive: true });
  for (const c of FILTER_CONFIGS) {
    const [row] = await specRuns(c.file, { ...size, seeds: 1 }, (s) => ({
      ...s,
      name: `${s.name}-${c.tag}`,
      objective: { ...s.objective, hypers: { α: c.alpha, β: c.beta } },
    }));
    for (const [file, suffix] of [
      ['filters.png', ''],
      ['filters-delta.png', '-delta'],
    ])
      copyFileSync(
        join(runDir(size, row.spec as string, 0), file),
        join(size.images, `nb-filters-${c.tag}${suffix}.png`),
      );
    rows.push({ config: c.tag, ...row });
  }
  return rows;
}

/** The same spec with the paper's objective alone: Eq. 23 preset `dms-multi` with its β, no R_p (the control of the R_p runs). */
export const withoutPrior = (s: Spec): Spec => ({
  ...s,
  name: `${s.name}-eq23`,
  objective: { preset: 'dms-multi', hypers: { β: s.objective.hypers?.β ?? 1 } },
});

/** The same spec without the multi-scale heads (MIM-v2 on the output only; Figure 2's "no scaling"). */
export const withoutHeads = (s: Spec): Spec => ({
  ...s,
  name: `${s.name}-output`,
  model: { ...s.model, heads: 'output' },
});

/** DMS on two moons plus a blob (generated first, into the size's folder: the spec's path at the papers' size). */
export async function moonsBlobRuns(size: Size): Promise<Row[]> {
  const base = join(size.out, 'data', 'moons-blob-512d');
  moonsBlob(base);
  return specRuns('specs/nb-dms-moons-blob.yaml', size, (s) => ({
    ...s,
    data: { kind: 'npy', path: `${base}.npy`, labels: `${base}.labels.npy` },
  }));
}

/** The four 2-D sets of Neural Bayes Figure 1 (2 clusters above, 3 below), each embedded in 512-D. */
export const FIGURE1 = [
  { file: 'specs/dms-circles.yaml', title: 'two circles' },
  { file: 'specs/dms-moons.yaml', title: 'two moons' },
  { file: 'specs/dms-spirals.yaml', title: 'three spirals' },
  { file: 'specs/dms-blobs3.yaml', title: 'three blobs' },
] as const;

/**
 * One panel of Figure 1 from a finished run (its last checkpoint): the partition of the data on their plane and the
 * state predicted over the rest of the plane.
 */
export function partitionPanel(spec: Spec, dir: string, seed: number, title: string): PartitionPanel {
  const compiled = compileSpec({ ...spec, seed });
  const nets = buildNetworks(compiled.networks, compiled.data.train);
  const enc = compiled.evaluated!;
  const ck = loadLatestCheckpoint(dir).state;
  nets[enc.name].setWeights(ck.networks);
  ck.networks.forEach((t) => t.dispose());
  const ds = compiled.data.train;
  const sample = [...compiled.sample];
  const { values, width } = encode(nets[enc.name], enc, ds, sample);
  const field = partitionField(nets[enc.name], enc, ds, sample);
  Object.values(nets).forEach((n) => n.dispose());
  return { title, points: ds.plane!, states: argmaxRows(values, width), field };
}

/** Figure 1 from the seed-0 runs of FIGURE1 at `size`, written to nb-dms-2d.svg among its images; its path. */
export async function figure1Svg(size: Size): Promise<string> {
  const image = join(size.images, 'nb-dms-2d.svg');
  await useBackend('wasm'); // as the runs were trained (this may run alone, from their checkpoints)
  const panels = FIGURE1.map((c) => {
    const spec = parseSpecText(readFileSync(c.file, 'utf8'), c.file);
    const dir = runDir(size, spec.name, 0);
    const ari = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).metrics.ari as number;
    return partitionPanel(atSize(spec, size), dir, 0, `${c.title} (seed 0, ARI ${ari.toFixed(3)})`);
  });
  mkdirSync(size.images, { recursive: true });
  writeFileSync(
    image,
    await partitionSvg(panels, {
      title:
        'Neural Bayes DMS on 2-D sets embedded in 512-D, projected back to their plane (light: predicted off the data)',
      maxPoints: 400,
    }),
  );
  return image;
}

/** Figure 1's four sets over the size's seeds (one row per run), then the figure from the seed-0 runs. */
export async function figure1(size: Size): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of FIGURE1) rows.push(...(await specRuns(c.file, size)));
  await figure1Svg(size);
  return rows;
}
