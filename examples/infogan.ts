// InfoGAN on 8 Gaussian blobs from its spec: the planner plays the discriminator against the objective, and the report
// says how much of log 8 the code carries and whether it names the blob. INFOBJ_QUICK=1 trains for two epochs only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain, parseSpecText, compileSpec, trainSpec, useBackend } from 'info-objectives';

await useBackend('wasm'); // importing the library starts nothing: choose the backend once

const quick = process.env.INFOBJ_QUICK === '1';
let text = readFileSync('specs/infogan-ring.yaml', 'utf8');
if (quick) text = text.replace('n: 4000', 'n: 1000').replace('epochs: 60', 'epochs: 2');
const spec = parseSpecText(text);
console.log(explain(compileSpec(spec).plan)); // JSD: jsd-discriminator (adversarial), log[p(c|g)]: reparam-mc
// the quick run goes to a temporary folder; a full run takes the next free runs/infogan-ring-N
const { dir, report } = await trainSpec(
  spec,
  quick ? { out: join(mkdtempSync(join(tmpdir(), 'infogan-')), 'run') } : {},
);
const m = report.metrics;
console.log(
  `I(C;G) ≥ ${m.infogan_mi_bound.toFixed(3)} of log 8 = ${m.infogan_log_k.toFixed(3)}; code ↔ blob accuracy ${m.infogan_code_accuracy.toFixed(3)}; ${m.gan_modes_covered}/8 blobs covered; ${dir}/samples.svg`,
);
