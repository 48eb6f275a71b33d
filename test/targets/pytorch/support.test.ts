/** What the PyTorch target refuses, and how it says so (no torch needed). */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/spec/compile.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import { pytorchProgram } from '../../../src/targets/pytorch/program.ts';
import { scratch, writeSpec } from '../../cli/run.ts';
import { runCli } from '../../../src/cli/commands.ts';
import { ESTIMATOR_MODULES } from '../../../src/estimators/registry.ts';
import { withEstimators } from '../../../src/estimators/index.ts';
import { add, div, encoder, H, Hcond, maximize, mul, sub, variable } from '../../../src/expr/index.ts';
import { plan } from '../../../src/plan/index.ts';
import { hasPytorchLowering, returns, TorchUnsupported } from '../../../src/targets/pytorch/lowering.ts';
import { pythonObjective } from '../../../src/targets/pytorch/objective.ts';
import { maxEntropy } from '../../estimators/fixtures/maxEntropy.ts';
import { requireTorchPython } from '../../../src/targets/pytorch/python.ts';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** ib-vib-mnist with I(X;Z) for its KL, pinned to InfoNCE, whose critic would read the Gaussian encoder's sample. */
function infonceSpec(): string {
  const text = readFileSync('specs/ib-vib-mnist.yaml', 'utf8').replace(
    /text: .*\n/,
    'text: "max E_x[log[p(y|z)]] − β·I(X;Z)"\n  pins: { "I(X;Z)": infonce }\n',
  );
  return writeSpec(scratch(), 'ib-infonce.yaml', text);
}

