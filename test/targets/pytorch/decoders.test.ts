/**
 * The PyTorch target's networks that read another encoder's sample (a decoder p(x|z), a classifier p(y|z)) and their
 * log-densities per sample (reparam-mc): the program as written, and 2 processes × B/2 against 1 × B. Their agreement
 * with tfjs on one update is equivalence.test.ts' (every shipped spec the target supports). Skipped, saying why, when
 * no python imports torch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { scratch } from '../../cli/run.ts';
import { python, relativeError, small, title, torch } from './harness.ts';

describe('a decoder of an encoder’s sample in the generated program', () => {
  const program = (name: string) => pytorchProgram(compileSpec(loadSpec(`specs/${name}.yaml`)), 'data');

  it('reads z as the encoder’s reparameterised sample, and averages log p(x|z) per sample over the minibatch', () => {
    const text = program('vae-mnist');
    expect(text).toContain('SAMPLED = {"Z": "q"}');
    expect(text).toMatch(/def log_likelihood_dec\(b\):\n.*\n {4}return log_likelihood\(b, "dec", "X"\)\n/);
    expect(text).toContain('    return global_mean(log_likelihood_dec(b)) - kl_q(b)\n');
    // the term is reported as its mean over the minibatch, as the tfjs lowering reports a per-sample term
    expect(text).toContain('return [global_mean(log_likelihood_dec(b)), kl_q(b)]');
  });

  it('reads a classifier at the observed labels, on a deterministic code', () => {
    const text = program('ib-deterministic-mnist-full');
    expect(text).toContain('SAMPLED = {"Z": "q"}');
    expect(text).toContain('    return global_mean(log_likelihood_clf(b))\n');
  });
});

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  it('vae-mnist: the parameters and the term means after 5 steps agree (float64)', async () => {
    const dir = scratch();
    const program = join(dir, 'train.py');
    const spec = small('specs/vae-mnist.yaml', 200, 40, 1);
    writeFileSync(program, await generatePytorch(spec, join(dir, 'data')));
    const run = (nproc: number) =>
      python([program, '--out', join(dir, `nproc-${nproc}`), '--nproc', String(nproc), '--dtype', 'float64']);
    run(1);
    run(2);
    const [one, two] = [1, 2].map((n) => loadCheckpoint(listCheckpoints(join(dir, `nproc-${n}`))[0]));
    expect(one.epoch).toBe(1);
    expect(two.epoch).toBe(1);
    // float64: the processes' sums differ in order only (≈ 1e-15 relative), far below a checkpoint's float32 (≈ 6e-8)
    one.networks.forEach((w, i) =>
      expect(relativeError(two.networks[i].dataSync(), w.dataSync()), `tensor ${i}`).toBeLessThan(1e-6),
    );
    const history = (n: number) => JSON.parse(readFileSync(join(dir, `nproc-${n}`, 'report.json'), 'utf8')).history;
    const [termsOne, termsTwo] = [history(1)[0].terms, history(2)[0].terms];
    expect(Object.keys(termsOne)).toEqual(['log[p(x|z)]', 'KL(p(z|x) ‖ N(z))']);
    for (const key of Object.keys(termsOne)) {
      expect(Number.isFinite(termsOne[key]), key).toBe(true);
      expect(relativeError([termsTwo[key]], [termsOne[key]]), key).toBeLessThan(1e-6);
    }
  });
});
