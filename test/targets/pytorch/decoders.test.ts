/**
 * The PyTorch target's networks that read another encoder's sample (a decoder p(x|z), a classifier p(y|z)) and their
 * log-densities per sample (reparam-mc), and CLUB and L1Out over the all-gathered batch: the program as written, CLUB
 * and L1Out against tfjs on one update, and 2 processes × B/2 against 1 × B. The shipped specs' agreement with tfjs on
 * one update is equivalence.test.ts' (every shipped spec the target supports). Skipped, saying why, when
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
import type { Spec } from '../../../src/spec/schema.ts';
import {
  expectAgreement,
  gaussianEncoderNoise,
  oneUpdate,
  python,
  relativeError,
  small,
  title,
  torch,
} from './harness.ts';

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

/** ib-vib-mnist made small, with I(X;Z) for its KL term, pinned to CLUB or L1Out. */
const bottleneck = (bound: 'club' | 'l1out', batch: number): Spec =>
  small('specs/ib-vib-mnist.yaml', 200, batch, 1, {
    text: 'max E_x[log[p(y|z)]] − β·I(X;Z)',
    hypers: { β: 0.5 },
    pins: { 'I(X;Z)': bound },
  });

// float32 tolerances, as equivalence.test.ts' (sums in another order; the bounds' log-mean-exp over the batch)
const LOSS_TOLERANCE = 1e-4;
const GRADIENT_TOLERANCE = 1e-3;

describe.skipIf(!torch)(title('CLUB and L1Out against the tfjs lowering'), () => {
  for (const bound of ['club', 'l1out'] as const)
    it(`${bound}: the loss, every estimated term and every parameter gradient of one update agree`, async () => {
      const compiled = compileSpec(bottleneck(bound, 50));
      expect(compiled.plan.terms.map((t) => t.estimator)).toContain(bound);
      expectAgreement(await oneUpdate(compiled, { draws: gaussianEncoderNoise }), {
        loss: LOSS_TOLERANCE,
        gradient: GRADIENT_TOLERANCE,
        floor: 1e-6,
      });
    });
});

describe.skipIf(!torch)(title('2 processes × batch B/2 reproduce 1 process × batch B'), () => {
  const cases: [string, Spec, string[]][] = [
    ['vae-mnist', small('specs/vae-mnist.yaml', 200, 40, 1), ['log[p(x|z)]', 'KL(p(z|x) ‖ N(z))']],
    // CLUB reads every process's μ, log σ² (all-gathered with their gradient) at this process's z
    ['ib-vib-mnist with CLUB', bottleneck('club', 40), ['log[p(y|z)]', 'I(X;Z)']],
  ];
  for (const [name, spec, keys] of cases)
    it(`${name}: the parameters and the term means after 5 steps agree (float64)`, async () => {
      const dir = scratch();
      const program = join(dir, 'train.py');
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
      expect(Object.keys(termsOne)).toEqual(keys);
      for (const key of keys) {
        expect(Number.isFinite(termsOne[key]), key).toBe(true);
        expect(relativeError([termsTwo[key]], [termsOne[key]]), key).toBeLessThan(1e-6);
      }
    });
});