describe('--engine pytorch refuses what the target cannot lower', () => {
  it('check names the term and what its lowering does not handle, in one line', async () => {
    const r = await cli(['check', infonceSpec(), '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: .*ib-infonce\.yaml: objective: I\(X;Z\): a critic reading q's reparameterised sample \(gaussian encoders\)$/m,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("refuses MIGE's fixed Gaussian channel in one line: nothing to train, dI/dρ is tfjs' evaluation", async () => {
    const r = await cli(['check', 'specs/mige-correlated-d5.yaml', '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: specs\/mige-correlated-d5\.yaml: model\.encoders\[0\]\.net: a gaussian-channel with ρ fixed \(trainable: false\) has nothing to train: .*dI\/dρ/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("refuses a VRNN's parts as one network, in one line", async () => {
    const r = await cli(['check', 'specs/vrnn-sines.yaml', '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /model\.encoders: the VRNN \(q, prior, dec: one recurrent network's parts\) is not in the PyTorch target yet\n$/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('explain refuses a term its estimator does not lower, naming it; without --engine it explains', async () => {
    const spec = infonceSpec();
    const r = await cli(['explain', spec, '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("I(X;Z): a critic reading q's reparameterised sample");
    expect((await cli(['explain', spec])).code).toBe(0);
  });

  it('accepts the DMS specs, the critic bounds of CPC and DIM, MIGE, the GANs, the autoencoders, the bottlenecks, IIC with heads, co-training and multi-scale heads', async () => {
    for (const spec of [
      'dms-moons',
      'dms-blobs3',
      'cpc-mnist-halves',
      'dim-jsd-mnist',
      'mige-dim-mnist',
      'gan-ring',
      'iic-overcluster-moons',
      'iic-overcluster-blobs',
      'cotrain-mnist-halves',
      'nb-mim-cnn-mnist',
      'vae-mnist',
      'ae-mnist',
      'dae-mnist',
      'ib-vib-mnist',
      'ib-mige-mnist',
      'ib-deterministic-mnist-full',
      'infogan-ring',
    ].map((s) => `specs/${s}.yaml`))
      expect((await cli(['check', spec, '--engine', 'pytorch'])).code).toBe(0);
  });

  it('says in one line how to install torch when no python imports it', () => {
    expect(() => requireTorchPython(['/nonexistent/python3'])).toThrow(
      /^--engine pytorch: no python imports torch \(tried \/nonexistent\/python3\); install it with `apt-get install python3-torch`[^\n]*$/,
    );
  });

  it('every shipped estimator module has a PyTorch lowering or says what it is missing', () => {
    const unsaid = ESTIMATOR_MODULES.filter((m) => !m.pytorch).map((m) => m.name);
    expect(unsaid).toEqual([]);
    const lowered = ESTIMATOR_MODULES.filter((m) => m.pytorch && hasPytorchLowering(m.pytorch))
      .map((m) => m.name)
      .sort();
    expect(lowered).toEqual([
      'analytic-categorical',
      'analytic-gaussian',
      'ba',
      'bayes-ratio',
      'club',
      'decoder-likelihood',
      'finite-difference-jacobian',
      'finite-difference-jacobian-logits',
      'flo',
      'identically-zero',
      'infonce',
      'jsd-critic',
      'jsd-discriminator',
      'l1out',
      'label-counts',
      'mige',
      'mine',
      'mine-f',
      'minibatch-mean',
      'nwj',
      'paired-plugin',
      'plugin-minibatch',
      'plugin-theorem2',
      'reparam-mc',
      'smile',
      'tuba',
    ]);
  });
});

describe('an estimator module added with its PyTorch lowering', () => {
  const [X, Z] = [variable('X'), variable('Z')];
  const L = encoder(Z, X, { family: 'categorical', model: 'L', size: 6 });
  const objective = maximize(sub(H(Z, L), Hcond(Z, X, L)));

  it('is refused without one, naming the term and the estimator', () => {
    const p = plan(objective, { estimators: withEstimators([maxEntropy]) });
    expect(() => pythonObjective(p)).toThrow(TorchUnsupported);
    expect(() => pythonObjective(p)).toThrow(/^H\(Z\): its estimator max-entropy has no PyTorch lowering$/);
  });

  it('is lowered by its own pytorch field', () => {
    const withLowering = {
      ...maxEntropy,
      pytorch: { equation: 'H(Z) ≤ log K', lower: () => returns('max_entropy', 'torch.tensor(math.log(6))') },
    };
    const python = pythonObjective(plan(objective, { estimators: withEstimators([withLowering]) }));
    expect(python.functions[0]).toContain('def max_entropy(b):');
    expect(python.functions[0]).toContain('max-entropy: H(Z) ≤ log K.');
    expect(python.body).toEqual(['return max_entropy(b) - conditional_entropy_L(b)']);
    expect(python.terms).toEqual([
      { key: 'H(Z)', call: 'max_entropy(b)' },
      { key: 'H(Z|X)', call: 'conditional_entropy_L(b)' },
    ]);
  });

  it("is written with the parentheses that keep the tree's order of evaluation, and no others", () => {
    const withLowering = {
      ...maxEntropy,
      pytorch: { equation: 'H(Z) ≤ log K', lower: () => returns('max_entropy', 'torch.tensor(math.log(6))') },
    };
    const [h, hc] = [H(Z, L), Hcond(Z, X, L)];
    const nested = maximize(add(sub(h, add(hc, div(h, mul(2, hc)))), mul(div(h, 2), 3)));
    const python = pythonObjective(plan(nested, { estimators: withEstimators([withLowering]) }));
    expect(python.body.at(-1)).toBe(
      'return max_entropy(b) - (conditional_entropy_L(b) + max_entropy(b) / (2 * conditional_entropy_L(b))) + max_entropy(b) / 2 * 3',
    );
  });
});

describe('the generated program', () => {
  const program = (name: string) => pytorchProgram(compileSpec(loadSpec(`specs/${name}.yaml`)), 'data');

  it('is valid Python for every spec the target supports', () => {
    const dir = scratch();
    for (const name of [
      'dms-moons',
      'dms-blobs3',
      'dms-circles',
      'rim-moons',
      'cpc-mnist-halves',
      'dim-jsd-mnist',
      'mige-dim-mnist',
      'iic-overcluster-moons',
      'cotrain-mnist-halves',
      'nb-mim-cnn-mnist',
      'vae-mnist',
      'dae-mnist',
      'ib-vib-mnist',
      'infogan-ring',
    ]) {
      const file = join(dir, `${name}.py`);
      writeFileSync(file, program(name));
      const r = spawnSync(
        'python3',
        ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file],
        {
          encoding: 'utf8',
        },
      );
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    }
  });

  it('writes DMS Eq. 5 with its ratios named and every expectation a global mean', () => {
    const text = program('dms-moons');
    expect(text).toContain('    t1 = b.output("L") / marginal_L(b) + 1e-7\n');
    expect(text).toContain('    t2 = (1 - b.output("L")) / (1 - marginal_L(b)) + 1e-7\n');
    expect(text).toContain(
      '    return 0.5 * global_mean(t1 * torch.log(1 + t2 / t1)) + 0.5 * global_mean(t2 * torch.log(1 + t1 / t2)) + HYPERS["β"] * smoothness_L(b)\n',
    );
    expect(text).toMatch(/def marginal_L\(b\):\n.*\n {4}return b\.marginal\("L"\)\[1\]\n/);
  });

  it('puts the stop-gradient of Theorem 2 inside the log of H(Z), and none in the plug-in marginals of DMS', () => {
    expect(program('rim-moons')).toContain('-(b.marginal("L") * torch.log(b.marginal("L").detach() + EPS)).sum()');
    expect(program('dms-moons')).not.toContain('.detach()\n');
  });
});
