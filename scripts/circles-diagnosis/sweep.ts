/**
 * The sweep behind docs/reproductions.md, "Why DMS found one cluster on the circles". Each variant of variants.json is
 * a spec (DMS on circles, spirals or an .npy set); after training, the encoder in eval mode on the whole set at every
 * saved checkpoint: E_x[L] per state, the number of points per state, ARI. One JSON line per variant.
 *
 *   npx tsx scripts/circles-diagnosis/circles-npy.ts reproductions/circles-diagnosis/c-paper 400 0.4 0.01 512   (etc.)
 *   npx tsx scripts/circles-diagnosis/sweep.ts scripts/circles-diagnosis/variants.json out.jsonl [tag …]
 *
 * `rc: logits` pins R_c to finite-difference-jacobian-logits (the first runs used an environment switch in the
 * estimator that computed the same before the estimator existed); otherwise R_c is on probabilities, the default.
 */
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, readFileSync } from 'node:fs';
import '../../src/index.ts';
import { adjustedRandIndex } from '../../src/metrics/index.ts';
import { listCheckpoints, loadCheckpoint } from '../../src/run/checkpoints.ts';
import { buildNetworks } from '../../src/run/networks.ts';
import { trainSpec } from '../../src/run/run.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { parseSpecText } from '../../src/spec/index.ts';
import { gatherRows } from '../../src/train/trainable.ts';

interface Variant {
  tag: string;
  shape?: string;
  k?: number;
  n?: number;
  noise?: number;
  factor?: number;
  /** Flow-YAML data spec replacing the synthetic one (an .npy set). */
  data?: string;
  rc?: 'logits' | 'probs';
  beta?: number;
  gamma?: number;
  lr?: number;
  batch?: number;
  epochs?: number;
  seed?: number;
}

const DMS_EQ5 =
  'min 0.5·E_x[(L(x)/E_x[L(x)] + 1e-7)·log(1 + ((1 − L(x))/(1 − E_x[L(x)]) + 1e-7)/(L(x)/E_x[L(x)] + 1e-7))] + 0.5·E_x[((1 − L(x))/(1 − E_x[L(x)]) + 1e-7)·log(1 + (L(x)/E_x[L(x)] + 1e-7)/((1 − L(x))/(1 − E_x[L(x)]) + 1e-7))] + β·R_c(L)';

function specText(v: Variant): string {
  const k = v.k ?? 2;
  const shape = v.shape ?? 'circles';
  const clusters = shape === 'blobs' || shape === 'spirals' ? `, clusters: ${k}` : '';
  const factor = v.factor ? `, factor: ${v.factor}` : '';
  const data =
    v.data ??
    `{ kind: synthetic, shape: ${shape}, n: ${v.n ?? 4000}, noise: ${v.noise ?? 0.05}${factor}${clusters}, embed: { dim: 512, rotation: random } }`;
  const gamma = v.gamma ?? 0;
  const pins = v.rc === 'logits' ? 'pins: { "R_c(L)": finite-difference-jacobian-logits }, ' : '';
  const multi = Array.from({ length: k }, (_, i) => `(1/${k})·JSD[0.5, 0.5](p(x|z=${i}), p(x|z≠${i}))`).join(' + ');
  const objective =
    k === 2
      ? gamma
        ? `{ ${pins}text: "${DMS_EQ5} + γ·R_p(L)", hypers: { β: ${v.beta ?? 4}, γ: ${gamma} } }`
        : `{ ${pins}preset: dms, hypers: { β: ${v.beta ?? 4} } }`
      : `{ ${pins}text: "max ${multi} − β·R_c(L)${gamma ? ' − γ·R_p(L)' : ''}", hypers: { β: ${v.beta ?? 1}${gamma ? `, γ: ${gamma}` : ''} } }`;
  const epochs = v.epochs ?? 30;
  return `name: sweep-${v.tag}
seed: ${v.seed ?? 0}
data: ${data}
model:
  encoders:
    - { name: L, family: ${k === 2 ? 'bernoulli' : 'categorical'}, size: ${k === 2 ? 1 : k}, net: { kind: mlp, hidden: [400, 400, 400], batchNorm: true } }
objective: ${objective}
train: { optimizer: adam, lr: ${v.lr ?? 0.001}, batch: ${v.batch ?? 400}, epochs: ${epochs}, checkpointEvery: ${Math.max(1, Math.round(epochs / 6))}, keep: 100 }
eval: { metrics: [ari, nmi, kmeans] }
`;
}

/** E_x[L] per state, points per state and ARI of the encoder at one checkpoint. */
function atCheckpoint(dir: string, spec: ReturnType<typeof parseSpecText>): string {
  const compiled = compileSpec(spec);
  const nets = buildNetworks(compiled.networks, compiled.data.train);
  const ds = compiled.data.train;
  const st = loadCheckpoint(dir);
  nets.L.setWeights(st.networks);
  const idx = Int32Array.from({ length: ds.n }, (_, i) => i);
  const probs = tf.tidy(() => {
    const raw = nets.L.apply(gatherRows(ds, idx, [ds.dim]), false);
    return (
      raw.shape[1] === 1 ? tf.concat([tf.sub(1, tf.sigmoid(raw)), tf.sigmoid(raw)], 1) : tf.softmax(raw)
    ).dataSync();
  });
  const w = probs.length / ds.n;
  const part = new Int32Array(ds.n);
  const mass = new Float64Array(w);
  for (let i = 0; i < ds.n; i++) {
    let best = 0;
    for (let j = 0; j < w; j++) {
      mass[j] += probs[i * w + j];
      if (probs[i * w + j] > probs[i * w + best]) best = j;
    }
    part[i] = best;
  }
  const counts = new Array(w).fill(0);
  for (const p of part) counts[p]++;
  st.networks.forEach((t) => t.dispose());
  Object.values(nets).forEach((n) => n.dispose());
  const shares = [...mass].map((m) => (m / ds.n).toFixed(3)).join('/');
  return `ep${st.epoch}: E[L]=${shares} n=${counts.join('/')} ARI=${adjustedRandIndex(ds.labels!, part).toFixed(3)}`;
}

const [variantsFile, outFile, ...only] = process.argv.slice(2);
const variants: Variant[] = JSON.parse(readFileSync(variantsFile, 'utf8'));
for (const v of variants.filter((x) => only.length === 0 || only.includes(x.tag))) {
  const spec = parseSpecText(specText(v), `${v.tag}.yaml`);
  const dir = `reproductions/circles-diagnosis/runs/${v.tag}`;
  const { report } = await trainSpec(spec, { out: dir, force: true, progress: false });
  const traj = listCheckpoints(dir).map((ck) => atCheckpoint(ck, spec));
  const m = report.metrics;
  const line = {
    tag: v.tag,
    rc: v.rc ?? 'probs',
    ari: m.ari,
    nmi: m.nmi,
    kmeans_ari: m.kmeans_ari,
    loss: m.loss,
    seconds: Number(report.seconds.toFixed(1)),
    traj,
  };
  appendFileSync(outFile, `${JSON.stringify(line)}\n`);
  console.log(JSON.stringify(line));
}
