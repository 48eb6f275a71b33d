/** `model.heads: multiscale` in a spec: the trainer adds the heads' loss to the objective (Neural Bayes Appendix E). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSpecText, SpecError } from '../../src/spec/index.ts';
import { trainSpec } from '../../src/run/run.ts';

const spec = (net: string, heads: string) => `name: tiny-multiscale
seed: 1
data: { kind: mnist, n: 120 }
model:
  encoders:
    - { name: L, family: categorical, size: 4, net: ${net} }
  heads: ${heads}
objective: { preset: mim-v2, hypers: { α: 1, β: 1 } }
train: { optimizer: adam, lr: 0.001, batch: 42, epochs: 1 }
eval: { metrics: [] }
`;
const cnn = '{ kind: cnn-mnist, widthScale: 0.05 }';
const out = () => join(mkdtempSync(join(tmpdir(), 'nb-ms-')), 'run');

it('a CNN spec with heads: multiscale trains with the eight heads added to MIM-v2', async () => {
  const lines: string[] = [];
  const withHeads = await trainSpec(parseSpecText(spec(cnn, 'multiscale')), {
    out: out(),
    log: (l) => lines.push(l),
    progress: false,
  });
  const without = await trainSpec(parseSpecText(spec(cnn, 'output')), { out: out() });
  expect(lines).toContain('multi-scale heads on L: h0, P(h0), h1, P(h1), h2, P(h2), h3, P(h3)');
  const [a, b] = [withHeads.report.history[0].loss, without.report.history[0].loss];
  expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
  expect(a).toBeGreaterThan(b); // each head adds −E Σ L log L ≥ 0 and (1 + α)·R_p > 0
});

it('heads: multiscale on a network without spatial hidden layers is a spec error at model.heads', async () => {
  const error = await trainSpec(parseSpecText(spec('{ kind: mlp, hidden: [8] }', 'multiscale')), { out: out() }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  expect((error as SpecError).message).toMatch(/^model\.heads: multiscale needs hidden layers with a spatial extent/);
});
