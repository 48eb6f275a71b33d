/**
 * Your own objective, trained from code: a spec written in the program (the same YAML as a spec file; the objective a
 * string the spec compiler parses and plans), trained by `trainSpec` into a run folder with report.json, loss.svg and
 * checkpoints, exactly as `npx infobj train` would. Run: `npx tsx examples/train-from-code.ts [OUT_DIR]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpecText, trainSpec } from 'info-objectives';

// Mutual-information maximisation written as entropies: max H(Z) − H(Z|X), Z a 2-way categorical encoding of 2-D moons.
const spec = parseSpecText(`
name: my-mim
seed: 0
data: { kind: synthetic, shape: moons, n: 600, noise: 0.1 }
model:
  encoders:
    - { name: L, family: categorical, size: 2, net: { kind: mlp, hidden: [32] } }
objective: "max H(Z) - H(Z|X)"
train: { optimizer: adam, lr: 0.01, batch: 200, epochs: 3 }
eval: { metrics: [ari] }
`);

const out = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'my-mim-')), 'run');
const { dir, report } = await trainSpec(spec, { out });
const losses = report.history.map((h) => h.loss.toFixed(4));
console.log(`run: ${dir}\nloss per epoch: ${losses.join(' → ')}\nARI: ${report.metrics.ari?.toFixed(3)}`);
